package org.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pathway.api.security.Role;
import org.pathway.intake.IntakeMeters;
import org.pathway.pathway.RecordAssessmentWorker;
import org.pathway.store.AuditLog;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Operations signals over HTTP: the meters (manager only), the health groups (status for anyone,
 * details by role) and the request id in the log lines.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperationsSignalsTest extends PathwayTestSupport {

  @Autowired LoggingSystem logging;

  private TestRestTemplate manager() {
    return as(Role.MANAGER);
  }

  /** A meter's first measurement (a counter's count, a gauge's value); 0 when no meter matches. */
  private double measure(String name, String... tags) {
    StringBuilder path = new StringBuilder("/actuator/metrics/" + name);
    for (int i = 0; i < tags.length; i++) {
      path.append(i == 0 ? '?' : '&').append("tag=").append(tags[i]);
    }
    ResponseEntity<JsonNode> answer = manager().getForEntity(path.toString(), JsonNode.class);
    if (answer.getStatusCode() == HttpStatus.NOT_FOUND) {
      return 0;
    }
    assertThat(answer.getStatusCode()).as(path.toString()).isEqualTo(HttpStatus.OK);
    return answer.getBody().at("/measurements/0/value").asDouble();
  }

  private List<String> meterNames() {
    JsonNode names = manager().getForObject("/actuator/metrics", JsonNode.class).get("names");
    return StreamSupport.stream(names.spliterator(), false).map(JsonNode::asText).toList();
  }

  @Test
  void theMetersAreForTheManagerOnly() {
    for (String path : List.of("/actuator/metrics", "/actuator/metrics/pathway.audit.appends", "/actuator/prometheus")) {
      assertThat(anonymous.getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(as(Role.NURSE).getForEntity(path, String.class).getStatusCode()).as(path)
          .isEqualTo(HttpStatus.FORBIDDEN);
    }
    enroll(patient("OPS-METERS", now().minus(Duration.ofDays(2))));
    awaitOpenTask("OPS-METERS", "draw-daily-labs");
    // what a Prometheus server scrapes: the text format, the same meters under Prometheus names
    var scrape = manager().getForEntity("/actuator/prometheus", String.class);
    assertThat(scrape.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(scrape.getHeaders().getContentType().toString()).startsWith("text/plain");
    assertThat(scrape.getBody())
        .containsPattern("(?m)^camunda_job_invocations_total\\{.*action=\"activated\".*\\} [1-9]")
        .containsPattern("(?m)^pathway_user_tasks_open\\{elementId=\"draw-daily-labs\"\\} [1-9]")
        .contains("pathway_audit_appends_total", "pathway_outbox_depth", "pathway_outbox_oldest_age_seconds");
    // no patient id in any series the service records (http_client_requests is this test's own
    // client, instrumented in the same JVM)
    assertThat(scrape.getBody().lines().filter(l -> !l.startsWith("http_client_requests")))
        .noneMatch(l -> l.contains("OPS-METERS"));
    // the Camunda client's job worker counters (tags action, type) beside the pathway's own
    assertThat(meterNames()).contains("camunda.job.invocations", AuditLog.APPENDS,
        OperationsGauges.OUTBOX_DEPTH, OperationsGauges.OUTBOX_OLDEST_AGE,
        OperationsGauges.TASKS_OPEN, OperationsGauges.TASKS_OVERDUE);
    assertThat(measure("camunda.job.invocations", "action:activated")).isPositive();
    assertThat(measure(OperationsGauges.TASKS_OPEN, "elementId:draw-daily-labs")).isGreaterThanOrEqualTo(1);
    assertThat(measure(OperationsGauges.TASKS_OVERDUE, "elementId:draw-daily-labs")).isGreaterThanOrEqualTo(0);
    assertThat(measure(OperationsGauges.OUTBOX_DEPTH)).isGreaterThanOrEqualTo(0);
    assertThat(measure(OperationsGauges.OUTBOX_OLDEST_AGE)).isGreaterThanOrEqualTo(0);
  }

  @Test
  void resultsAreCountedAsReceivedOrRejectedByReasonAndTheirAssessmentAndAuditToo() {
    enroll(patient("OPS-LABS", now().minus(Duration.ofDays(3))));
    double received = measure(IntakeMeters.RECEIVED, "door:json");
    double unknownPatient = measure(IntakeMeters.REJECTED, "door:json", "reason:not-found");
    double futureTime = measure(IntakeMeters.REJECTED, "door:fhir", "reason:value");
    double fhirReceived = measure(IntakeMeters.RECEIVED, "door:fhir");
    double assessed = measure(RecordAssessmentWorker.ASSESSMENTS);
    double appended = measure(AuditLog.APPENDS);

    assertThat(postLabs("OPS-LABS", List.of(lab(now().minusSeconds(60), "2276-4", 200, "ng/mL", null, 300)))
        .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(postLabs("OPS-NOBODY", List.of(lab(now().minusSeconds(60), "2276-4", 200, "ng/mL", null, 300)))
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(postFhir(observation("OPS-F1", now().minusSeconds(600))).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    assertThat(postFhir(observation("OPS-F2", now().plus(Duration.ofDays(1)))).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);

    assertThat(measure(IntakeMeters.RECEIVED, "door:json")).isEqualTo(received + 1);
    assertThat(measure(IntakeMeters.RECEIVED, "door:fhir")).isEqualTo(fhirReceived + 1);
    assertThat(measure(IntakeMeters.REJECTED, "door:json", "reason:not-found")).isEqualTo(unknownPatient + 1);
    assertThat(measure(IntakeMeters.REJECTED, "door:fhir", "reason:value")).isEqualTo(futureTime + 1);
    await().atMost(WAIT).until(() -> measure(RecordAssessmentWorker.ASSESSMENTS, "suspected:false") > 0
        && measure(RecordAssessmentWorker.ASSESSMENTS) > assessed);
    assertThat(measure(AuditLog.APPENDS)).isGreaterThan(appended);
  }

  private String observation(String id, Instant at) {
    return """
        {"resourceType":"Observation","status":"final",
         "identifier":[{"system":"urn:oid:1.2.3.4.lab","value":"%s"}],
         "subject":{"identifier":{"value":"OPS-LABS"}},
         "code":{"coding":[{"system":"http://loinc.org","code":"2276-4"}]},
         "valueQuantity":{"value":250,"system":"http://unitsofmeasure.org","code":"ng/mL"},
         "effectiveDateTime":"%s"}
        """.formatted(id, at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  private ResponseEntity<String> postFhir(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("application/fhir+json"));
    return as(Role.INTEGRATION).exchange("/api/v1/fhir/Observation", HttpMethod.POST,
        new HttpEntity<>(body, headers), String.class);
  }

  @Test
  void probesAnswerAnyoneWithTheStatusAndTheDetailsOnlyByRole() {
    for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
      for (TestRestTemplate caller : List.of(anonymous, as(Role.NURSE))) {
        ResponseEntity<JsonNode> answer = caller.getForEntity(path, JsonNode.class);
        assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("status").asText()).as(path).isEqualTo("UP");
        assertThat(answer.getBody().has("components")).as(path).isFalse();
      }
    }
    // ./pathway's smoke test and the compose health check read the start of the body
    assertThat(anonymous.getForObject("/actuator/health", String.class)).startsWith("{\"status\":\"UP\"");

    JsonNode readiness = manager().getForObject("/actuator/health/readiness", JsonNode.class).get("components");
    assertThat(readiness.fieldNames()).toIterable()
        .containsExactlyInAnyOrder("readinessState", "engine", "models", "db");
    JsonNode liveness = as(Role.MODELER).getForObject("/actuator/health/liveness", JsonNode.class).get("components");
    assertThat(liveness.fieldNames()).toIterable().containsExactly("livenessState");
  }

  @Test
  void everyLogLineOfARequestCarriesItsRequestId(CapturedOutput output) {
    // a line every request writes once asked: the security filter's, inside the request id filter
    String security = "org.springframework.security.web.FilterChainProxy";
    logging.setLogLevel(security, LogLevel.DEBUG);
    try {
      HttpHeaders headers = new HttpHeaders();
      headers.set("X-Request-Id", "ops-log-7f3a");
      ResponseEntity<String> answer = anonymous.exchange(
          "/actuator/health/liveness", HttpMethod.GET, new HttpEntity<>(headers), String.class);
      assertThat(answer.getHeaders().getFirst("X-Request-Id")).isEqualTo("ops-log-7f3a");
      assertThat(output.getOut().lines().filter(l -> l.contains("Securing GET /actuator/health/liveness")))
          .isNotEmpty()
          .allSatisfy(l -> assertThat(l).contains("[ops-log-7f3a]"));
    } finally {
      logging.setLogLevel(security, null);
    }
    // without one the service makes one up, and echoes it
    String made = anonymous.getForEntity("/actuator/health", String.class).getHeaders().getFirst("X-Request-Id");
    assertThat(made).isNotBlank();
  }
}
