package org.pathway.store;

import java.time.Instant;
import java.util.List;

/**
 * One stored assessment: the audit of why the pathway decided what it did on a day.
 * {@code retractedResults}: identifiers of results it may have used that were retracted since (for
 * the physician's review); empty when it was recorded.
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
    List<String> retractedResults) {}
