package org.pathway.store;

import java.time.Instant;
import org.pathway.clinical.Patient;

/** A patient on the pathway: who, on which ward, since when, and which process instance runs. */
public record Enrollment(
    Patient patient, String ward, int monitoringDays, Instant enrolledAt, Long processInstanceKey) {}
