package org.pathway.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Each role reaches what it needs and is refused, with a logged 403, what it must not. */
class AccessControlTest extends PathwayTestSupport {

  private static ResponseEntity<String> call(TestRestTemplate client, HttpMethod method, String path) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return client.exchange(path, method, new HttpEntity<>(method == HttpMethod.GET ? null : "{}", headers), String.class);
  }

  private List<JsonNode> audit(String patientId) {
    JsonNode all = http.getForObject("/api/v1/audit?patientId=" + patientId, JsonNode.class);
    return StreamSupport.stream(all.spliterator(), false).toList();
  }

  @Test
  void withoutCredentialsOnlyHealthIsOpen() {
    assertThat(anonymous.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(anonymous.getForEntity("/actuator/metrics", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    ResponseEntity<String> tasks = anonymous.getForEntity("/api/v1/tasks?patientId=AC-ANON", String.class);
    assertThat(tasks.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(tasks.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");
    assertThat(tasks.getHeaders().getContentType()).hasToString("application/problem+json");
    ResponseEntity<String> wrongPassword = anonymous.withBasicAuth("physician", "guess")
        .getForEntity("/api/v1/patients/AC-ANON", String.class);
    assertThat(wrongPassword.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(call(anonymous, HttpMethod.POST, "/api/v1/fhir").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(audit("AC-ANON")).anySatisfy(e -> {
      assertThat(e.at("/event/actor").asText()).isEqualTo("anonymous");
      assertThat(e.at("/event/outcome").asText()).isEqualTo("DENIED");
      assertThat(e.at("/event/detail").asText()).isEqualTo("HTTP 401");
    });
  }

  /**
   * FHIR capability discovery needs no credentials (it names no patient); every other FHIR request
   * does, and only the integration role gets the FHIR answer for an unsupported interaction.
   */
  @Test
  void onlyTheFhirCapabilityStatementIsOpen() {
    assertThat(call(anonymous, HttpMethod.GET, "/api/v1/fhir/metadata").getStatusCode()).isEqualTo(HttpStatus.OK);
    for (String path : List.of("/api/v1/fhir/Observation/1", "/api/v1/fhir/Patient/1", "/api/v1/fhir")) {
      assertThat(call(anonymous, HttpMethod.GET, path).getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
      for (Role role : List.of(Role.NURSE, Role.PHYSICIAN, Role.MANAGER, Role.MODELER)) {
        assertThat(call(as(role), HttpMethod.GET, path).getStatusCode()).as("%s %s", role, path)
            .isEqualTo(HttpStatus.FORBIDDEN);
      }
    }
    assertThat(call(anonymous, HttpMethod.POST, "/api/v1/fhir/metadata").getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(call(anonymous, HttpMethod.DELETE, "/api/v1/fhir/Observation/1").getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void eachRoleIsRefusedWhatItMustNotDoAndTheRefusalIsLogged() {
    enroll(patient("AC-1", now().minus(Duration.ofDays(3))));
    Map<Role, List<String>> refused = Map.of(
        Role.INTEGRATION, List.of("GET /api/v1/patients/AC-1", "GET /api/v1/patients/AC-1/timeline",
            "GET /api/v1/tasks?patientId=AC-1", "GET /api/v1/audit?patientId=AC-1",
            "POST /api/v1/patients", "POST /api/v1/evaluations", "GET /actuator/prometheus",
            "GET /api/v1/wards/H7/on-call", "GET /api/v1/pages/page-1", "POST /api/v1/pages/page-1/acknowledge"),
        Role.MANAGER, List.of("GET /api/v1/patients/AC-1", "GET /api/v1/patients/AC-1/timeline",
            "GET /api/v1/tasks?patientId=AC-1", "POST /api/v1/patients/AC-1/labs", "POST /api/v1/fhir",
            "POST /api/v1/evaluations", "POST /api/v1/pages/page-1/acknowledge"),
        Role.MODELER, List.of("GET /api/v1/patients/AC-1", "GET /api/v1/tasks?patientId=AC-1",
            "GET /api/v1/audit?patientId=AC-1", "POST /api/v1/patients/AC-1/labs", "POST /api/v1/fhir",
            "GET /actuator/metrics", "PUT /api/v1/wards/H7/on-call", "GET /api/v1/pages/page-1"),
        Role.NURSE, List.of("POST /api/v1/patients", "POST /api/v1/patients/AC-1/treatments",
            "POST /api/v1/patients/AC-1/labs", "GET /api/v1/audit?patientId=AC-1", "POST /api/v1/fhir",
            "POST /api/v1/evaluations", "GET /actuator/metrics/pathway.audit.appends",
            "PUT /api/v1/wards/H7/on-call", "POST /api/v1/pages/page-1/acknowledge"),
        Role.PHYSICIAN, List.of("POST /api/v1/fhir", "GET /actuator/env", "GET /api/v1/unknown",
            "GET /actuator/metrics", "GET /actuator/prometheus"));
    refused.forEach((role, requests) -> requests.forEach(r -> {
      String[] parts = r.split(" ");
      assertThat(call(as(role), HttpMethod.valueOf(parts[0]), parts[1]).getStatusCode())
          .as("%s: %s", role, r)
          .isEqualTo(HttpStatus.FORBIDDEN);
    }));
    // allowed through the door: the controller answers (a bad body is 400, not 403)
    assertThat(call(as(Role.MODELER), HttpMethod.POST, "/api/v1/evaluations").getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(call(as(Role.MANAGER), HttpMethod.GET, "/api/v1/audit?patientId=AC-1").getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(call(as(Role.MANAGER), HttpMethod.GET, "/actuator/metrics").getStatusCode())
        .isEqualTo(HttpStatus.OK);

    assertThat(audit("AC-1")).anySatisfy(e -> {
      assertThat(e.at("/event/actor").asText()).isEqualTo("integration");
      assertThat(e.at("/event/role").asText()).isEqualTo("integration");
      assertThat(e.at("/event/action").asText()).isEqualTo("GET /api/v1/patients/AC-1/timeline");
      assertThat(e.at("/event/outcome").asText()).isEqualTo("DENIED");
      assertThat(e.at("/event/detail").asText()).isEqualTo("HTTP 403");
    });
  }

  @Test
  void aNurseReachesOnlyTheOwnWardsPatientsAndTasks() {
    Instant infusion = now().minus(Duration.ofDays(2));
    enroll(patient("AC-OWN", infusion)); // ward H7, the nurse's
    Map<String, Object> elsewhere = patient("AC-OTHER", infusion);
    elsewhere.put("ward", "K2");
    enroll(elsewhere);
    awaitOpenTask("AC-OWN", "draw-daily-labs");
    awaitOpenTask("AC-OTHER", "draw-daily-labs");

    TestRestTemplate nurse = as(Role.NURSE);
    assertThat(call(nurse, HttpMethod.GET, "/api/v1/patients/AC-OWN").getStatusCode()).isEqualTo(HttpStatus.OK);
    ResponseEntity<String> other = call(nurse, HttpMethod.GET, "/api/v1/patients/AC-OTHER/timeline");
    assertThat(other.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(other.getBody()).contains("not on a ward of nurse");
    assertThat(call(nurse, HttpMethod.POST, "/api/v1/patients/AC-OTHER/vitals").getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(nurse.getForObject("/api/v1/tasks?patientId=AC-OTHER", List.class)).isEmpty();
    assertThat(nurse.getForObject("/api/v1/tasks?patientId=AC-OWN", List.class)).isNotEmpty();

    Object otherDraw = openTask("AC-OTHER", "draw-daily-labs").orElseThrow().get("key");
    assertThat(call(nurse, HttpMethod.POST, "/api/v1/tasks/" + otherDraw + "/complete").getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(openTask("AC-OTHER", "draw-daily-labs")).isPresent();
    assertThat(audit("AC-OTHER")).anySatisfy(e -> {
      assertThat(e.at("/event/actor").asText()).isEqualTo("nurse");
      assertThat(e.at("/event/action").asText()).isEqualTo("POST /api/v1/tasks/{key}/complete");
      assertThat(e.at("/event/outcome").asText()).isEqualTo("DENIED");
    });
  }

  @Test
  void onlyAMemberOfTheCandidateGroupCompletesATask() {
    enroll(patient("AC-GROUP", now().minus(Duration.ofDays(2))));
    Object draw = awaitOpenTask("AC-GROUP", "draw-daily-labs").get("key"); // for ward-nurses

    ResponseEntity<String> byPhysician = http.exchange("/api/v1/tasks/" + draw + "/complete",
        HttpMethod.POST, new HttpEntity<>(Map.of("variables", labsDrawn())), String.class);
    assertThat(byPhysician.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(byPhysician.getBody()).contains("[ward-nurses]", "physician is not a member");
    assertThat(openTask("AC-GROUP", "draw-daily-labs")).isPresent();

    ResponseEntity<Map<String, Object>> byNurse = as(Role.NURSE).exchange("/api/v1/tasks/" + draw + "/complete",
        HttpMethod.POST, new HttpEntity<>(Map.of("variables", labsDrawn())), JSON);
    assertThat(byNurse.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(byNurse.getBody()).containsEntry("state", "COMPLETED");
    assertThat(audit("AC-GROUP")).anySatisfy(e -> {
      assertThat(e.at("/event/action").asText()).isEqualTo("task.completed");
      assertThat(e.at("/event/actor").asText()).isEqualTo("nurse");
      assertThat(e.at("/event/role").asText()).isEqualTo("nurse");
    });
  }

  @Test
  void responsesCarrySecurityHeaders() {
    HttpHeaders headers = http.getForEntity("/api/v1/tasks?patientId=AC-NONE", String.class).getHeaders();
    assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
    assertThat(headers.getFirst("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
    assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(headers.getCacheControl()).contains("no-store");
  }

  @Test
  void passwordGuessingLocksTheUserForTheWindow() {
    // pathway.security.basic-lockout: 10 wrong passwords within 15 min
    TestRestTemplate guesser = anonymous.withBasicAuth(Role.MODELER.userName(), "guess");
    for (int i = 0; i < 10; i++) {
      assertThat(call(guesser, HttpMethod.POST, "/api/v1/evaluations").getStatusCode())
          .isEqualTo(HttpStatus.UNAUTHORIZED);
    }
    // now even the right password is refused, and the refusal is audited
    assertThat(call(as(Role.MODELER), HttpMethod.POST, "/api/v1/evaluations").getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    // other users are not affected
    assertThat(call(as(Role.PHYSICIAN), HttpMethod.POST, "/api/v1/evaluations").getStatusCode())
        .isNotEqualTo(HttpStatus.UNAUTHORIZED);
    advance(java.time.Duration.ofMinutes(16));
    assertThat(call(as(Role.MODELER), HttpMethod.POST, "/api/v1/evaluations").getStatusCode())
        .isNotEqualTo(HttpStatus.UNAUTHORIZED);
  }
}
