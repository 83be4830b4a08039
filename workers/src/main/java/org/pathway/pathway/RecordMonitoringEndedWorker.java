package org.pathway.pathway;

import static org.pathway.model.PathwayModel.Vars.PATIENT_ID;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.time.Instant;
import org.pathway.model.PathwayModel;
import org.pathway.store.AuditLog;
import org.pathway.store.PatientRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The patient's monitoring pathway completed, open episodes included (the process's end listener):
 * recorded on the patient, so that whoever sends a result or an observation afterwards is told that
 * it is stored but no longer assessed, and audited. Not called when an operator cancels the instance.
 */
@Component
public class RecordMonitoringEndedWorker {

  private final PatientRepository patients;
  private final AuditLog audit;
  private final Clock clock;
  private final TransactionTemplate transaction;

  public RecordMonitoringEndedWorker(
      PatientRepository patients, AuditLog audit, Clock clock, TransactionTemplate transaction) {
    this.patients = patients;
    this.audit = audit;
    this.clock = clock;
    this.transaction = transaction;
  }

  @JobWorker(type = PathwayModel.JobTypes.RECORD_MONITORING_ENDED, fetchVariables = PATIENT_ID)
  public void record(ActivatedJob job) {
    String patientId = new JobVariables(job).string(PATIENT_ID);
    Instant now = clock.instant();
    // recorded and audited together, so that a retried job neither loses nor repeats the entry
    transaction.executeWithoutResult(status -> {
      if (patients.markMonitoringEnded(patientId, now)) {
        audit.append(new AuditLog.Event(now, "pathway", null, "monitoring.ended", "patient/" + patientId,
            patientId, "SUCCESS", "job-" + job.getKey(),
            "The monitoring pathway completed; results and observations sent from now on are stored, not assessed"));
      }
    });
  }
}
