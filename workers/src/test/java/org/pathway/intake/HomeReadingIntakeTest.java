package org.pathway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.api.security.Role;
import org.pathway.store.BedsideRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Home readings through the bedside API (reference §12.1): refused whole with every bad field
 * named, stored once however often a device sends them, kept out of the timeline document; and the
 * contract's own vitals fields systolicBp and spo2 checked as they are stored.
 */
class HomeReadingIntakeTest extends PathwayTestSupport {

  @Autowired BedsideRepository bedside;

  private ResponseEntity<JsonNode> post(TestRestTemplate as, String patient, String path, String field, String entries) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return as.exchange("/api/v1/patients/" + patient + "/" + path, HttpMethod.POST,
        new HttpEntity<>("{\"" + field + "\": " + entries + "}", headers), JsonNode.class);
  }

  private ResponseEntity<JsonNode> readings(String patient, String entries) {
    return post(http, patient, "home-readings", "homeReadings", entries);
  }

  private static List<String> pointers(ResponseEntity<JsonNode> response) {
    return response.getBody().path("errors").findValuesAsText("pointer");
  }

  private int stored(String patient) {
    return bedside.entries(patient, BedsideRepository.Kind.HOME_READING).size();
  }

  @Test
  void badReadingsAreNamedAndNothingOfTheBatchIsStored() {
    enroll(patient("HR-BAD", now().minus(Duration.ofDays(2))));
    Instant t = now().minus(Duration.ofHours(1));
    var refused = readings("HR-BAD", "[{\"at\": \"" + t + "\", \"systolicBp\": 85, \"spo2\": 96},"
        + " {\"at\": \"" + t + "\", \"systolicBp\": \"low\"},"
        + " {\"at\": \"" + t + "\", \"spo2\": 120, \"confusion\": \"yes\"},"
        + " {\"at\": \"" + t + "\", \"temperature\": {\"value\": 38.5, \"unit\": \"C\"}},"
        + " {\"at\": \"" + t + "\"}]");
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(pointers(refused)).containsExactly("/homeReadings/1/systolicBp", "/homeReadings/2/spo2",
        "/homeReadings/2/confusion", "/homeReadings/3/temperature/unit", "/homeReadings/4");
    assertThat(refused.getBody().toString()).contains("must be a number", "0 to 100 %", "holds no reading");
    assertThat(stored("HR-BAD")).isZero();
    assertThat(pointers(readings("HR-BAD", "[]"))).containsExactly("/homeReadings");
    var future = readings("HR-BAD", "[{\"at\": \"" + now().plus(Duration.ofDays(1)) + "\", \"spo2\": 95}]");
    assertThat(pointers(future)).containsExactly("/homeReadings/0/at");
    assertThat(stored("HR-BAD")).isZero();
    assertThat(readings("NOBODY-HR", "[{\"at\": \"" + t + "\", \"spo2\": 95}]").getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aReadingSentAgainIsStoredOnceAndADifferentOneAtTheSameTimeIsKept() {
    enroll(patient("HR-AGAIN", now().minus(Duration.ofDays(2))));
    Instant t = now().minus(Duration.ofHours(1));
    String batch = "[{\"at\": \"" + t + "\", \"systolicBp\": 118, \"spo2\": 97, \"deviceSerial\": \"A1\"},"
        + " {\"at\": \"" + t.plusSeconds(60) + "\", \"temperature\": {\"value\": 37.1, \"unit\": \"Cel\"}}]";
    var first = readings("HR-AGAIN", batch);
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(first.getBody().path("stored").asInt()).isEqualTo(2);
    var again = readings("HR-AGAIN", batch);
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(again.getBody().path("stored").asInt()).isZero();
    assertThat(readings("HR-AGAIN", "[{\"at\": \"" + t + "\", \"systolicBp\": 112, \"spo2\": 97}]")
        .getBody().path("stored").asInt()).isEqualTo(1);
    List<BedsideRepository.Entry> entries = bedside.entries("HR-AGAIN", BedsideRepository.Kind.HOME_READING);
    assertThat(entries).hasSize(3);
    // the sender's other fields are not kept
    assertThat(entries).noneMatch(e -> e.payloadJson().contains("deviceSerial"));
    // not part of the timeline document ./pathway evaluate reads
    JsonNode timeline = http.getForObject("/api/v1/patients/HR-AGAIN/timeline", JsonNode.class);
    assertThat(timeline.has("homeReadings")).isFalse();
    assertThat(timeline.path("vitals")).isEmpty();
  }

  @Test
  void theHomePlatformAndTheWardsNursesMayPostOthersMayNot() {
    enroll(patient("HR-WHO", now().minus(Duration.ofDays(2))));
    var other = patient("HR-WHO-K2", now().minus(Duration.ofDays(2)));
    other.put("ward", "K2");
    enroll(other);
    String reading = "[{\"at\": \"" + now().minusSeconds(300) + "\", \"spo2\": 97}]";
    assertThat(post(as(Role.INTEGRATION), "HR-WHO", "home-readings", "homeReadings", reading).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    assertThat(post(as(Role.NURSE), "HR-WHO", "home-readings", "homeReadings",
        "[{\"at\": \"" + now().minusSeconds(200) + "\", \"spo2\": 96}]").getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(post(as(Role.NURSE), "HR-WHO-K2", "home-readings", "homeReadings", reading).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(post(as(Role.MANAGER), "HR-WHO", "home-readings", "homeReadings", reading).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(stored("HR-WHO")).isEqualTo(2);
    assertThat(stored("HR-WHO-K2")).isZero();
  }

  /** The contract's vitals may carry systolicBp and spo2 (2026-12): stored, so checked like the rest. */
  @Test
  void contractVitalsWithAnImplausiblePressureOrSaturationAreRefused() {
    enroll(patient("HR-VITALS", now().minus(Duration.ofDays(2))));
    String at = "\"at\": \"" + now().minusSeconds(600) + "\", \"hypotension\": false, \"vasopressors\": [],"
        + " \"oxygen\": {\"device\": \"NONE\"}";
    var refused = post(http, "HR-VITALS", "vitals", "vitals",
        "[{" + at + ", \"systolicBp\": \"85\"}, {" + at + ", \"spo2\": 140}, {" + at + ", \"systolicBp\": 1e9}]");
    assertThat(pointers(refused)).containsExactly("/vitals/0/systolicBp", "/vitals/1/spo2", "/vitals/2/systolicBp");
    assertThat(post(http, "HR-VITALS", "vitals", "vitals", "[{" + at + ", \"systolicBp\": 88, \"spo2\": 91}]")
        .getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode timeline = http.getForObject("/api/v1/patients/HR-VITALS/timeline", JsonNode.class);
    assertThat(timeline.at("/vitals/0/systolicBp").asInt()).isEqualTo(88);
    assertThat(timeline.path("vitals")).hasSize(1);
  }
}
