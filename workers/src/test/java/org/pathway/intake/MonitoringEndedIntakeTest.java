package org.pathway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.MessageIntent;
import io.camunda.zeebe.protocol.record.value.MessageRecordValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.api.security.Role;
import org.pathway.model.PathwayModel;
import org.pathway.store.AssessmentRepository;
import org.pathway.store.AuditLog;
import org.pathway.store.LabResultRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * What arrives after a patient's pathway completed is stored, and every door tells its sender that
 * nothing assesses it any more (lab results as JSON and FHIR, bedside observations, home readings);
 * the patient's view says since when. Before, a day-30 result was answered as any other and
 * silently never assessed.
 */
class MonitoringEndedIntakeTest extends PathwayTestSupport {

  @Autowired AssessmentRepository assessments;
  @Autowired LabResultRepository labs;
  @Autowired AuditLog audit;

  @Test
  void resultsAfterThePathwayCompletedAreStoredAndTheSenderIsToldTheyAreNotAssessed() {
    String patient = "END-1";
    // infused 2 days ago with a 1-day monitoring period: the baseline draw is the only one
    Map<String, Object> p = patient(patient, now().minus(Duration.ofDays(2)));
    p.put("monitoringDays", 1);
    long instance = processInstanceKey(enroll(p));
    complete(awaitOpenTask(patient, "draw-daily-labs").get("key"), labsDrawn());
    ResponseEntity<Map<String, Object>> during =
        postLabs(patient, List.of(lab(now().minusSeconds(60), "2276-4", 200, "ng/mL", null, 300)));
    assertThat(during.getBody()).doesNotContainKey("warning");
    await().atMost(WAIT).until(() -> assessments.findByPatient(patient).size() == 1);
    assertThat(patientView(patient)).containsEntry("monitoringEndedAt", null);

    Instant closes = awaitTimer(instance, "next-draw-due");
    advance(Duration.between(now(), closes).plusMinutes(1));
    await().atMost(WAIT).until(() -> completions(instance, PathwayModel.MONITORING_PROCESS_ID) == 1);
    String endedAt = await().atMost(WAIT)
        .until(() -> (String) patientView(patient).get("monitoringEndedAt"), java.util.Objects::nonNull);
    assertThat(audit.find(patient, Instant.EPOCH, now().plus(Duration.ofDays(365))))
        .filteredOn(e -> e.event().action().equals("monitoring.ended")).hasSize(1);
    long wakeUpsBefore = labWakeUps(patient);

    ResponseEntity<Map<String, Object>> json =
        postLabs(patient, List.of(lab(now().minusSeconds(60), "2276-4", 9000, "ng/mL", null, 300)));
    assertThat(json.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(json.getBody()).containsEntry("stored", 1);
    assertThat((String) json.getBody().get("warning")).contains("not assessed", patient, endedAt);

    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("application/fhir+json"));
    ResponseEntity<String> fhir = as(Role.INTEGRATION).exchange("/api/v1/fhir/Observation", HttpMethod.POST,
        new HttpEntity<>(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(
            FhirIntakeTest.observation(patient, "end-1-b", "2276-4", "12000", "ng/mL", now().minusSeconds(30), "final")),
            headers), String.class);
    assertThat(fhir.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(fhir.getBody()).contains("\"severity\":\"warning\"", FhirObservations.MONITORING_ENDED, endedAt);

    ResponseEntity<Map<String, Object>> vitals = http.exchange("/api/v1/patients/" + patient + "/vitals",
        HttpMethod.POST, new HttpEntity<>(Map.of("vitals", List.of(vitals(39.6, "NONE", null)))), JSON);
    assertThat(vitals.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat((String) vitals.getBody().get("warning")).contains("not assessed", endedAt);

    ResponseEntity<Map<String, Object>> home = as(Role.INTEGRATION).exchange(
        "/api/v1/patients/" + patient + "/home-readings", HttpMethod.POST,
        new HttpEntity<>(Map.of("homeReadings", List.of(Map.of("at", now().minusSeconds(300).toString(), "spo2", 88)))),
        JSON);
    assertThat(home.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(home.getBody()).containsEntry("stored", 1);
    assertThat((String) home.getBody().get("warning")).contains("not assessed", endedAt);

    // the warnings are true: the wake-ups reached the engine and nothing assessed the results
    await().atMost(WAIT).until(() -> labWakeUps(patient) > wakeUpsBefore);
    engine.waitForIdleState(IDLE);
    assertThat(labs.history(patient)).hasSize(3);
    assertThat(assessments.findByPatient(patient)).hasSize(1);
  }

  private Map<String, Object> patientView(String id) {
    return http.exchange("/api/v1/patients/" + id, HttpMethod.GET, null, JSON).getBody();
  }

  private long labWakeUps(String patient) {
    return records()
        .filter(r -> r.getValueType() == ValueType.MESSAGE && r.getIntent() == MessageIntent.PUBLISHED)
        .map(r -> (MessageRecordValue) r.getValue())
        .filter(m -> m.getName().equals(PathwayModel.Messages.LAB_RESULTS_RECEIVED))
        .filter(m -> m.getCorrelationKey().equals(patient))
        .count();
  }
}
