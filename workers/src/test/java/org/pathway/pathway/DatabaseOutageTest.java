package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pathway.DatabaseOutage;
import org.pathway.PathwayTestSupport;
import java.math.BigDecimal;
import org.pathway.clinical.LabResult;
import org.pathway.clinical.ReceivedLab;
import org.pathway.store.AssessmentRepository;
import org.pathway.store.LabResultRepository;
import org.pathway.store.PatientRepository;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The database goes away while the pathway assesses a delivery: the job fails with back-off and
 * a readable reason, and once the database is back the assessment is made, nothing lost.
 */
class DatabaseOutageTest extends PathwayTestSupport {

  @Autowired DataSource dataSource;
  @Autowired AssessmentRepository assessments;
  @Autowired PatientRepository patients;
  @Autowired CamundaClient camunda;
  @Autowired LabResultRepository labs;

  private DatabaseOutage outage() {
    return (DatabaseOutage) dataSource;
  }

  @AfterEach
  void databaseBack() {
    outage().end();
  }

  /** Enrolled, one delivery assessed; returns the pathway's process instance key. */
  private long assessedOnce(String patientId) {
    Instant infusion = now().minus(Duration.ofDays(3));
    enroll(patient(patientId, infusion));
    postLabs(patientId, List.of(lab(now().minusSeconds(900), "2276-4", 900, "ng/mL", null, 300)));
    await().atMost(WAIT).until(() -> assessments.findByPatient(patientId).size() == 1);
    return patients.find(patientId).orElseThrow().processInstanceKey();
  }

  /**
   * A result was stored and its message published (as intake and outbox do), and the database goes
   * down before the pathway's job reads it.
   */
  private void deliveryArrivesAsTheDatabaseGoesDown(String patientId, String messageId)
      throws ReceivedLab.Implausible {
    labs.insertIfNew(patientId,
        ReceivedLab.check(new LabResult("2276-4", new BigDecimal("1900"), "ng/mL", null, new BigDecimal("300"),
            now().minusSeconds(300))),
        null, "final", now());
    outage().begin();
    camunda.newPublishMessageCommand()
        .messageName(PathwayModel.Messages.LAB_RESULTS_RECEIVED)
        .correlationKey(patientId)
        .messageId(messageId)
        .variables(Map.of(PathwayModel.Vars.LAB_BATCH_ID, 0))
        .send()
        .join();
  }

  private List<Record<JobRecordValue>> failedJobs(long processInstanceKey) {
    return records()
        .filter(r -> r.getValueType() == ValueType.JOB && r.getIntent() == JobIntent.FAILED)
        .map(r -> (Record<JobRecordValue>) (Record<?>) r)
        .filter(r -> r.getValue().getProcessInstanceKey() == processInstanceKey)
        // other steps of the instance (a daily draw falling due) may meet the same outage
        .filter(r -> r.getValue().getType().equals(PathwayModel.JobTypes.ASSEMBLE_LAB_FEATURES))
        .toList();
  }

  private List<Record<IncidentRecordValue>> incidents(long processInstanceKey) {
    return records()
        .filter(r -> r.getValueType() == ValueType.INCIDENT && r.getIntent() == IncidentIntent.CREATED)
        .filter(r -> r.getRecordType() == RecordType.EVENT)
        .map(r -> (Record<IncidentRecordValue>) (Record<?>) r)
        .filter(r -> r.getValue().getProcessInstanceKey() == processInstanceKey)
        .filter(r -> r.getValue().getElementId().equals("assemble-lab-features"))
        .toList();
  }

  @Test
  void aShortOutageIsRiddenOutByBackOff() throws Exception {
    long instance = assessedOnce("DB-SHORT");
    deliveryArrivesAsTheDatabaseGoesDown("DB-SHORT", "outage-short");
    List<Record<JobRecordValue>> failed =
        await().atMost(WAIT).until(() -> failedJobs(instance), l -> !l.isEmpty());
    outage().end();

    JobRecordValue first = failed.getFirst().getValue();
    assertThat(first.getErrorMessage().lines().findFirst().orElseThrow()).contains("The pathway database is unavailable");
    assertThat(first.getRetries()).isEqualTo(2);
    assertThat(first.getRetryBackoff()).isEqualTo(1000L); // pathway.jobs.database-retry-backoff
    await().atMost(WAIT).until(() -> assessments.findByPatient("DB-SHORT").size() == 2);
    assertThat(incidents(instance)).isEmpty();
  }

  @Test
  void aLongOutageRaisesAReadableIncidentAndThePathwayContinuesWhenRetried() throws Exception {
    long instance = assessedOnce("DB-LONG");
    deliveryArrivesAsTheDatabaseGoesDown("DB-LONG", "outage-long");
    // three attempts, 1 s and 2 s apart, then an incident
    Record<IncidentRecordValue> incident =
        await().atMost(WAIT).until(() -> incidents(instance), l -> !l.isEmpty()).getFirst();
    assertThat(incident.getValue().getErrorMessage())
        .contains("The pathway database is unavailable")
        .contains("injected database outage", "retry the job");
    assertThat(failedJobs(instance)).extracting(r -> r.getValue().getRetryBackoff())
        .containsExactly(1000L, 2000L, 4000L);

    outage().end();
    assertThat(assessments.findByPatient("DB-LONG")).hasSize(1);
    // what an operator does in Operate: give the job a retry and resolve the incident
    camunda.newUpdateRetriesCommand(incident.getValue().getJobKey()).retries(1).send().join();
    camunda.newResolveIncidentCommand(incident.getKey()).send().join();
    await().atMost(WAIT).until(() -> assessments.findByPatient("DB-LONG").size() == 2);
  }
}
