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
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * iec-hs-workup.bpmn called from the monitoring pathway, on the in-memory engine with the real DMN
 * and workers: the physician's review (confirm, refute as an override, alternative cause), the
 * differential work-up in parallel (results and waivers through the forms), grading, treatment
 * options by line, reassessment on the engine clock, ICU escalation, and the episode's summary.
 */
class IecHsWorkupProcessTest extends PathwayTestSupport {

  private static final Duration REASSESSMENT = Duration.ofHours(48);
  private static final List<String> WORKUP_TASKS =
      List.of(
          "infection-workup",
          "relapse-workup",
          "hlh-panel",
          "bone-marrow-evaluation",
          "drug-tma-dic-review",
          "icans-assessment");

  private final ObjectMapper json = new ObjectMapper();

  /** A patient on D+12 whose labs (reference TC-07) raise the suspicion: the review task. */
  private Map<String, Object> suspected(String id) {
    Instant infusion = now().minus(Duration.ofDays(12)).minus(Duration.ofHours(2));
    assertThat(enroll(patient(id, infusion)).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(postLabs(id, tc07Labs(infusion, now().minusSeconds(600))).getStatusCode())
        .isEqualTo(HttpStatus.ACCEPTED);
    return awaitOpenTask(id, "review-suspected-iec-hs");
  }



  private Map<String, Object> confirmed(String id, Map<String, Object> course) {
    Map<String, Object> review = suspected(id);
    Map<String, Object> v = vars("reviewDecision", "CONFIRMED", "reviewReason", "ferritin, fibrinogen, counts");
    v.putAll(course);
    ok(review.get("key"), v);
    return awaitOpenTask(id, "order-iec-hs-treatment");
  }

  private JsonNode variableJson(long instance, String name) throws Exception {
    return json.readTree(variable(instance, name));
  }


  private Map<String, Object> iecHsEpisode(String id) {
    return episodes(id).stream().filter(e -> "IEC_HS".equals(e.get("syndrome"))).findFirst().orElseThrow();
  }

  private Map<String, Object> awaitEpisodeEnded(String id) {
    try {
      return await()
          .atMost(WAIT)
          .until(() -> iecHsEpisode(id), e -> "ENDED".equals(e.get("state")));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "episode of " + id + " still " + episodes(id) + "; incidents " + incidents(), e);
    }
  }

  private void completeWorkup(String id) {
    Map<String, Object> relapse = awaitOpenTask(id, "relapse-workup");
    // a waiver needs its reason
    ResponseEntity<Map<String, Object>> noReason =
        complete(relapse.get("key"), vars("relapseWorkupOutcome", "WAIVED"));
    assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noReason.getBody().toString()).contains("/variables/relapseWorkupDetails", "is required");
    ok(relapse.get("key"), vars("relapseWorkupOutcome", "WAIVED", "relapseWorkupDetails", "restaged on D+10, no progression"));
    ok(awaitOpenTask(id, "infection-workup").get("key"),
        vars("infectionWorkupOutcome", "NO_FINDING", "infectionWorkupDetails", "cultures negative, CMV/EBV PCR negative"));
    ok(awaitOpenTask(id, "hlh-panel").get("key"),
        vars("hlhPanelOutcome", "SENT", "hlhPanelDrawn", List.of("FERRITIN", "FIBRINOGEN", "TRIGLYCERIDES", "SIL2R"),
            "hlhPanelDetails", "drawn 08:10"));
    ok(awaitOpenTask(id, "bone-marrow-evaluation").get("key"),
        vars("boneMarrowOutcome", "HEMOPHAGOCYTOSIS", "boneMarrowDetails", "haemophagocytosis, no relapse"));
    ok(awaitOpenTask(id, "drug-tma-dic-review").get("key"),
        vars("drugReviewOutcome", "NO_FINDING", "drugReviewDetails", "no hepatotoxic drugs, no schistocytes"));
    // ICE item by item: 3 of 4 orientation, 3 naming, commands, writing, no attention = 8
    ok(awaitOpenTask(id, "icans-assessment").get("key"),
        vars("neuroInstrument", "ICE",
            "iceOrientation", List.of("YEAR", "MONTH", "CITY"),
            "iceNaming", List.of("OBJECT_1", "OBJECT_2", "OBJECT_3"),
            "iceCommands", true, "iceWriting", true, "iceAttention", false,
            "iceScore", 10, // the form's display value is not trusted
            "globalAphasia", false, "consciousness", "AWAKE", "seizure", "NONE",
            "deepFocalMotorWeakness", false, "cerebralEdema", "NONE", "raisedIcpSigns", false));
  }

  private void reassessmentDue(long instance) {
    advancePastTimer(instance, "reassessment-due", REASSESSMENT);
  }

  /**
   * The grade reads the interventions the bedside record holds (reference §5.3): a patient on
   * noradrenaline is grade 4 and goes to the ICU team although the physician ticked nothing. The
   * grade once read the physician's ticks alone ("no intervention so far", grade 1).
   */
  @Test
  void aConfirmedPatientOnVasopressorsIsGradedFourFromTheBedsideRecord() throws Exception {
    Map<String, Object> review = suspected("WU-PRESSOR");
    var vitals = http.exchange("/api/v1/patients/WU-PRESSOR/vitals", org.springframework.http.HttpMethod.POST,
        new org.springframework.http.HttpEntity<>(Map.of("vitals", List.of(vars(
            "at", now().toString(), "temperature", Map.of("value", 38.2, "unit", "Cel"), "hypotension", true,
            "vasopressors", List.of("noradrenaline"), "oxygen", Map.of("device", "NONE"))))), JSON);
    assertThat(vitals.getStatusCode().is2xxSuccessful()).as(String.valueOf(vitals.getBody())).isTrue();
    ok(review.get("key"), vars("reviewDecision", "CONFIRMED", "reviewReason", "ferritin, fibrinogen, counts"));
    Map<String, Object> icu = awaitOpenTask("WU-PRESSOR", "icu-handover");
    JsonNode grade = variableJson(processInstanceKey(icu), "iecHsGrade");
    assertThat(grade.path("grade").asInt()).as(grade.toString()).isEqualTo(4);
    assertThat(grade.path("reason").asText()).contains("vasopressors");
  }

  /**
   * Haemophagocytosis found on the marrow is a finding of the patient's timeline that the grading
   * reads (reference §5.1): the form's answer once stayed in the process, unseen by every scale.
   */
  @Test
  void haemophagocytosisOnTheMarrowBecomesATimelineFindingTheSuspicionReads() {
    confirmed("WU-MARROW", Map.of());
    ok(awaitOpenTask("WU-MARROW", "bone-marrow-evaluation").get("key"),
        vars("boneMarrowOutcome", "HEMOPHAGOCYTOSIS", "boneMarrowDetails", "haemophagocytosis, no relapse"));
    await().atMost(WAIT).until(() -> http.getForObject("/api/v1/patients/WU-MARROW/timeline", JsonNode.class)
        .path("findings").toString().contains("HEMOPHAGOCYTOSIS"));
    await().atMost(WAIT).until(() -> assessments.latest("WU-MARROW")
        .map(a -> a.findings().contains("HEMOPHAGOCYTOSIS")).orElse(false));
  }

  @Test
  void confirmedIecHsIsWorkedUpTreatedLineByLineAndEndsResolvedWithASummary() throws Exception {
    Map<String, Object> order = confirmed("WU-FULL", vars("courseIntervention", true));
    long instance = processInstanceKey(order);
    assertThat(order)
        .containsEntry("name", "Order IEC-HS treatment")
        .containsEntry("candidateGroups", List.of("physicians"))
        .containsEntry("dayPostInfusion", 12);
    assertThat(Instant.parse((String) order.get("dueDate")))
        .isBetween(now().plus(Duration.ofMinutes(110)), now().plus(Duration.ofMinutes(121)));

    // grade 2 (needs immunosuppression), first line; 72 kg: anakinra capped at 100 mg per dose,
    // dexamethasone at 10 mg; TC-07's low fibrinogen adds replacement
    assertThat(variableJson(instance, "iecHsGrade").path("grade").asInt()).isEqualTo(2);
    JsonNode options = variableJson(instance, "treatmentOptions");
    assertThat(options.findValuesAsText("option"))
        .containsExactly("ANAKINRA", "DEXAMETHASONE", "FIBRINOGEN_REPLACEMENT");
    assertThat(options.get(0).path("dose").asText()).startsWith("100 mg per dose (2 mg/kg, at most 100 mg)");
    assertThat(options.get(1).path("dose").asText()).startsWith("10 mg IV");
    assertThat(options.get(0).path("source").asText()).contains("§5.4", "§11.3");

    // the differential work-up runs beside the treatment, each item due per configuration
    for (String item : WORKUP_TASKS) {
      awaitOpenTask("WU-FULL", item);
    }
    Instant started = Instant.parse(variable(instance, "episodeStartedAt").replace("\"", ""));
    assertThat(openTask("WU-FULL", "infection-workup").orElseThrow())
        .containsEntry("candidateGroups", List.of("physicians"))
        .containsEntry("dueDate", started.plus(Duration.ofHours(6)).toString());
    assertThat(openTask("WU-FULL", "icans-assessment").orElseThrow())
        .containsEntry("candidateGroups", List.of("ward-nurses"))
        .containsEntry("dueDate", started.plus(Duration.ofHours(12)).toString());

    ok(order.get("key"), vars("treatmentOrdered", List.of("ANAKINRA", "FIBRINOGEN_REPLACEMENT"),
        "treatmentOrderDetails", "anakinra 100 mg SC q12h; cryoprecipitate 10 units"));
    completeWorkup("WU-FULL");
    await().atMost(WAIT).until(() -> completions(instance, "differential-workup") == 1);

    // the ICANS assessment is in the timeline, scored from the items
    JsonNode timeline = json.readTree(http.getForObject("/api/v1/patients/WU-FULL/timeline", String.class));
    assertThat(timeline.at("/neuro/0/ice").asInt()).isEqualTo(8);
    assertThat(timeline.at("/neuro/0/consciousness").asText()).isEqualTo("AWAKE");

    // not improving on first line: second line (72 kg: emapalumab 432 mg day 1, then 216 mg)
    reassessmentDue(instance);
    Map<String, Object> reassess = awaitOpenTask("WU-FULL", "reassess-iec-hs");
    assertThat(reassess).containsEntry("candidateGroups", List.of("physicians"));
    ok(reassess.get("key"), vars("clinicalResponse", "NOT_IMPROVING", "courseIntervention", true,
        "reassessmentNote", "ferritin still rising"));
    Map<String, Object> secondLine = awaitOpenTask("WU-FULL", "order-iec-hs-treatment");
    assertThat(variable(instance, "treatmentLine")).isEqualTo("2");
    options = variableJson(instance, "treatmentOptions");
    assertThat(options.findValuesAsText("option"))
        .containsExactly("FIBRINOGEN_REPLACEMENT", "RUXOLITINIB", "EMAPALUMAB");
    assertThat(options.get(2).path("dose").asText())
        .startsWith("432 mg on day 1 (6 mg/kg), then 216 mg (3 mg/kg)");
    ok(secondLine.get("key"), vars("treatmentOrdered", List.of("EMAPALUMAB"), "treatmentOrderDetails", "emapalumab 432 mg"));

    // not improving on second line: refractory, etoposide
    reassessmentDue(instance);
    ok(awaitOpenTask("WU-FULL", "reassess-iec-hs").get("key"),
        vars("clinicalResponse", "NOT_IMPROVING", "courseIntervention", true, "reassessmentNote", "no response"));
    Map<String, Object> refractory = awaitOpenTask("WU-FULL", "order-iec-hs-treatment");
    assertThat(variableJson(instance, "treatmentOptions").findValuesAsText("option")).contains("ETOPOSIDE");
    ok(refractory.get("key"), vars("treatmentOrdered", List.of("ETOPOSIDE"), "treatmentOrderDetails", "etoposide 75 mg/m2"));

    // improving: the line continues without a new order; then resolved
    reassessmentDue(instance);
    ok(awaitOpenTask("WU-FULL", "reassess-iec-hs").get("key"),
        vars("clinicalResponse", "IMPROVING", "courseIntervention", true, "reassessmentNote", "ferritin falling"));
    reassessmentDue(instance);
    ok(awaitOpenTask("WU-FULL", "reassess-iec-hs").get("key"),
        vars("clinicalResponse", "RESOLVED", "reassessmentNote", "counts recovered"));

    Map<String, Object> episode = awaitEpisodeEnded("WU-FULL");
    assertThat(episode).containsEntry("outcome", "RESOLVED").containsEntry("peakGrade", 2)
        .containsEntry("dayPostInfusion", 12).containsEntry("syndrome", "IEC_HS");
    JsonNode summary = json.valueToTree(episode.get("summary"));
    assertThat(summary.path("treatmentsOrdered").findValuesAsText("details"))
        .containsExactly("anakinra 100 mg SC q12h; cryoprecipitate 10 units", "emapalumab 432 mg", "etoposide 75 mg/m2");
    assertThat(summary.path("gradings").findValuesAsText("nextStep"))
        .containsExactly("TREAT", "NEXT_LINE", "NEXT_LINE", "CONTINUE", "END_RESOLVED");
    assertThat(summary.at("/workup/relapse/outcome").asText()).isEqualTo("WAIVED");
    assertThat(summary.at("/workup/boneMarrow/outcome").asText()).isEqualTo("HEMOPHAGOCYTOSIS");
    assertThat(summary.at("/workup/icans/ice").asInt()).isEqualTo(8);
    assertThat(summary.at("/review/decision").asText()).isEqualTo("CONFIRMED");
    assertThat(summary.path("hoursOpen").asDouble()).isGreaterThanOrEqualTo(4 * 48);
    assertThat(summary.path("icuHandovers")).isEmpty();
    assertThat(completions(instance, "icu-handover")).isZero();
  }

  @Test
  void aRefutedSuspicionIsAnOverrideKeptWithItsReason() {
    Map<String, Object> review = suspected("WU-REFUTE");
    ok(review.get("key"), vars("reviewDecision", "REFUTED", "reviewReason", "sepsis, cultures positive"));
    Map<String, Object> episode = awaitEpisodeEnded("WU-REFUTE");
    assertThat(episode).containsEntry("outcome", "REFUTED");
    assertThat(episode.get("summary").toString()).contains("sepsis, cultures positive");
    assertThat(openTasks("WU-REFUTE")).noneMatch(t -> WORKUP_TASKS.contains(t.get("elementId")));
    assertThat(openTask("WU-REFUTE", "order-iec-hs-treatment")).isEmpty();
  }

  @Test
  void anAlternativeCauseMustBeNamed() {
    Object review = suspected("WU-ALT").get("key");
    ResponseEntity<Map<String, Object>> unnamed =
        complete(review, vars("reviewDecision", "ALTERNATIVE_CAUSE", "reviewReason", "looks like infection",
            "courseSevere", true));
    assertThat(unnamed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unnamed.getBody().toString())
        .contains("/variables/alternativeCause", "is required")
        .contains("/variables/courseSevere", "is hidden in this form");
    assertThat(openTask("WU-ALT", "review-suspected-iec-hs")).isPresent();

    ok(review, vars("reviewDecision", "ALTERNATIVE_CAUSE", "alternativeCause", "INFECTION",
        "reviewReason", "looks like infection"));
    Map<String, Object> episode = awaitEpisodeEnded("WU-ALT");
    assertThat(episode).containsEntry("outcome", "ALTERNATIVE_CAUSE");
    assertThat(episode.get("summary").toString()).contains("alternativeCause=INFECTION");
  }

  @Test
  void gradeFourAtDiagnosisGoesToTheIcuTeamWhileNursingGoesOn() {
    Map<String, Object> order = confirmed("WU-ICU", vars("courseLifeThreatening", true, "courseIntervention", true));
    long instance = processInstanceKey(order);
    Map<String, Object> icu = awaitOpenTask("WU-ICU", "icu-handover");
    assertThat(icu)
        .containsEntry("name", "Hand over to the ICU team")
        .containsEntry("candidateGroups", List.of("icu-team"))
        .containsEntry("priority", 100);
    assertThat(variable(instance, "iecHsGrade")).contains("\"grade\":4");
    // the work-up and the daily labs go on beside it; work-up items past their due time show as overdue
    awaitOpenTask("WU-ICU", "infection-workup");
    advance(Duration.ofDays(1));
    awaitOpenTask("WU-ICU", "draw-daily-labs");
    await().atMost(WAIT).until(() -> completions(instance, "infection-workup-late") == 1);
    assertThat(completions(instance, "icans-assessment-late")).isEqualTo(1);
    assertThat(completions(instance, "relapse-workup-late")).isZero(); // due after 72 h
    assertThat(openTask("WU-ICU", "infection-workup")).isPresent();
    ok(icu.get("key"), vars("icuHandoverOutcome", "ADMITTED", "icuHandoverNote", "admitted to ICU bed 4"));
    await().atMost(WAIT).until(() -> completions(instance, "icu-handed-over") == 1);
    assertThat(variable(instance, "icuHandovers")).contains("ADMITTED");
  }

  @Test
  void deteriorationAtReassessmentEscalatesToTheIcuAndTheNextLine() {
    Map<String, Object> order = confirmed("WU-WORSE", vars("courseIntervention", true));
    long instance = processInstanceKey(order);
    ok(order.get("key"), vars("treatmentOrdered", List.of("ANAKINRA"), "treatmentOrderDetails", "anakinra 100 mg"));
    reassessmentDue(instance);
    // grade 2 -> 3 (bleeding requiring transfusion)
    ok(awaitOpenTask("WU-WORSE", "reassess-iec-hs").get("key"),
        vars("clinicalResponse", "NOT_IMPROVING", "courseIntervention", true, "courseSevere", true,
            "reassessmentNote", "bleeding, transfused"));
    awaitOpenTask("WU-WORSE", "icu-handover");
    awaitOpenTask("WU-WORSE", "order-iec-hs-treatment");
    assertThat(variable(instance, "iecHsResponse"))
        .contains("\"icuEscalation\":true", "Grade rose from 2 to 3");
    assertThat(variable(instance, "treatmentLine")).isEqualTo("2");
  }

  @Test
  void aClinicianAsksForAReassessmentAtOnceWhenThePatientDeteriorates() {
    Map<String, Object> order = confirmed("WU-EARLY", vars("courseIntervention", true));
    long instance = processInstanceKey(order);
    ok(order.get("key"), vars("treatmentOrdered", List.of("ANAKINRA"), "treatmentOrderDetails", "anakinra 100 mg"));
    await().atMost(WAIT).until(() -> pendingTimers(instance).stream().anyMatch(t -> t.startsWith("reassessment-due@")));

    String path = "/api/v1/patients/WU-EARLY/iec-hs/reassessment";
    var nurse = as(org.pathway.api.security.Role.NURSE);
    assertThat(nurse.exchange(path, HttpMethod.POST, new org.springframework.http.HttpEntity<>(Map.of("reason", " ")), String.class)
            .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<Map<String, Object>> asked = nurse.exchange(path, HttpMethod.POST,
        new org.springframework.http.HttpEntity<>(Map.of("reason", "hypotensive, saturation falling")), JSON);
    assertThat(asked.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

    // at once, not 48 h later
    Map<String, Object> reassess = awaitOpenTask("WU-EARLY", "reassess-iec-hs");
    assertThat(variable(instance, "reassessmentRequestReason")).contains("hypotensive, saturation falling (nurse)");
    ok(reassess.get("key"), vars("clinicalResponse", "DETERIORATING", "courseIntervention", true,
        "courseLifeThreatening", true, "reassessmentNote", "needs vasopressors"));
    awaitOpenTask("WU-EARLY", "icu-handover");
    awaitOpenTask("WU-EARLY", "order-iec-hs-treatment");
    assertThat(variable(instance, "treatmentLine")).isEqualTo("2");
    assertThat(variable(instance, "reassessmentRequestReason")).isEqualTo("null");

    // no open episode, nothing to reassess
    enroll(patient("WU-NO-EPISODE", now().minus(Duration.ofDays(5))));
    assertThat(http.exchange("/api/v1/patients/WU-NO-EPISODE/iec-hs/reassessment", HttpMethod.POST,
            new org.springframework.http.HttpEntity<>(Map.of("reason", "worse")), String.class).getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
  }

  @Test
  void deathEndsTheEpisodeAndCancelsTheOpenWorkup() {
    Map<String, Object> order = confirmed("WU-DIED", vars("courseIntervention", true));
    long instance = processInstanceKey(order);
    ok(order.get("key"), vars("treatmentOrdered", List.of("ANAKINRA"), "treatmentOrderDetails", "anakinra 100 mg"));
    awaitOpenTask("WU-DIED", "infection-workup");
    reassessmentDue(instance);
    ok(awaitOpenTask("WU-DIED", "reassess-iec-hs").get("key"),
        vars("clinicalResponse", "DIED", "courseDeath", true, "reassessmentNote", "died of multi-organ failure"));
    Map<String, Object> episode = awaitEpisodeEnded("WU-DIED");
    assertThat(episode).containsEntry("outcome", "DIED").containsEntry("peakGrade", 5);
    assertThat(openTasks("WU-DIED")).noneMatch(t -> WORKUP_TASKS.contains(t.get("elementId")));
  }

  @Test
  void aChangedSuspicionDuringAnOpenEpisodeStartsNoSecondWorkup() {
    suspected("WU-ONCE");
    await().atMost(WAIT).until(() -> episodes("WU-ONCE").size() == 1);
    // D+12 again: transaminases now over 5x ULN, a changed set of findings
    postLabs("WU-ONCE", List.of(lab(now().minusSeconds(60), "1742-6", 260, "U/L", null, 40)));
    await().atMost(WAIT).until(() -> completions(0, "record-assessment") > 0
        && assessmentsOf("WU-ONCE") == 2);
    engine.waitForIdleState(IDLE);
    assertThat(episodes("WU-ONCE")).hasSize(1);
    assertThat(openTasks("WU-ONCE").stream().filter(t -> "review-suspected-iec-hs".equals(t.get("elementId"))))
        .hasSize(1);
  }

  /**
   * Issue 10 §3: the physician has not reviewed the suspicion yet when the labs worsen (ferritin
   * doubled, pathway.episodes.re-raise; fibrinogen below 100 mg/dL): the open review is no longer
   * the only thing a physician sees. A task more urgent than the review names what worsened, and
   * the review stays open; a delivery that shows nothing worse tells no one.
   */
  @Test
  void aPatientWorseningWhileTheReviewIsOpenIsPutToThePhysicianAtOnce() {
    Map<String, Object> review = suspected("WU-WORSE-OPEN");
    long instance = processInstanceKey(review);

    // nothing worse (ferritin 900 again): no one is told
    postLabs("WU-WORSE-OPEN", List.of(lab(now().minusSeconds(300), "2276-4", 950, "ng/mL", null, 300)));
    await().atMost(WAIT).until(() -> assessmentsOf("WU-WORSE-OPEN") == 2);
    engine.waitForIdleState(IDLE);
    assertThat(openTask("WU-WORSE-OPEN", "review-worsened-iec-hs")).isEmpty();

    // ferritin more than doubled since the review was raised (900 → 2,000 ng/mL)
    postLabs("WU-WORSE-OPEN", List.of(lab(now().minusSeconds(120), "2276-4", 2000, "ng/mL", null, 300)));
    Map<String, Object> worse = awaitOpenTask("WU-WORSE-OPEN", "review-worsened-iec-hs");
    assertThat(processInstanceKey(worse)).isEqualTo(instance);
    assertThat(((Number) worse.get("priority")).intValue()).isGreaterThan(((Number) review.get("priority")).intValue());
    assertThat(variable(instance, "worseningSummary"))
        .contains("Worse since the review was raised: ferritin 900 → 2000 ng/mL (at least 2.0-fold)", "Findings:");
    assertThat(openTask("WU-WORSE-OPEN", "review-suspected-iec-hs")).get()
        .extracting(t -> t.get("key")).isEqualTo(review.get("key"));

    // measured against what the physician was told last: fibrinogen 1.5 → 0.8 g/L, below 100 mg/dL
    ok(worse.get("key"), vars("worseningNote", "seen, reviewing now"));
    postLabs("WU-WORSE-OPEN", List.of(lab(now().minusSeconds(60), "3255-7", 0.8, "g/L", 2.0, null)));
    await().atMost(WAIT).until(() -> variable(instance, "worseningSummary").contains("fibrinogen"));
    assertThat(variable(instance, "worseningSummary"))
        .contains("fibrinogen 150 → 80 mg/dL (below 100)")
        .doesNotContain("ferritin 900");
    awaitOpenTask("WU-WORSE-OPEN", "review-worsened-iec-hs");

    // once the review is decided, a worsening is the episode's (reassessment), not the review's
    ok(review.get("key"), vars("reviewDecision", "CONFIRMED", "reviewReason", "ferritin, fibrinogen, counts"));
    awaitOpenTask("WU-WORSE-OPEN", "order-iec-hs-treatment");
  }

  /**
   * Issue 10 §1: grade ≥3 pulmonary oedema and oliguria that the physician records on the review
   * become findings of the timeline (finding types beyond iec-timeline/1, README) that carHLH reads
   * (reference §6 criteria 3 and 2); both once stayed "not evaluable" for want of a field.
   */
  @Test
  void pulmonaryOedemaAndOliguriaOnTheReviewAreTimelineFindingsCarHlhReads() {
    Map<String, Object> review = suspected("WU-ORGANS");
    ok(review.get("key"), vars("reviewDecision", "CONFIRMED", "reviewReason", "ferritin, fibrinogen, counts",
        "pulmonaryEdemaGrade3OrMore", true, "oliguriaGrade3OrMore", true));
    JsonNode timeline = await().atMost(WAIT).until(
        () -> http.getForObject("/api/v1/patients/WU-ORGANS/timeline", JsonNode.class),
        t -> t.path("findings").toString().contains("OLIGURIA_GRADE_3_OR_MORE"));
    assertThat(timeline.path("findings").toString()).contains("PULMONARY_EDEMA_GRADE_3_OR_MORE");
    // the stored timeline as ./pathway evaluate reads it: criteria 2 and 3 met, none left unknown
    org.pathway.grading.EvaluationResult.CarHlh carHlh = evaluator.evaluate(timeline).evaluations().getLast().carHlh();
    assertThat(carHlh.organToxicities())
        .containsExactlyInAnyOrder("OLIGURIA_GRADE_3_OR_MORE", "PULMONARY_EDEMA_GRADE_3_OR_MORE");
    assertThat(carHlh.notEvaluable()).doesNotContain("OLIGURIA", "PULMONARY_EDEMA");
    assertThat(carHlh.met()).isFalse(); // no ferritin above 10,000 ng/mL in the CRS phase

    // a ferritin above 10,000 ng/mL on D+3 (the CRS phase): with two organ criteria, carHLH is met
    Instant infusion = Instant.parse(timeline.path("patient").path("infusionAt").asText());
    postLabs("WU-ORGANS", List.of(lab(infusion.plus(Duration.ofDays(3)), "2276-4", 12000, "ng/mL", null, 300)));
    await().atMost(WAIT).until(() -> evaluator.evaluate(
            http.getForObject("/api/v1/patients/WU-ORGANS/timeline", JsonNode.class))
        .evaluations().getLast().carHlh().met());
  }

  @org.springframework.beans.factory.annotation.Autowired
  org.pathway.grading.TimelineEvaluator evaluator;

  @org.springframework.beans.factory.annotation.Autowired
  org.pathway.store.AssessmentRepository assessments;

  private int assessmentsOf(String patientId) {
    return assessments.findByPatient(patientId).size();
  }
}
