package org.pathway.store;

import java.time.Instant;
import java.util.List;

/**
 * One stored assessment: the audit of why the pathway decided what it did on a day.
 * {@code retractedResults}: identifiers of results it may have used that were retracted since (for
 * the physician's review); empty when it was recorded. {@code labsRead}: how many of the patient's
 * stored lab rows it read (null before V10); {@code resultsRead}: those of them new since the
 * assessment before (identifier, version, status, time), so what changed between two is exact.
 */
public record AssessmentRecord(
    String patientId,
    long processInstanceKey,
    long elementInstanceKey,
    int dayPostInfusion,
    Instant assessedAt,
    String decisionId,
    String rulesVersion,
    boolean suspected,
    int labsSeen,
    List<String> findings,
    List<String> reasons,
    String inputsJson,
    String outputsJson,
    boolean reviewRaised,
    List<String> retractedResults,
    Integer labsRead,
    List<String> resultsRead) {}
