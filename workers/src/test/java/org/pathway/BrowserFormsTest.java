package org.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.pathway.api.FormSubmissions;
import org.pathway.engine.ModelResources;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;

/**
 * The forms as people fill them: ./pathway test first has form-js render every form in headless
 * Chromium, clicks and types the answers of browser/scenarios/ and submits it as Tasklist does
 * (browser/fill-forms.mjs). Here the submitted data must pass the server's check of the form, and
 * drives the real pathway: the grades, options and records the process derives from it are the
 * ones the answers mean.
 */
class BrowserFormsTest extends PathwayTestSupport {

  private static final Path SUBMISSIONS = Path.of("target/browser-forms");

  @Autowired FormSubmissions forms;
  @Autowired ModelResources models;
  private final ObjectMapper json = new ObjectMapper();

  /** What form-js submitted for the form, as a map. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> submitted(String formId) {
    Path file = SUBMISSIONS.resolve(formId + ".json");
    if (!Files.exists(file)) {
      if ("required".equals(System.getenv("PATHWAY_BROWSER_FORMS"))) {
        throw new AssertionError("no browser submission " + file.toAbsolutePath()
            + ": browser/fill-forms.mjs did not fill form " + formId);
      }
      Assumptions.abort("forms not filled in a browser: run ./pathway test");
    }
    try {
      Map<String, Object> result = json.readValue(file.toFile(), Map.class);
      assertThat((Map<String, Object>) result.get("errors")).as(formId + " form-js errors").isEmpty();
      return new HashMap<>((Map<String, Object>) result.get("data"));
    } catch (IOException e) {
      throw new AssertionError(file + " is not the JSON fill-forms.mjs writes", e);
    }
  }

  private void completeWith(Object taskKey, String formId) {
    ok(taskKey, submitted(formId));
  }

  private String variableOf(Map<String, Object> task, String name) {
    return variable(processInstanceKey(task), name);
  }

  @Test
  void theServerAcceptsWhatFormJsSubmittedForEveryForm() {
    for (ModelResources.Model form : models.ofKind("forms")) {
      Map<String, Object> data = submitted(form.id());
      Map<String, Object> accepted = forms.check(form.id(), data);
      assertThat(accepted).as(form.id()).isNotEmpty();
    }
  }

  @Test
  void theIecHsWorkupRunsOnWhatTheFormsSubmitted() throws Exception {
    Instant infusion = now().minus(Duration.ofDays(12)).minus(Duration.ofHours(2));
    enroll(patient("BR-IEC", infusion));
    completeWith(awaitOpenTask("BR-IEC", "draw-daily-labs").get("key"), "draw-daily-labs");
    postLabs("BR-IEC", tc07Labs(infusion, now().minusSeconds(600)));
    completeWith(awaitOpenTask("BR-IEC", "review-suspected-iec-hs").get("key"), "review-suspected-iec-hs");

    // confirmed, needing immunosuppression: grade 2, first line
    Map<String, Object> order = awaitOpenTask("BR-IEC", "order-iec-hs-treatment");
    assertThat(variableOf(order, "iecHsGrade")).contains("\"grade\":2");
    completeWith(order.get("key"), "order-iec-hs-treatment");
    for (String[] item : new String[][] {
        {"infection-workup", "record-infection-workup"}, {"relapse-workup", "record-relapse-workup"},
        {"hlh-panel", "record-hlh-panel"}, {"bone-marrow-evaluation", "record-bone-marrow-evaluation"},
        {"drug-tma-dic-review", "record-drug-tma-dic-review"}, {"icans-assessment", "assess-icans"}}) {
      completeWith(awaitOpenTask("BR-IEC", item[0]).get("key"), item[1]);
    }
    long instance = processInstanceKey(order);
    await().atMost(WAIT).until(() -> completions(instance, "differential-workup") == 1);
    // the ICE items ticked in the browser score 8, computed again by the service
    JsonNode timeline = json.readTree(http.getForObject("/api/v1/patients/BR-IEC/timeline", String.class));
    assertThat(timeline.at("/neuro/0/ice").asInt()).isEqualTo(8);
    assertThat(variable(instance, "treatmentsOrdered")).contains("anakinra 100 mg SC q12h; cryoprecipitate 10 units");

    advancePastTimer(instance, "reassessment-due", Duration.ofHours(48));
    completeWith(awaitOpenTask("BR-IEC", "reassess-iec-hs").get("key"), "reassess-iec-hs");
    // not improving: second line
    awaitOpenTask("BR-IEC", "order-iec-hs-treatment");
    assertThat(variable(instance, "treatmentLine")).isEqualTo("2");
  }

  @Test
  void theVitalsAsEnteredGradeCrsAtTheBoundary() {
    Instant infusion = now().minus(Duration.ofDays(3));
    enroll(patient("BR-CRS", infusion));
    Map<String, Object> vitals = new HashMap<>(Map.of("at", now().toString(),
        "temperature", Map.of("value", 38.5, "unit", "Cel"), "hypotension", false, "vasopressors", List.of(),
        "oxygen", Map.of("device", "NONE")));
    http.exchange("/api/v1/patients/BR-CRS/vitals", HttpMethod.POST, new HttpEntity<>(Map.of("vitals", List.of(vitals))), JSON);
    Map<String, Object> order = awaitOpenTask("BR-CRS", "order-crs-treatment");
    completeWith(order.get("key"), "order-crs-treatment");
    long instance = processInstanceKey(order);
    advancePastTimer(instance, "crs-check-due", Duration.ofHours(4));
    // 38.0 °C typed by the nurse and exactly 6 L/min by nasal cannula: fever, low-flow oxygen, grade 2
    completeWith(awaitOpenTask("BR-CRS", "record-crs-vitals").get("key"), "record-vitals");
    awaitOpenTask("BR-CRS", "order-crs-treatment");
    assertThat(variable(instance, "crsGrade")).contains("\"grade\":2");
  }
}
