package org.pathway.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.api.security.Role;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Home monitoring of outpatient step-up doses in post-infusion-monitoring.bpmn (reference §12,
 * §12.1, Crombie 2024), on the in-memory engine with the real DMN and workers: a reading that meets
 * a trigger gives the ward's nurses "Recontact the patient" with the reasons, a normal one gives
 * nothing, a reading sent again is assessed once, and a fever lasting more than a week in the home
 * readings starts the IEC-HS work-up.
 */
class HomeMonitoringProcessTest extends PathwayTestSupport {

  private static final String RECONTACT = "recontact-patient";

  private long enrolled(String id, Instant infusion) {
    ResponseEntity<Map<String, Object>> enrolled = enroll(patient(id, infusion));
    assertThat(enrolled.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return processInstanceKey(enrolled);
  }

  private int post(String id, List<Map<String, Object>> readings) {
    ResponseEntity<Map<String, Object>> r = as(Role.INTEGRATION).exchange(
        "/api/v1/patients/" + id + "/home-readings", HttpMethod.POST,
        new HttpEntity<>(Map.of("homeReadings", readings)), JSON);
    assertThat(r.getStatusCode()).as(String.valueOf(r.getBody())).isEqualTo(HttpStatus.CREATED);
    return ((Number) r.getBody().get("stored")).intValue();
  }

  private static Map<String, Object> reading(Instant at, Object... keyValues) {
    Map<String, Object> r = vars(keyValues);
    r.put("at", at.toString());
    return r;
  }

  private static Map<String, Object> celsius(double value) {
    return Map.of("value", value, "unit", "Cel");
  }

  /** The nurse of the patient's ward, through the task API. */
  private List<Map<String, Object>> nurseTasks(String id) {
    return as(Role.NURSE).exchange("/api/v1/tasks?patientId=" + id, HttpMethod.GET, null, JSON_LIST).getBody();
  }

  /** Waits until the pathway has assessed this many home readings of the instance. */
  private void assessed(long instance, int readings) {
    await().atMost(WAIT).until(() -> completions(instance, "recontact-needed") >= readings
        && completions(instance, "fever-beyond-a-week") >= readings);
  }

  @Test
  void aPressureBelowNinetyAndTenBelowTheBaselineGivesTheNurseRecontactWithTheReasons() {
    Instant infusion = now().minus(Duration.ofDays(2));
    long instance = enrolled("HM-LOW", infusion);
    // the baseline: the last pressure before the first dose
    post("HM-LOW", List.of(reading(infusion.minus(Duration.ofHours(3)), "systolicBp", 120, "spo2", 98)));
    Map<String, Object> low = reading(now().minusSeconds(120), "systolicBp", 85, "spo2", 95,
        "temperature", celsius(37.2), "newOrthostaticSymptoms", true, "confusion", false);
    assertThat(post("HM-LOW", List.of(low))).isEqualTo(1);

    Map<String, Object> task = awaitOpenTask("HM-LOW", RECONTACT);
    assertThat(nurseTasks("HM-LOW")).anySatisfy(t -> assertThat(t)
        .containsEntry("name", "Recontact the patient")
        .containsEntry("elementId", RECONTACT)
        .containsEntry("formId", "recontact-patient")
        .containsEntry("candidateGroups", List.of("ward-nurses"))
        .containsEntry("dayPostInfusion", 1)
        .containsEntry("priority", 90));
    assertThat(Duration.between(now(), Instant.parse((String) task.get("dueDate"))))
        .isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
    // what the nurse's form shows
    Map<String, Object> shown = taskVariables(task);
    assertThat((String) shown.get("recontactReasonsText")).isEqualTo(
        "Systolic BP 85 mmHg: below 90 mmHg and 35 mmHg below the baseline of 120 mmHg (§12.1, Crombie 2024)\n"
            + "New orthostatic symptoms (§12.1, Crombie 2024)");
    assertThat((String) shown.get("homeReadingSummary"))
        .contains("Systolic BP: 85 mmHg (baseline 120 mmHg, before the first dose")
        .contains("SpO₂: 95 %", "Confusion: no");
    assertThat(shown).containsEntry("patientId", "HM-LOW").containsEntry("ward", "H7");
    // and the on-call clinician is paged as the task is raised (dmn/urgent-page.dmn)
    await().atMost(WAIT).until(() -> http.getForObject("/api/v1/audit?patientId=HM-LOW", JsonNode.class)
        .findValuesAsText("action").contains("page.requested"));

    // the same reading sent again is neither stored nor assessed again
    assertThat(post("HM-LOW", List.of(low))).isZero();
    assessed(instance, 2);
    assertThat(completions(instance, "evaluate-home-monitoring-trigger")).isEqualTo(2);
    assertThat(openTasks("HM-LOW").stream().filter(t -> RECONTACT.equals(t.get("elementId")))).hasSize(1);

    ResponseEntity<Map<String, Object>> done = as(Role.NURSE).exchange(
        "/api/v1/tasks/" + task.get("key") + "/complete", HttpMethod.POST,
        new HttpEntity<>(Map.of("variables", Map.of("recontactOutcome", "ADVISED_ED",
            "recontactNote", "dizzy on standing, coming to the ED"))), JSON);
    assertThat(done.getStatusCode()).as(String.valueOf(done.getBody())).isEqualTo(HttpStatus.OK);
    await().atMost(WAIT).until(() -> completions(instance, "patient-recontacted") == 1);
    assertThat(variable(instance, "recontactOutcome")).contains("ADVISED_ED");
    // who recontacted, what came of it and what was advised stay in the audit trail
    JsonNode audit = http.getForObject("/api/v1/audit?patientId=HM-LOW", JsonNode.class);
    assertThat(audit.findValuesAsText("detail")).contains(
        "Recontact the patient: outcome: ADVISED_ED, advised: dizzy on standing, coming to the ED");
    assertThat(audit.findValuesAsText("actor")).contains("nurse");
    assertThat(incidentsOf(instance)).isEmpty();
  }

  @Test
  void normalReadingsAndOnesJustShortOfTheThresholdsGiveNoTask() {
    Instant infusion = now().minus(Duration.ofDays(2));
    long instance = enrolled("HM-NORMAL", infusion);
    post("HM-NORMAL", List.of(reading(infusion.minus(Duration.ofHours(3)), "systolicBp", 99)));
    // 90 mmHg is not below 90; 89 is only 9 below the baseline of 98 (marked later); SpO₂ 90 %;
    // 100.2 °F is 37.9 °C
    assertThat(post("HM-NORMAL", List.of(
        reading(now().minusSeconds(600), "systolicBp", 90, "spo2", 90, "temperature", Map.of("value", 100.2, "unit", "[degF]")),
        reading(now().minusSeconds(500), "systolicBp", 98, "baseline", true),
        reading(now().minusSeconds(400), "systolicBp", 89, "spo2", 97, "confusion", false)))).isEqualTo(3);
    assessed(instance, 4);
    assertThat(completions(instance, "no-recontact")).isEqualTo(4);
    assertThat(nurseTasks("HM-NORMAL")).noneMatch(t -> RECONTACT.equals(t.get("elementId")));
    assertThat(incidentsOf(instance)).isEmpty();
  }

  @Test
  void aFeverInDegreesFahrenheitRecontactsWithoutABaselineBelowNinetyAloneDoes() {
    enrolled("HM-F", now().minus(Duration.ofDays(3)));
    post("HM-F", List.of(reading(now().minusSeconds(60), "temperature", Map.of("value", 100.4, "unit", "[degF]"),
        "systolicBp", 88)));
    assertThat((String) taskVariables(awaitOpenTask("HM-F", RECONTACT)).get("recontactReasonsText"))
        .contains("Fever 38.0 °C (100.4 °F): 38.0 °C (100.4 °F) or more")
        .contains("Systolic BP 88 mmHg: below 90 mmHg; the patient's baseline is not known");
  }

  @Test
  void aFeverLastingMoreThanAWeekStartsTheIecHsWorkupOnce() {
    Instant first = now().minus(Duration.ofDays(7)).minus(Duration.ofHours(2));
    long instance = enrolled("HM-FEVER", first.minus(Duration.ofDays(1)));
    // febrile readings, none fever-free between: exactly a week after the first is not more than a week
    post("HM-FEVER", List.of(
        reading(first, "temperature", celsius(38.3)),
        reading(first.plus(Duration.ofDays(3)), "temperature", celsius(38.6), "spo2", 96),
        reading(first.plus(Duration.ofDays(7)), "temperature", celsius(38.1))));
    assessed(instance, 3);
    assertThat(completions(instance, "no-persistent-fever")).isEqualTo(3);
    assertThat(openTask("HM-FEVER", "review-suspected-iec-hs")).isEmpty();

    // a week and an hour: the work-up starts, with the reason for the physician's review
    post("HM-FEVER", List.of(reading(first.plus(Duration.ofDays(7)).plus(Duration.ofHours(1)), "temperature", celsius(38.2))));
    Map<String, Object> review = awaitOpenTask("HM-FEVER", "review-suspected-iec-hs");
    assertThat(review).containsEntry("candidateGroups", List.of("physicians"));
    long workup = processInstanceKey(review);
    assertThat(variable(workup, "suspicionSummary"))
        .contains("Fever of 38.0 °C or more in the home readings since " + first + ", more than 7 days")
        .contains("consider excluding HLH/MAS (§12, §12.1, Crombie 2024)");
    assertThat(episodes("HM-FEVER")).anySatisfy(e -> assertThat(e)
        .containsEntry("syndrome", "IEC_HS").containsEntry("state", "OPEN"));

    // the next febrile reading is recontacted but does not start the work-up again
    post("HM-FEVER", List.of(reading(first.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(90)), "temperature", celsius(38.4))));
    assessed(instance, 5);
    assertThat(workupsStarted(instance)).isEqualTo(1);
    assertThat(openTasks("HM-FEVER").stream().filter(t -> RECONTACT.equals(t.get("elementId")))).hasSize(5);
    assertThat(incidentsOf(instance)).isEmpty();
  }

  /** Work-ups of the persistent fever started in the instance. */
  private long workupsStarted(long instance) {
    return records()
        .filter(r -> r.getIntent() == io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent.ELEMENT_ACTIVATED)
        .map(r -> (io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue) r.getValue())
        .filter(v -> v.getProcessInstanceKey() == instance && v.getElementId().equals("persistent-fever-iec-hs-workup"))
        .count();
  }
}
