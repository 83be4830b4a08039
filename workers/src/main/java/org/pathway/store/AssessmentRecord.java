package org.pathway.store;

import java.time.Instant;
import java.util.List;

/** One stored assessment: the audit of why the pathway decided what it did on a day. */
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
    boolean reviewRaised) {}
