package org.pathway.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.springframework.http.HttpStatus;

/**
 * bpmn/tce-dosing-cycle.bpmn on the in-memory engine with the real DMN and workers, beside the
 * monitoring pathway: doses planned by weight on the label's days, given by a nurse through the
 * task API, recorded as timeline treatments; held while CRS lasts, premedicated and monitored after
 * grade 2, restarted after a delay, discontinued after grade 4 with the physician's rechallenge
 * decision; tebentafusp on its own table with the physician planning the doses; a checkpoint
 * inhibitor with CRS put to the physician (reference §12, §12.1).
 */
class DosingCycleProcessTest extends PathwayTestSupport {

  private final ObjectMapper json = new ObjectMapper();

  /** Enrolled an hour after the first dose was due (the contract's infusionAt). */
  private String enrolled(String id, String therapyClass, String product) {
    Map<String, Object> p = patient(id, now().minus(Duration.ofHours(1)));
    p.put("therapyClass", therapyClass);
    p.put("product", product);
    p.put("indication", "MM");
    assertThat(enroll(p).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return id;
  }

  /** Step-up dose 1 given with dexamethasone 10 mg as pretreatment; the cycle's instance. */
  private long firstDoseGiven(String id) {
    Map<String, Object> first = awaitOpenTask(id, "give-dose");
    ok(first.get("key"), given("DEXAMETHASONE", 10.0));
    return processInstanceKey(first);
  }

  /** An adult's neuro exam now: awake, only the ICE score varies. */
  private Map<String, Object> neuro(int ice) {
    return vars("at", now().toString(), "ice", ice, "capd", null, "consciousness", "AWAKE",
        "globalAphasia", false, "seizure", "NONE", "deepFocalMotorWeakness", false,
        "cerebralEdema", "NONE", "raisedIcpSigns", false, "sedated", false);
  }

  private Map<String, Object> given(String steroid, Double mg) {
    return steroid == null
        ? vars("newSymptoms", "NO", "activeInfection", "NO", "doseGiven", "GIVEN", "pretreatmentSteroid", "NONE")
        : vars("newSymptoms", "NO", "activeInfection", "NO", "doseGiven", "GIVEN", "pretreatmentSteroid", steroid,
            "pretreatmentSteroidMg", mg);
  }

  /** Waits for a pending timer of the element and moves the clock just past it. */
  private void advancePast(long instance, String element) {
    Duration untilDue = Duration.between(now(), pendingTimerDue(instance, element));
    // a timer already due fires as soon as the clock moves at all
    advance((untilDue.isNegative() ? Duration.ZERO : untilDue).plusMinutes(1));
  }

  private JsonNode treatments(String id) throws Exception {
    return json.readTree(http.getForObject("/api/v1/patients/" + id + "/timeline", String.class)).path("treatments");
  }

  private JsonNode doseAction(long instance) throws Exception {
    return json.readTree(variable(instance, "doseAction"));
  }

  @Test
  void teclistamabStepsUpHoldsWhileCrsLastsAndPremedicatesAfterGrade2() throws Exception {
    String id = enrolled("TEC-1", "TCE", "Tecvayli");
    Map<String, Object> first = awaitOpenTask(id, "give-dose");
    long cycle = processInstanceKey(first);
    assertThat(first).containsEntry("candidateGroups", List.of("ward-nurses"));
    Map<String, Object> shown = taskVariables(first);
    // 0.06 mg/kg x 72 kg (§12.1), pretreatment before every dose of the step-up schedule
    assertThat(shown).containsEntry("doseName", "Step-up dose 1").containsEntry("pretreatmentRequired", true);
    assertThat(new java.math.BigDecimal(shown.get("doseMg").toString())).isEqualByComparingTo("4.32");
    ok(first.get("key"), given("DEXAMETHASONE", 10.0));
    await().atMost(WAIT).until(() -> treatments(id).size() == 2);
    JsonNode dose = treatments(id).get(0).path("drug").asText().equals("tecvayli") ? treatments(id).get(0) : treatments(id).get(1);
    assertThat(dose.path("doseMg").decimalValue()).isEqualByComparingTo("4.32");
    assertThat(dose.path("doseMgPerKg").decimalValue()).isEqualByComparingTo("0.06");
    assertThat(dose.path("cycleDay").asInt()).isEqualTo(1);
    assertThat(treatments(id).findValuesAsText("indication")).containsExactlyInAnyOrder("OTHER", "PROPHYLAXIS");

    // grade 1 CRS that still lasts when step-up dose 2 falls due: held, checked again
    advance(Duration.ofHours(10));
    post(id, "vitals", vitals(38.2, "NONE", null));
    advance(Duration.ofHours(58));
    post(id, "vitals", vitals(38.3, "NONE", null));
    advancePast(cycle, "dose-due");
    await().atMost(WAIT).until(() -> pendingTimers(cycle).stream().anyMatch(t -> t.startsWith("held-until-recheck@")));
    assertThat(doseAction(cycle).path("action").asText()).isEqualTo("HOLD");
    assertThat(openTask(id, "give-dose")).isEmpty();

    // resolved: given (no extra premedication after grade 1); a nurse who finds an infection does not give it
    post(id, "vitals", vitals(37.0, "NONE", null));
    advancePast(cycle, "held-until-recheck");
    Map<String, Object> second = awaitOpenTask(id, "give-dose");
    assertThat(taskVariables(second)).containsEntry("doseName", "Step-up dose 2");
    assertThat(doseAction(cycle).path("premedicate").asBoolean()).isFalse();
    ok(second.get("key"), vars("newSymptoms", "NO", "activeInfection", "YES"));
    advancePast(cycle, "not-given-recheck");
    second = awaitOpenTask(id, "give-dose");
    assertThat(new java.math.BigDecimal(taskVariables(second).get("doseMg").toString())).isEqualByComparingTo("21.6");
    ok(second.get("key"), given("DEXAMETHASONE", 10.0));

    // grade 2 after step-up dose 2, resolved: the first treatment dose with premedication, 48 h monitoring
    advance(Duration.ofHours(8));
    post(id, "vitals", vitals(38.6, true, List.of(), "NONE", null));
    advance(Duration.ofHours(4));
    post(id, "vitals", vitals(36.9, "NONE", null));
    advancePast(cycle, "monitoring-after-dose");
    advancePast(cycle, "dose-due");
    Map<String, Object> third = awaitOpenTask(id, "give-dose");
    Map<String, Object> thirdShown = taskVariables(third);
    assertThat(thirdShown).containsEntry("doseName", "First treatment dose").containsEntry("pretreatmentRequired", true);
    assertThat(thirdShown.get("doseActionReason").toString()).contains("Grade 2 CRS resolved");
    assertThat(new java.math.BigDecimal(thirdShown.get("doseMg").toString())).isEqualByComparingTo("108");
    ok(third.get("key"), given(null, null));

    // no CRS since: the weekly treatment dose needs neither (the schedule's row alone)
    advancePast(cycle, "monitoring-after-dose");
    advancePast(cycle, "dose-due");
    Map<String, Object> fourth = awaitOpenTask(id, "give-dose");
    assertThat(taskVariables(fourth))
        .containsEntry("doseName", "Treatment dose")
        .containsEntry("pretreatmentRequired", false);
    assertThat(new java.math.BigDecimal(taskVariables(fourth).get("monitoringHours").toString())).isZero();
    assertThat(incidentsOf(cycle)).isEmpty();
  }

  @Test
  void aDelayBeyondTheLabelsWindowRestartsTheStepUpSchedule() throws Exception {
    String id = enrolled("TEC-2", "TCE", "teclistamab");
    long cycle = firstDoseGiven(id);

    // ICANS after step-up dose 1: the label's ICANS rows are not in the reference, the physician holds
    advance(Duration.ofHours(20));
    post(id, "neuro", neuro(8));
    advance(Duration.ofHours(12));
    post(id, "neuro", neuro(10));
    advancePast(cycle, "monitoring-after-dose");
    advancePast(cycle, "dose-due");
    Map<String, Object> decide = awaitOpenTask(id, "decide-next-dose");
    assertThat(decide).containsEntry("candidateGroups", List.of("physicians"));
    assertThat(taskVariables(decide).get("decisionReason").toString()).contains("ICANS");
    ok(decide.get("key"), vars("dosingDecision", "HOLD", "recheckInHours", 168, "dosingDecisionReason", "neurology review first"));

    // 8 days after step-up dose 1: the physician gives the go; the delay rows restart at step-up dose 1
    advancePast(cycle, "physician-hold");
    decide = awaitOpenTask(id, "decide-next-dose");
    assertThat(taskVariables(decide).get("delayReason").toString()).contains("restart the step-up schedule");
    ok(decide.get("key"), vars("dosingDecision", "RESTART_STEP_UP", "dosingDecisionReason", "label: more than 7 days"));
    Map<String, Object> restarted = awaitOpenTask(id, "give-dose");
    assertThat(taskVariables(restarted)).containsEntry("doseName", "Step-up dose 1");
    assertThat(incidentsOf(cycle)).isEmpty();
  }

  @Test
  void aScheduledDoseGivenOnTimeAfterALongHoldIsRestartedByTheDelayRows() throws Exception {
    String id = enrolled("TEC-3", "TCE", "teclistamab");
    long cycle = firstDoseGiven(id);
    advancePast(cycle, "monitoring-after-dose");
    advancePast(cycle, "dose-due");
    // an infection keeps step-up dose 2 from being given for more than a week
    for (int i = 0; i < 6; i++) {
      Map<String, Object> task = awaitOpenTask(id, "give-dose");
      // the first day new symptoms, then the infection
      ok(task.get("key"), i == 0 ? vars("newSymptoms", "YES") : vars("newSymptoms", "NO", "activeInfection", "YES"));
      await().atMost(WAIT).until(() -> pendingTimers(cycle).stream().anyMatch(t -> t.startsWith("not-given-recheck@")));
      advance(Duration.ofHours(24));
    }
    // step-up dose 1 was more than 7 days ago: restarted once, and the restart itself is given
    Map<String, Object> again = awaitOpenTask(id, "give-dose");
    assertThat(completions(cycle, "repeat-or-restart-dose")).isEqualTo(1);
    assertThat(taskVariables(again)).containsEntry("doseName", "Step-up dose 1");
  }

  @Test
  void grade4CrsDiscontinuesAndThePhysicianDecidesOnRechallengeWithGoalsAndRisks() throws Exception {
    String id = enrolled("TEC-4", "TCE", "teclistamab");
    long cycle = firstDoseGiven(id);
    advance(Duration.ofHours(12));
    // multiple vasopressors excluding vasopressin: grade 4 (§3.1)
    post(id, "vitals", vitals(39.0, true, List.of("norepinephrine", "phenylephrine"), "NONE", null));
    advancePast(cycle, "monitoring-after-dose");
    advancePast(cycle, "dose-due");
    Map<String, Object> rechallenge = awaitOpenTask(id, "decide-rechallenge");
    assertThat(rechallenge).containsEntry("candidateGroups", List.of("physicians"));
    Map<String, Object> shown = taskVariables(rechallenge);
    assertThat(shown.get("labelRow").toString()).contains("Grade 4", "permanently discontinue");
    assertThat(shown.get("courseSummary").toString()).contains("CRS up to grade 4");
    assertThat(doseAction(cycle).path("action").asText()).isEqualTo("DISCONTINUE");
    ok(rechallenge.get("key"), vars("patientGoals", "wants to attend daughter's wedding",
        "rechallengeRisks", "recurrent grade 4 CRS", "rechallengeDecision", "DISCONTINUE",
        "rechallengeReason", "label: any grade 4"));
    await().atMost(WAIT).until(() -> completions(cycle, "treatment-discontinued") == 1);
    assertThat(openTask(id, "give-dose")).isEmpty();
    JsonNode trail = http.getForObject("/api/v1/audit?patientId=" + id, JsonNode.class);
    assertThat(trail.findValuesAsText("detail")).anySatisfy(d -> assertThat(d)
        .contains("rechallenge: DISCONTINUE", "wants to attend daughter's wedding", "label: any grade 4"));
  }

  @Test
  void aShortGrade3AsksTheRechallengeDecisionAndAResumedDoseIsPremedicatedAndMonitored() throws Exception {
    String id = enrolled("TEC-5", "TCE", "teclistamab");
    long cycle = firstDoseGiven(id);
    // one vasopressor: grade 3 (§3.1), for 5 h
    advance(Duration.ofHours(12));
    post(id, "vitals", vitals(39.1, true, List.of("norepinephrine"), "NONE", null));
    advance(Duration.ofHours(5));
    post(id, "vitals", vitals(37.0, "NONE", null));
    advancePast(cycle, "monitoring-after-dose");
    advancePast(cycle, "dose-due");
    Map<String, Object> rechallenge = awaitOpenTask(id, "decide-rechallenge");
    assertThat(taskVariables(rechallenge).get("labelRow").toString()).contains("Grade 3 CRS (less than 48 h)");
    assertThat(openTask(id, "give-dose")).isEmpty();
    ok(rechallenge.get("key"), vars("patientGoals", "continue treatment, myeloma progressing",
        "rechallengeRisks", "recurrent grade 3 CRS", "rechallengeDecision", "RESUME",
        "rechallengeReason", "short grade 3, resolved with tocilizumab"));
    Map<String, Object> resumed = awaitOpenTask(id, "give-dose");
    assertThat(taskVariables(resumed)).containsEntry("doseName", "Step-up dose 2").containsEntry("pretreatmentRequired", true);
    assertThat(new java.math.BigDecimal(taskVariables(resumed).get("monitoringHours").toString())).isEqualByComparingTo("48");
  }

  @Test
  void aPhysicianStopsTheTreatmentAndTheOpenDoseTaskGoes() {
    String id = enrolled("TEC-6", "TCE", "teclistamab");
    long cycle = processInstanceKey(awaitOpenTask(id, "give-dose"));
    String stop = "/api/v1/patients/" + id + "/dosing-cycle/stop";
    Map<String, Object> reason = Map.of("reason", "progression on PET-CT");
    assertThat(as(org.pathway.api.security.Role.NURSE).postForEntity(stop, reason, Map.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(http.postForEntity(stop, Map.of("reason", " "), Map.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(http.postForEntity(stop, reason, Map.class).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    await().atMost(WAIT).until(() -> completions(cycle, "treatment-stopped") == 1);
    await().atMost(WAIT).until(() -> openTask(id, "give-dose").isEmpty());
    assertThat(variable(cycle, "dosingStopReason")).contains("progression on PET-CT", "physician");

    enrolled("CART-2", "CAR_T", "cilta-cel");
    assertThat(http.postForEntity("/api/v1/patients/CART-2/dosing-cycle/stop", reason, Map.class).getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
    assertThat(http.postForEntity("/api/v1/patients/NOBODY/dosing-cycle/stop", reason, Map.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void tebentafuspDosesArePlannedByThePhysicianAndPersistentModerateCrsPremedicatesTheNext() throws Exception {
    String id = enrolled("TEB-1", "TCE", "Kimmtrak");
    Map<String, Object> plan = awaitOpenTask(id, "plan-dose-by-physician");
    long cycle = processInstanceKey(plan);
    assertThat(taskVariables(plan).get("scheduleSource").toString()).contains("No verified dosing schedule");
    ok(plan.get("key"), vars("planDecision", "PLAN", "plannedDoseMg", 0.02, "plannedDaysAfterPrevious", 0,
        "planPretreatment", "NO", "planMonitoringHours", 16, "planNote", "label: 20 mcg day 1"));
    Map<String, Object> first = awaitOpenTask(id, "give-dose");
    assertThat(new java.math.BigDecimal(taskVariables(first).get("doseMg").toString())).isEqualByComparingTo("0.02");
    ok(first.get("key"), given(null, null));

    // moderate CRS for 3 h (persistent: from 2 h, §12)
    advance(Duration.ofHours(8));
    post(id, "vitals", vitals(38.4, true, List.of(), "NONE", null));
    advance(Duration.ofHours(3));
    post(id, "vitals", vitals(37.2, "NONE", null));
    advancePast(cycle, "monitoring-after-dose");
    plan = awaitOpenTask(id, "plan-dose-by-physician");
    ok(plan.get("key"), vars("planDecision", "PLAN", "plannedDoseMg", 0.03, "plannedDaysAfterPrevious", 7,
        "planPretreatment", "NO", "planMonitoringHours", 16, "planNote", "label: 30 mcg day 8"));
    advancePast(cycle, "dose-due");
    Map<String, Object> second = awaitOpenTask(id, "give-dose");
    Map<String, Object> shown = taskVariables(second);
    assertThat(shown).containsEntry("pretreatmentRequired", true);
    assertThat(shown.get("doseActionReason").toString()).contains("Persistent moderate CRS", "tebentafusp");
  }

  @Test
  void aCheckpointInhibitorWithCrsGoesToThePhysicianAndACarTPatientHasNoCycle() throws Exception {
    String id = enrolled("ICI-1", "OTHER", "pembrolizumab");
    enrolled("CART-1", "CAR_T", "cilta-cel");
    Map<String, Object> plan = awaitOpenTask(id, "plan-dose-by-physician");
    long cycle = processInstanceKey(plan);
    ok(plan.get("key"), vars("planDecision", "PLAN", "plannedDoseMg", 200, "plannedDaysAfterPrevious", 0,
        "planPretreatment", "NO", "planMonitoringHours", 0, "planNote", "every 3 weeks"));
    ok(awaitOpenTask(id, "give-dose").get("key"), given(null, null));
    advance(Duration.ofHours(30));
    post(id, "vitals", vitals(38.1, "NONE", null));
    advance(Duration.ofHours(6));
    post(id, "vitals", vitals(37.0, "NONE", null));
    plan = awaitOpenTask(id, "plan-dose-by-physician");
    ok(plan.get("key"), vars("planDecision", "PLAN", "plannedDoseMg", 200, "plannedDaysAfterPrevious", 21,
        "planPretreatment", "NO", "planMonitoringHours", 0, "planNote", "every 3 weeks"));
    advancePast(cycle, "dose-due");
    Map<String, Object> decide = awaitOpenTask(id, "decide-next-dose");
    assertThat(taskVariables(decide).get("decisionReason").toString()).contains("no verified label rows");
    // not decided in time: the on-call physician is paged (dmn/urgent-page.dmn)
    advancePast(cycle, "decide-next-dose-overdue");
    await().atMost(WAIT).until(() -> json.readTree(http.getForObject("/api/v1/audit?patientId=" + id, String.class))
        .findValuesAsText("detail").stream().anyMatch(d -> d.startsWith("A physician review is overdue")));
    ok(decide.get("key"), vars("dosingDecision", "GIVE", "dosingDecisionReason", "grade 1 resolved, benefit outweighs"));
    assertThat(awaitOpenTask(id, "give-dose")).isNotNull();
    List<String> cycles = records()
        .filter(r -> r.getValueType() == io.camunda.zeebe.protocol.record.ValueType.VARIABLE)
        .map(r -> (io.camunda.zeebe.protocol.record.value.VariableRecordValue) r.getValue())
        .filter(v -> v.getBpmnProcessId().equals("tce-dosing-cycle") && v.getName().equals("patientId"))
        .map(io.camunda.zeebe.protocol.record.value.VariableRecordValue::getValue)
        .toList();
    assertThat(cycles).contains("\"ICI-1\"").doesNotContain("\"CART-1\"");
  }
}
