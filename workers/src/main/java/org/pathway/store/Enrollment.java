package org.pathway.store;

import java.time.Instant;
import org.pathway.clinical.Patient;

/**
 * A patient on the pathway: who, on which ward, since when, which process instance runs, and when
 * that instance completed (null while it runs): from then on nothing assesses what arrives.
 */
public record Enrollment(
    Patient patient, String ward, int monitoringDays, Instant enrolledAt, Long processInstanceKey,
    Instant monitoringEndedAt) {

  /**
   * What a sender is told of a result or observation stored after the pathway completed; null while
   * it runs.
   */
  public String notAssessed() {
    return monitoringEndedAt == null ? null
        : "stored, not assessed: the monitoring pathway of patient '" + patient.id() + "' completed at "
            + monitoringEndedAt + "; nothing grades it or puts it in front of a clinician";
  }
}
