package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.jobhandling.JobWorkerManager;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.store.AssessmentRepository;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A worker that dies mid-job: it has done the job's work (the assessment is stored) but never
 * reports back, as when its process is killed. The engine hands the job out again when its timeout
 * passes; the service's worker completes it, and the work is not done twice.
 */
class WorkerCrashTest extends PathwayTestSupport {

  @Autowired JobWorkerManager workers;
  @Autowired CamundaClient camunda;
  @Autowired RecordAssessmentWorker recordAssessment;
  @Autowired AssessmentRepository assessments;


  /** Opens the service's workers of these types, as the service does at start. */
  private void openServiceWorkers(List<String> types) {
    for (String type : types) {
      workers.openWorker(camunda, workers.findJobWorkerConfigByType(type).orElseThrow());
    }
  }

  @Test
  void aJobWhoseWorkerDiedIsHandedOutAgainAndItsWorkIsDoneOnce() throws Exception {
    Instant infusion = now().minus(Duration.ofDays(12)).minus(Duration.ofHours(2));
    enroll(patient("CRASH-1", infusion));
    awaitOpenTask("CRASH-1", "draw-daily-labs");

    List<String> others = new ArrayList<>(org.pathway.ModelConstants.of(PathwayModel.JobTypes.class));
    others.remove(PathwayModel.JobTypes.RECORD_ASSESSMENT);
    CountDownLatch workDone = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong jobKey = new AtomicLong();
    boolean reopened = false;
    workers.closeAllOpenWorkers();
    CamundaClient doomed =
        CamundaClient.newClientBuilder()
            .grpcAddress(URI.create("http://" + engine.gatewayAddress()))
            .preferRestOverGrpc(false)
            .build();
    try {
      openServiceWorkers(others);
      // the worker that will die takes the assessment job (one at a time, a short timeout), does
      // the work and then never answers, as a killed process would not
      doomed.newWorker()
          .jobType(PathwayModel.JobTypes.RECORD_ASSESSMENT)
          .handler((client, job) -> {
            recordAssessment.record(job);
            jobKey.set(job.getKey());
            workDone.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt(); // still no answer to the engine
            }
          })
          .maxJobsActive(1)
          .timeout(Duration.ofSeconds(2))
          .open();
      postLabs("CRASH-1", tc07Labs(infusion, now().minusSeconds(600)));
      assertThat(workDone.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(assessments.findByPatient("CRASH-1")).hasSize(1);
      // the service's worker comes back; a timed-out job reaches it by its fall-back poll (not
      // pushed), every 30 s in the service: this worker polls every second to keep the test short
      var config = workers.findJobWorkerConfigByType(PathwayModel.JobTypes.RECORD_ASSESSMENT).orElseThrow();
      Duration poll = config.getPollInterval();
      config.setPollInterval(Duration.ofSeconds(1));
      try {
        workers.openWorker(camunda, config);
        reopened = true;
      } finally {
        config.setPollInterval(poll);
      }
      // after the timeout the engine hands the job to the service's worker, which completes it
      awaitOpenTask("CRASH-1", "review-suspected-iec-hs");
    } finally {
      release.countDown();
      doomed.close();
      if (!reopened) {
        openServiceWorkers(List.of(PathwayModel.JobTypes.RECORD_ASSESSMENT)); // failed before it
      }
    }

    List<JobRecordValue> completed =
        records()
            .filter(r -> r.getValueType() == ValueType.JOB && r.getIntent() == JobIntent.COMPLETED)
            .filter(r -> r.getKey() == jobKey.get())
            .map(r -> (JobRecordValue) r.getValue())
            .toList();
    assertThat(completed).hasSize(1);
    assertThat(
            records()
                .filter(r -> r.getValueType() == ValueType.JOB && r.getKey() == jobKey.get())
                .map(r -> r.getRecordType() + " " + r.getIntent())
                .toList())
        .as("the engine took the job back from the dead worker and completed it once")
        .containsSubsequence("EVENT TIMED_OUT", "EVENT COMPLETED");
    // stored once, though done twice
    assertThat(assessments.findByPatient("CRASH-1")).hasSize(1);
  }
}
