package org.pathway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.store.LabResultRepository;
import org.pathway.store.PatientRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Bad input gets a problem+json naming the field, and nothing is stored. */
class ApiErrorsTest extends PathwayTestSupport {

  @Autowired PatientRepository patients;
  @Autowired LabResultRepository labs;

  @SuppressWarnings("unchecked")
  static List<String> pointers(ResponseEntity<Map<String, Object>> response) {
    return ((List<Map<String, String>>) response.getBody().get("errors"))
        .stream().map(e -> e.get("pointer")).toList();
  }

  ResponseEntity<Map<String, Object>> postRaw(String path, String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers), JSON);
  }

  static String enrollment(String id, String therapyClass, String infusionAt, String weightKg) {
    return "{\"id\":\"" + id + "\",\"ageYears\":60,\"weightKg\":" + weightKg + ",\"developmentalDelay\":false,"
        + "\"therapyClass\":" + therapyClass + ",\"infusionAt\":" + infusionAt + ",\"immunosuppressed\":false,"
        + "\"ward\":\"H7\"}";
  }

  /**
   * No guessing at types or at implausible values: "therapyClass": 1 was read as CAR_T,
   * "infusionAt": 0 as 1970, a weight of 0.001 kg accepted (tocilizumab dosed at 0.012 mg).
   */
  @Test
  void numbersAreNotEnumsOrDatesAndAWeightMustBePlausible() {
    String when = "\"" + now().minus(Duration.ofDays(1)) + "\"";
    var ordinal = postRaw("/api/v1/patients", enrollment("API-ORD", "1", when, "70"));
    assertThat(ordinal.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(String.valueOf(ordinal.getBody())).contains("therapyClass");
    var epoch = postRaw("/api/v1/patients", enrollment("API-EPOCH", "\"CAR_T\"", "0", "70"));
    assertThat(epoch.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(String.valueOf(epoch.getBody())).contains("infusionAt");
    var farAway = postRaw("/api/v1/patients", enrollment("API-YEAR", "\"CAR_T\"", "\"-999999999-01-01T00:00:00Z\"", "70"));
    assertThat(farAway.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    var feather = postRaw("/api/v1/patients", enrollment("API-FEATHER", "\"CAR_T\"", when, "0.001"));
    assertThat(feather.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(pointers(feather)).containsExactly("/weightKg");
    assertThat(patients.find("API-ORD")).isEmpty();
    assertThat(patients.find("API-EPOCH")).isEmpty();
    assertThat(patients.find("API-YEAR")).isEmpty();
    assertThat(patients.find("API-FEATHER")).isEmpty();
  }

  /**
   * Bedside values beyond a plausibility limit are refused by name (O2 flow 1e308 L/min was
   * graded CRS 3), a year of a billion is refused rather than answered 500, and a sender's own
   * fields are not stored (one patient's timeline reached 6.9 MB).
   */
  @Test
  void implausibleBedsideValuesAreRefusedAndUnknownFieldsAreNotStored() {
    enroll(patient("API-BEDSIDE", now().minus(Duration.ofDays(3))));
    String at = "\"" + now().minusSeconds(60) + "\"";
    var flow = postRaw("/api/v1/patients/API-BEDSIDE/vitals", "{\"vitals\":[{\"at\":" + at
        + ",\"hypotension\":false,\"vasopressors\":[],\"oxygen\":{\"device\":\"HIGH_FLOW_NASAL_CANNULA\",\"flowLpm\":1e12}}]}");
    assertThat(flow.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(String.valueOf(flow.getBody())).contains("/vitals/0/oxygen/flowLpm");
    var year = postRaw("/api/v1/patients/API-BEDSIDE/vitals", "{\"vitals\":[{\"at\":\"+1000000000-01-01T00:00:00Z\""
        + ",\"hypotension\":false,\"vasopressors\":[],\"oxygen\":{\"device\":\"NONE\"}}]}");
    assertThat(year.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(String.valueOf(year.getBody())).contains("/vitals/0/at");
    var extra = postRaw("/api/v1/patients/API-BEDSIDE/vitals", "{\"vitals\":[{\"at\":" + at
        + ",\"hypotension\":false,\"vasopressors\":[],\"oxygen\":{\"device\":\"NONE\",\"note\":\"x\"},"
        + "\"freeText\":\"" + "y".repeat(10_000) + "\"}]}");
    assertThat(extra.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String stored = http.getForObject("/api/v1/patients/API-BEDSIDE/timeline", String.class);
    assertThat(stored).doesNotContain("freeText").doesNotContain("note").contains("\"device\":\"NONE\"");
  }

  @Test
  void missingAndOutOfRangeFieldsAreNamed() {
    Map<String, Object> p = patient("API-1", now().minus(Duration.ofDays(1)));
    p.remove("ward");
    p.put("ageYears", 131);
    p.put("weightKg", 0);
    p.remove("immunosuppressed");
    var response = enroll(p);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getHeaders().getContentType().toString())
        .startsWith("application/problem+json");
    assertThat(pointers(response))
        .containsExactlyInAnyOrder("/ward", "/ageYears", "/weightKg", "/immunosuppressed");
    assertThat(patients.find("API-1")).isEmpty();
  }

  @Test
  void aWrongTypeOrUnknownTherapyClassIsNamed() {
    var response =
        postRaw(
            "/api/v1/patients",
            "{\"id\":\"API-2\",\"ageYears\":60,\"weightKg\":70,\"developmentalDelay\":false,"
                + "\"therapyClass\":\"CART\",\"infusionAt\":\"2026-01-01T10:00:00Z\","
                + "\"immunosuppressed\":false,\"ward\":\"H7\"}");
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(pointers(response)).containsExactly("/therapyClass");

    var badTime = postRaw("/api/v1/patients", "{\"id\":\"API-2\",\"infusionAt\":\"yesterday\"}");
    assertThat(pointers(badTime)).containsExactly("/infusionAt");
    assertThat(patients.find("API-2")).isEmpty();
  }

  @Test
  void anIdThatCouldBeANameIsRefused() {
    var response = enroll(patient("Jane Doe", now().minus(Duration.ofDays(1))));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(pointers(response)).containsExactly("/id");
  }

  @Test
  void infusionInTheFutureIsRefused() {
    var response = enroll(patient("API-3", now().plus(Duration.ofHours(2))));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(pointers(response)).containsExactly("/infusionAt");
    assertThat(patients.find("API-3")).isEmpty();
  }

  @Test
  void labsForAnUnknownPatientAreRefusedAndNotStored() {
    var response =
        postLabs("NOBODY", List.of(lab(now(), "2276-4", 900, "ng/mL", null, 300)));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat((String) response.getBody().get("detail")).contains("NOBODY", "nothing was stored");
    assertThat(labs.timelineEntries("NOBODY")).isEmpty();
  }

  @Test
  void badLabEntriesAreNamedByIndexAndNothingOfTheBatchIsStored() {
    enroll(patient("API-4", now().minus(Duration.ofDays(1))));
    Map<String, Object> noUnit = lab(now(), "2276-4", 900, "", null, 300);
    Map<String, Object> badCode = lab(now(), "ferritin", 900, "ng/mL", null, 300);
    var response =
        postLabs(
            "API-4", List.of(lab(now(), "2276-4", 900, "ng/mL", null, 300), noUnit, badCode));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(pointers(response)).containsExactlyInAnyOrder("/labs/1/unit", "/labs/2/loinc");
    assertThat(labs.timelineEntries("API-4")).isEmpty();

    var notANumber =
        postRaw(
            "/api/v1/patients/API-4/labs",
            "{\"labs\":[{\"at\":\"2026-01-01T00:00:00Z\",\"loinc\":\"2276-4\",\"value\":\"high\",\"unit\":\"ng/mL\"}]}");
    assertThat(pointers(notANumber)).containsExactly("/labs/0/value");
  }

  @Test
  void unknownTasksAndPatientsAre404() {
    assertThat(complete(123456789L, Map.of()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(http.getForEntity("/api/v1/patients/NOBODY", Map.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  @SuppressWarnings("unchecked")
  void healthReportsTheEngineAndTheDatabase() {
    // the details are for the roles that operate the service (management.endpoint.health.roles)
    Map<String, Object> health =
        as(org.pathway.api.security.Role.MANAGER).getForObject("/actuator/health", Map.class);
    assertThat(health).containsEntry("status", "UP");
    Map<String, Object> components = (Map<String, Object>) health.get("components");
    assertThat(components).containsKeys("engine", "db");
    assertThat((Map<String, Object>) components.get("engine")).containsEntry("status", "UP");
  }
}
