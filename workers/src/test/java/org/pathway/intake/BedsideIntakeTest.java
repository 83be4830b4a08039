package org.pathway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.evaluation.EvaluateCommand;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Vitals, neuro, treatments and findings in the contract's shapes; the stored history as a timeline. */
class BedsideIntakeTest extends PathwayTestSupport {

  @org.springframework.beans.factory.annotation.Autowired org.springframework.context.ApplicationContext context;

  static final ObjectMapper JSON = new ObjectMapper();

  ResponseEntity<JsonNode> post(String patient, String kind, String entriesJson) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.exchange("/api/v1/patients/" + patient + "/" + kind, HttpMethod.POST,
        new HttpEntity<>("{\"" + kind + "\": " + entriesJson + "}", headers), JsonNode.class);
  }

  JsonNode timeline(String patient) {
    return http.getForObject("/api/v1/patients/" + patient + "/timeline", JsonNode.class);
  }

  static String vitals(Instant at, String temp, String oxygen) {
    return "{\"at\": \"" + at + "\", \"temperature\": {\"value\": " + temp + ", \"unit\": \"Cel\"},"
        + " \"hypotension\": false, \"vasopressors\": [], \"oxygen\": " + oxygen + "}";
  }

  static List<String> pointers(ResponseEntity<JsonNode> response) {
    return response.getBody().path("errors").findValuesAsText("pointer");
  }

  /**
   * An ICE of 4294967296 (or 1e308) was accepted and read as ICE 0: ICANS grade 3, an episode and
   * an ICU handover. Refused with the field named, nothing stored, no grading started.
   */
  @Test
  void anIceScoreThatWouldWrapAroundIsRefusedAndNothingIsStored() {
    enroll(patient("BS-WRAP", now().minus(Duration.ofDays(3))));
    for (String ice : List.of("4294967296", "1e308", "1e1000")) {
      var refused = post("BS-WRAP", "neuro", "[{\"at\": \"" + now().minusSeconds(60) + "\", \"ice\": " + ice
          + ", \"consciousness\": \"AWAKE\", \"seizure\": \"NONE\", \"cerebralEdema\": \"NONE\"}]");
      assertThat(refused.getStatusCode()).as(ice).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(pointers(refused)).as(ice).containsExactly("/neuro/0/ice");
    }
    assertThat(timeline("BS-WRAP").path("neuro")).isEmpty();
    assertThat(episodes("BS-WRAP")).isEmpty();
  }

  @Test
  void storedHistoryIsATimelineThatEvaluateAcceptsUnchanged() throws Exception {
    Instant infusion = now().minus(Duration.ofDays(3));
    enroll(patient("BS-1", infusion));
    Instant t1 = now().minus(Duration.ofHours(5));
    Instant t2 = now().minus(Duration.ofHours(1));
    var stored = post("BS-1", "vitals", "[" + vitals(t1, "38.6", "{\"device\": \"NASAL_CANNULA\", \"flowLpm\": 6}")
        + ", " + vitals(t2, "38.6", "{\"device\": \"NASAL_CANNULA\", \"flowLpm\": 7}") + "]");
    assertThat(stored.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(stored.getBody().path("stored").asInt()).isEqualTo(2);
    post("BS-1", "neuro", "[{\"at\": \"" + t2 + "\", \"ice\": 6, \"consciousness\": \"AWAKE\","
        + " \"seizure\": \"NONE\", \"cerebralEdema\": \"NONE\"}]");
    post("BS-1", "treatments", "[{\"at\": \"" + t2 + "\", \"drug\": \"tocilizumab\", \"doseMg\": 576,"
        + " \"indication\": \"CRS\", \"proposed\": false}]");
    post("BS-1", "findings", "[{\"at\": \"" + t2 + "\", \"type\": \"SPLENOMEGALY\"}]");
    postLabs("BS-1", List.of(lab(t1, "2276-4", 900, "ng/mL", null, 300)));

    JsonNode doc = timeline("BS-1");
    assertThat(doc.path("schema").asText()).isEqualTo("iec-timeline/1");
    assertThat(doc.path("patient").path("infusionAt").asText()).isEqualTo(infusion.toString());
    assertThat(doc.path("vitals")).hasSize(2);
    assertThat(doc.path("labs")).hasSize(1);

    // the document, unchanged, through ./pathway evaluate's code
    var result = new EvaluateCommand(org.pathway.SitePolicies.configured()).evaluate(doc);
    assertThat(result.errors()).isEmpty();
    var byTime = result.evaluations().stream().collect(java.util.stream.Collectors.toMap(e -> e.at(), e -> e));
    assertThat(byTime.get(t1.toString()).crs().grade()).isEqualTo(2);
    assertThat(byTime.get(t2.toString()).crs().grade()).isEqualTo(3);
    assertThat(byTime.get(t2.toString()).icans().grade()).isEqualTo(2);

    // the Timeline the pathway grades, built from the store directly, is the document's
    org.pathway.store.PatientTimelines timelines = context.getBean(org.pathway.store.PatientTimelines.class);
    assertThat(timelines.load("BS-1").orElseThrow())
        .usingRecursiveComparison()
        .withComparatorForType(java.math.BigDecimal::compareTo, java.math.BigDecimal.class)
        .isEqualTo(org.pathway.clinical.TimelineParser.parse(JSON.readTree(JSON.writeValueAsString(doc))).timeline());
  }

  @Test
  void badEntriesAreNamedAndNothingOfTheBatchIsStored() {
    enroll(patient("BS-2", now().minus(Duration.ofDays(3))));
    Instant t = now().minus(Duration.ofHours(1));
    var response = post("BS-2", "vitals", "[" + vitals(t, "38.6", "{\"device\": \"NASAL_CANNULA\"}")
        + ", {\"at\": \"" + t + "\", \"hypotension\": false, \"vasopressors\": []}]");
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(pointers(response)).containsExactlyInAnyOrder("/vitals/0/oxygen/flowLpm", "/vitals/1/oxygen");
    assertThat(timeline("BS-2").path("vitals")).isEmpty();
    assertThat(post("BS-2", "neuro", "[{\"at\": \"" + t + "\", \"ice\": 12, \"consciousness\": \"AWAKE\","
        + " \"seizure\": \"NONE\", \"cerebralEdema\": \"NONE\"}]").getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(pointers(post("BS-2", "vitals", "[]"))).containsExactly("/vitals");
  }

  @Test
  void temperaturesOutsideThePlausibilityLimitsAreRefusedWithTheLimitNamed() {
    enroll(patient("BS-3", now().minus(Duration.ofDays(3))));
    Instant t = now().minus(Duration.ofHours(1));
    String none = "{\"device\": \"NONE\"}";
    var cold = post("BS-3", "vitals", "[" + vitals(t, "15", none) + "]");
    assertThat(pointers(cold)).containsExactly("/vitals/0/temperature/value");
    assertThat(cold.getBody().toString()).contains("25.0–45.0 °C");
    assertThat(post("BS-3", "vitals", "[" + vitals(t, "50", none) + "]").getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(post("BS-3", "vitals", "[" + vitals(t, "45.1", none) + "]").getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(post("BS-3", "vitals", "[" + vitals(t, "45.0", none) + "]").getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    assertThat(timeline("BS-3").path("vitals")).hasSize(1);
  }

  /**
   * A vitals entry dated tomorrow (a time-zone or date error of the sender) was stored and would
   * have become the patient's current vitals when that time came. Beyond the clock-skew allowance
   * (pathway.intake.clock-skew, 5 min) it is refused with the entry's time named; within it, kept.
   */
  @Test
  void anEntryFromTheFutureIsRefusedWithItsTimeNamed() {
    enroll(patient("BS-FUT", now().minus(Duration.ofDays(3))));
    String none = "{\"device\": \"NONE\"}";
    var refused = post("BS-FUT", "vitals", "[" + vitals(now().minusSeconds(60), "37.0", none) + ", "
        + vitals(now().plus(Duration.ofDays(1)), "39.5", none) + "]");
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(pointers(refused)).containsExactly("/vitals/1/at");
    assertThat(refused.getBody().toString()).contains("in the future", "PT5M");
    assertThat(timeline("BS-FUT").path("vitals")).isEmpty();
    assertThat(post("BS-FUT", "vitals", "[" + vitals(now().plusSeconds(120), "37.0", none) + "]").getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
  }

  @Test
  void anUnknownPatientIsRefused() {
    var response = post("NOBODY-BS", "findings", "[{\"at\": \"" + now() + "\", \"type\": \"DEATH\"}]");
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(http.getForEntity("/api/v1/patients/NOBODY-BS/timeline", Map.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }
}
