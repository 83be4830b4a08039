package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.DecisionEvaluationIntent;
import io.camunda.zeebe.protocol.record.value.DecisionEvaluationRecordValue;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.engine.ModelResources;
import org.pathway.store.AssessmentRecord;
import org.pathway.store.AssessmentRepository;
import org.pathway.store.UserTaskRepository;
import org.pathway.store.UserTaskRow;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

/**
 * post-infusion-monitoring.bpmn on the in-memory engine with the real DMN and workers: enrollment,
 * baseline and daily draws on the engine clock, results by message correlation, the SLA timer, the
 * IEC-HS assessment and the physician review. User tasks are completed through the API and the
 * log-stream adapter.
 */
class PostInfusionMonitoringProcessTest extends PathwayTestSupport {

  @Autowired AssessmentRepository assessments;
  /** pathway.episodes.bedside-task-within (application.yml). */
  private static final Duration BEDSIDE_TASK_WITHIN = Duration.ofMinutes(30);

  @Autowired UserTaskRepository tasks;
  @Autowired ModelResources models;
  @Autowired io.camunda.client.CamundaClient camunda;

  @Test
  void suspectedIecHsGoesToAPhysicianWithTheReasons() throws Exception {
    Instant infusion = now().minus(Duration.ofDays(12)).minus(Duration.ofHours(2));
    var enrolled = enroll(patient("PT-SUSPECT", infusion));
    assertThat(enrolled.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(enrolled.getBody()).containsEntry("dayPostInfusion", 12);

    Map<String, Object> draw = awaitOpenTask("PT-SUSPECT", "draw-daily-labs");
    assertThat(draw)
        .containsEntry("name", "Draw daily labs")
        .containsEntry("formId", "draw-daily-labs")
        .containsEntry("dayPostInfusion", 12)
        .containsEntry("priority", 50)
        .containsEntry("candidateGroups", List.of("ward-nurses"))
        // a bedside task: due within pathway.episodes.bedside-task-within of being raised
        .containsEntry("dueDate",
            Instant.parse((String) enrolled.getBody().get("enrolledAt")).plus(BEDSIDE_TASK_WITHIN).toString());

    var completed = complete(draw.get("key"), labsDrawn());
    assertThat(completed.getStatusCode()).isEqualTo(HttpStatus.OK);
    // done at once: on time (it was due the moment it was raised before, so every draw counted late)
    UserTaskRow done = tasks.find(((Number) draw.get("key")).longValue()).orElseThrow();
    assertThat(done.endedAt()).isBeforeOrEqualTo(done.dueAt());
    assertThat(completed.getBody()).containsEntry("state", "COMPLETED");
    assertThat(postLabs("PT-SUSPECT", tc07Labs(infusion, now().minusSeconds(600))).getStatusCode())
        .isEqualTo(HttpStatus.ACCEPTED);

    Map<String, Object> review = awaitOpenTask("PT-SUSPECT", "review-suspected-iec-hs");
    assertThat(review)
        .containsEntry("name", "Review suspected IEC-HS")
        .containsEntry("candidateGroups", List.of("physicians"))
        .containsEntry("dayPostInfusion", 12)
        .containsEntry("priority", 90);

    AssessmentRecord assessment = assessments.findByPatient("PT-SUSPECT").getFirst();
    assertThat(assessment.suspected()).isTrue();
    assertThat(assessment.findings())
        .containsExactly("FERRITIN_HIGH", "HYPOFIBRINOGENEMIA", "CYTOPENIA_NEW_OR_WORSENING");
    assertThat(assessment.rulesVersion()).isEqualTo(models.rulesVersion());
    assertThat(assessment.inputsJson()).contains("\"ferritinFoldUln\":3");
    assertThat(assessment.dayPostInfusion()).isEqualTo(12);
    // every scale graded by the same code as ./pathway evaluate, stored with the engine's decision
    var outputs = new com.fasterxml.jackson.databind.ObjectMapper().readTree(assessment.outputsJson());
    assertThat(outputs.at("/engine/suspected").asBoolean()).isTrue();
    assertThat(outputs.at("/evaluation/iecHs/suspected").asBoolean()).isTrue();
    assertThat(outputs.at("/evaluation/crs/status").asText()).isEqualTo("NOT_ASSESSABLE");
    assertThat(outputs.at("/evaluation/hlh2004/criteria").toString()).contains("FERRITIN");
    assertThat(outputs.at("/evaluation/day").asLong()).isEqualTo(12);

    // the business rule task evaluated the deployed table inside the engine
    assertThat(
            records()
                .filter(r -> r.getValueType() == ValueType.DECISION_EVALUATION)
                .filter(r -> r.getIntent() == DecisionEvaluationIntent.EVALUATED)
                .map(r -> (DecisionEvaluationRecordValue) r.getValue())
                .filter(v -> v.getDecisionId().equals("iec-hs-suspicion"))
                .anyMatch(v -> v.getDecisionOutput().contains("\"suspected\":true")))
        .isTrue();

    // not reviewed within the physician's window (default 2 h): a visible overdue event, task open
    long workup = processInstanceKey(review);
    assertThat(completions(workup, "review-suspected-iec-hs-late")).isZero();
    advance(Duration.ofHours(2).plusMinutes(1));
    await().atMost(WAIT).until(() -> completions(workup, "review-suspected-iec-hs-late") == 1);
    review = awaitOpenTask("PT-SUSPECT", "review-suspected-iec-hs");

    // the physician decides; the monitoring carries on meanwhile
    var reviewed =
        complete(
            review.get("key"),
            Map.of("reviewDecision", "CONFIRMED", "reviewReason", "ferritin and fibrinogen"));
    assertThat(reviewed.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(openTask("PT-SUSPECT", "review-suspected-iec-hs")).isEmpty();
  }

  /**
   * Hemophagocytosis found by pathology is a core finding (reference §5.2a): the pathway reads it
   * from the timeline as ./pathway evaluate does. It once passed null to the table, so this core
   * rule could never fire in the pathway while evaluate fired it.
   */
  @Test
  void hemophagocytosisFoundByPathologyRaisesTheSuspicionInThePathway() throws Exception {
    Instant infusion = now().minus(Duration.ofDays(10));
    enroll(patient("PT-HLH-PATH", infusion));
    // ferritin 3x ULN alone: one core finding, no suspicion yet
    postLabs("PT-HLH-PATH", List.of(lab(now().minusSeconds(600), "2276-4", 900, "ng/mL", null, 300)));
    AssessmentRecord first =
        await().atMost(WAIT).until(() -> assessments.findByPatient("PT-HLH-PATH"), l -> l.size() == 1).getFirst();
    assertThat(first.suspected()).isFalse();

    var posted =
        http.exchange(
            "/api/v1/patients/PT-HLH-PATH/findings",
            org.springframework.http.HttpMethod.POST,
            new org.springframework.http.HttpEntity<>(
                Map.of("findings", List.of(Map.of("at", now().minusSeconds(60).toString(), "type", "HEMOPHAGOCYTOSIS")))),
            JSON);
    assertThat(posted.getStatusCode().is2xxSuccessful()).as(String.valueOf(posted.getBody())).isTrue();

    Map<String, Object> review = awaitOpenTask("PT-HLH-PATH", "review-suspected-iec-hs");
    assertThat(review).containsEntry("candidateGroups", List.of("physicians"));
    AssessmentRecord second = assessments.findByPatient("PT-HLH-PATH").stream()
        .filter(AssessmentRecord::suspected).findFirst().orElseThrow();
    assertThat(second.findings()).containsExactly("FERRITIN_HIGH", "HEMOPHAGOCYTOSIS");
    // the engine's decision and the evaluator's agree on the same inputs
    var outputs = new com.fasterxml.jackson.databind.ObjectMapper().readTree(second.outputsJson());
    assertThat(outputs.at("/engine/findings")).isEqualTo(outputs.at("/evaluation/iecHs/findings"));
  }

  /**
   * A number no lab can send (1E+30, 1e1000) is refused at the door with the field named, and the
   * patient's monitoring goes on: the next result is assessed. The engine's variables end at 64-bit
   * integers and doubles, so such a value once hung the step or failed every later assessment.
   */
  @Test
  void aNumberBeyondWhatTheEngineCarriesIsRefusedAndMonitoringGoesOn() {
    Instant infusion = now().minus(Duration.ofDays(4));
    enroll(patient("PT-HUGE", infusion));
    for (Object huge : List.of(new java.math.BigDecimal("1E+30"), new java.math.BigDecimal("1E+1000"))) {
      var refused = postLabs("PT-HUGE", List.of(lab(now().minusSeconds(60), "2276-4", huge, "ng/mL", null, 300)));
      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      // the pointer names the value, or the entry whose number is too long to read
      assertThat(String.valueOf(refused.getBody())).containsPattern("pointer=/labs/0(/value)?[,}]");
    }
    // the largest value accepted is a whole number beyond 32 bits: assessed, not stuck
    postLabs("PT-HUGE", List.of(
        lab(now().minusSeconds(30), "2276-4", new java.math.BigDecimal("1E+12"), "ng/mL", null, 300)));
    AssessmentRecord assessment =
        await().atMost(WAIT).until(() -> assessments.findByPatient("PT-HUGE"), l -> !l.isEmpty()).getFirst();
    assertThat(assessment.findings()).contains("FERRITIN_HIGH");
    assertThat(assessment.labsSeen()).isEqualTo(1);
  }

  @Test
  void normalLabsAreAssessedWithoutAReview() {
    Instant infusion = now().minus(Duration.ofDays(3));
    enroll(patient("PT-NORMAL", infusion));
    Map<String, Object> draw = awaitOpenTask("PT-NORMAL", "draw-daily-labs");
    complete(draw.get("key"), labsDrawn());
    Instant at = now().minusSeconds(60);
    postLabs(
        "PT-NORMAL",
        List.of(
            lab(at, "2276-4", 250, "ng/mL", null, 300),
            lab(at, "3255-7", 300, "mg/dL", 200, null),
            lab(at, "751-8", 3.0, "10*3/uL", 1.8, 7.7)));

    AssessmentRecord assessment =
        await()
            .atMost(WAIT)
            .until(() -> assessments.findByPatient("PT-NORMAL"), l -> !l.isEmpty())
            .getFirst();
    assertThat(assessment.suspected()).isFalse();
    assertThat(assessment.findings()).isEmpty();
    engine.waitForIdleState(IDLE);
    assertThat(openTasks("PT-NORMAL")).isEmpty();
  }

  @Test
  void aDrawIsDueEveryDayAtTheWardDrawTimeAndUnfinishedDaysAreClosed() {
    Instant infusion = now().minus(Duration.ofDays(1));
    long instance = processInstanceKey(enroll(patient("PT-DAILY", infusion)));
    Map<String, Object> baseline = awaitOpenTask("PT-DAILY", "draw-daily-labs");
    complete(baseline.get("key"), labsDrawn());
    postLabs("PT-DAILY", List.of(lab(now().minusSeconds(60), "2276-4", 200, "ng/mL", null, 300)));
    await().atMost(WAIT).until(() -> assessments.findByPatient("PT-DAILY").size() == 1);

    Instant previousDue = Instant.parse((String) baseline.get("dueDate")).minus(BEDSIDE_TASK_WITHIN);
    for (int day = 1; day <= 2; day++) {
      // the day closes when the next draw is due, and the next draw task appears at that time
      Instant nextDraw = awaitTimer(instance, "next-draw-due");
      assertThat(nextDraw).isAfter(previousDue);
      advance(Duration.between(now(), nextDraw).plusMinutes(1));
      String nextDue = nextDraw.plus(BEDSIDE_TASK_WITHIN).toString();
      Map<String, Object> draw =
          await().atMost(WAIT).until(() -> openTask("PT-DAILY", "draw-daily-labs"),
              t -> t.isPresent() && t.get().get("dueDate").equals(nextDue)).orElseThrow();
      Instant due = Instant.parse((String) draw.get("dueDate")).minus(BEDSIDE_TASK_WITHIN);
      assertThat(due).isEqualTo(nextDraw);
      assertThat(due.atZone(ZoneId.of("Europe/Berlin")).toLocalTime())
          .isEqualTo(java.time.LocalTime.of(6, 0));
      assertThat(((Number) draw.get("dayPostInfusion")).longValue())
          .isEqualTo(Duration.between(infusion, due).toDays());
      complete(draw.get("key"), labsDrawn());
      postLabs(
          "PT-DAILY", List.of(lab(now().minusSeconds(60), "2276-4", 200, "ng/mL", null, 300)));
      int expected = day + 1;
      await().atMost(WAIT).until(() -> assessments.findByPatient("PT-DAILY").size() == expected);
      previousDue = due;
    }

    // a day whose draw is never done is closed when the next draw is due: its task is cancelled
    Instant missedDraw = awaitTimer(instance, "next-draw-due");
    advance(Duration.between(now(), missedDraw).plusMinutes(1));
    Instant missedDue = missedDraw;
    Map<String, Object> missed =
        await().atMost(WAIT).until(() -> openTask("PT-DAILY", "draw-daily-labs"),
            t -> t.isPresent() && Instant.parse((String) t.get().get("dueDate")).equals(missedDue.plus(BEDSIDE_TASK_WITHIN))).orElseThrow();
    Instant closes = await().atMost(WAIT).until(() -> awaitTimer(instance, "next-draw-due"), d -> d.isAfter(missedDue));
    assertThat(closes).isEqualTo(missedDue.plus(Duration.ofDays(1)));
    advance(Duration.between(now(), closes).plusMinutes(1));
    long missedKey = ((Number) missed.get("key")).longValue();
    await()
        .atMost(WAIT)
        .until(() -> tasks.find(missedKey).orElseThrow().state() == UserTaskRow.State.CANCELED);
    Map<String, Object> next = awaitOpenTask("PT-DAILY", "draw-daily-labs");
    assertThat(next.get("key")).isNotEqualTo(missed.get("key"));
    assertThat(completions(instance, "next-draw-due")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void missingResultsRaiseAChaseTaskAfterTheSlaNamingWhatIsMissing() {
    Instant infusion = now().minus(Duration.ofDays(5));
    var enrolled = enroll(patient("PT-LATE", infusion));
    long instance = processInstanceKey(enrolled);
    Map<String, Object> draw = awaitOpenTask("PT-LATE", "draw-daily-labs");
    Instant drawCompleted = now();
    complete(draw.get("key"), labsDrawn());
    postLabs("PT-LATE", List.of(lab(now().minusSeconds(60), "2276-4", 200, "ng/mL", null, 300)));

    // the SLA runs from the moment the draw is done
    Instant dueAt = awaitTimer(instance, "lab-results-due");
    assertThat(dueAt)
        .isBetween(drawCompleted.plus(Duration.ofHours(6)), now().plus(Duration.ofHours(6)));
    advance(Duration.between(now(), dueAt).minusMinutes(5));
    assertThat(openTask("PT-LATE", "chase-missing-lab-results")).isEmpty();

    advance(Duration.ofMinutes(6));
    Map<String, Object> chase = awaitOpenTask("PT-LATE", "chase-missing-lab-results");
    assertThat(chase)
        .containsEntry("name", "Chase missing lab results")
        .containsEntry("candidateGroups", List.of("ward-nurses"))
        .containsEntry("priority", 80)
        .containsKey("dueDate");
    // due within the bedside window of being raised, not at the SLA it was raised at (then it was
    // overdue the moment a nurse saw it)
    assertThat(Instant.parse((String) chase.get("dueDate")))
        .isBetween(dueAt.plus(BEDSIDE_TASK_WITHIN),
            Instant.parse((String) chase.get("createdAt")).plus(BEDSIDE_TASK_WITHIN));
    // the SLA and the check are visible events in the process, as Operate shows them
    assertThat(completions(instance, "lab-results-due")).isEqualTo(1);
    assertThat(completions(instance, "check-day-results")).isEqualTo(1);
    // instances started on a process version before the model set the chase's due date read it here
    assertThat(Instant.parse(unquoted(variable(instance, "resultsChaseDueAt"))))
        .isEqualTo(Instant.parse(unquoted(variable(instance, "drawDueAt"))).plus(Duration.ofHours(6)));
    String missing = variable(instance, "missingAnalytesText");
    assertThat(missing).contains("Fibrinogen", "CRP", "LDH").doesNotContain("Ferritin");

    // results arriving late are still assessed; the chase task stays for the nurse to close
    postLabs("PT-LATE", List.of(lab(now().minusSeconds(60), "3255-7", 300, "mg/dL", 200, null)));
    await().atMost(WAIT).until(() -> assessments.findByPatient("PT-LATE").size() == 2);
    assertThat(complete(chase.get("key"), Map.of("chaseOutcome", "RESULTS_PENDING_AT_LAB"))
            .getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void aCompletePanelByTheSlaNeedsNoChase() {
    long instance = processInstanceKey(enroll(patient("PT-PANEL", now().minus(Duration.ofDays(4)))));
    complete(awaitOpenTask("PT-PANEL", "draw-daily-labs").get("key"), labsDrawn());
    Instant at = now().minusSeconds(60);
    postLabs("PT-PANEL", List.of(
        lab(at, "751-8", 3.0, "10*3/uL", 1.8, 7.7), lab(at, "777-3", 200, "10*3/uL", 150, 400),
        lab(at, "718-7", 13, "g/dL", 12, 16), lab(at, "6690-2", 6, "10*3/uL", 4, 10),
        lab(at, "2160-0", 0.9, "mg/dL", 0.6, 1.2), lab(at, "1742-6", 30, "U/L", null, 40),
        lab(at, "1920-8", 28, "U/L", null, 40), lab(at, "1975-2", 0.8, "mg/dL", 0.1, 1.2),
        lab(at, "2276-4", 250, "ng/mL", null, 300), lab(at, "3255-7", 300, "mg/dL", 200, null),
        lab(at, "1988-5", 4, "mg/L", null, 5), lab(at, "2532-0", 200, "U/L", null, 250)));
    Instant dueAt = awaitTimer(instance, "lab-results-due");
    advance(Duration.between(now(), dueAt).plusMinutes(1));
    await().atMost(WAIT).until(() -> completions(instance, "day-results-in") == 1);
    assertThat(openTask("PT-PANEL", "chase-missing-lab-results")).isEmpty();
  }

  @Test
  void resultsOutsideTheDailyCycleAreAssessed() {
    long instance = processInstanceKey(enroll(patient("PT-OUT", now().minus(Duration.ofDays(6)))));
    awaitOpenTask("PT-OUT", "draw-daily-labs");
    // nobody drew labs in the pathway: results come anyway (an outpatient draw, an amendment)
    postLabs("PT-OUT", List.of(lab(now().minusSeconds(60), "2276-4", 200, "ng/mL", null, 300)));
    await().atMost(WAIT).until(() -> assessments.findByPatient("PT-OUT").size() == 1);
    postLabs("PT-OUT", List.of(lab(now().minusSeconds(30), "2276-4", 210, "ng/mL", null, 300)));
    await().atMost(WAIT).until(() -> assessments.findByPatient("PT-OUT").size() == 2);
    assertThat(completions(instance, "record-assessment")).isEqualTo(2);
  }

  @Test
  void anUnchangedSuspicionIsNotRaisedTwice() {
    Instant infusion = now().minus(Duration.ofDays(12));
    enroll(patient("PT-ONCE", infusion));
    postLabs("PT-ONCE", tc07Labs(infusion, now().minusSeconds(600)));
    awaitOpenTask("PT-ONCE", "review-suspected-iec-hs");
    // one more result that changes nothing in the findings: assessed, not raised again
    postLabs("PT-ONCE", List.of(lab(now().minusSeconds(60), "1742-6", 50, "U/L", null, 40)));
    await().atMost(WAIT).until(() -> assessments.findByPatient("PT-ONCE").size() == 2);
    engine.waitForIdleState(IDLE);
    assertThat(openTasks("PT-ONCE").stream().filter(t -> t.get("elementId").equals("review-suspected-iec-hs")))
        .hasSize(1);
    assertThat(assessments.findByPatient("PT-ONCE")).allMatch(AssessmentRecord::suspected);
  }

  /**
   * After a physician refuted the suspicion, the same findings are not raised again for every new
   * result; but a patient who worsens is (ferritin doubled since the review, or fibrinogen fallen
   * below 100 mg/dL): only a change in the list of findings used to raise it again.
   */
  @Test
  void aRefutedSuspicionIsRaisedAgainWhenThePatientWorsens() {
    Instant infusion = now().minus(Duration.ofDays(12));
    enroll(patient("PT-WORSE", infusion));
    postLabs("PT-WORSE", tc07Labs(infusion, now().minusSeconds(600)));
    Map<String, Object> review = awaitOpenTask("PT-WORSE", "review-suspected-iec-hs");
    ok(review.get("key"), vars("reviewDecision", "REFUTED", "reviewReason", "sepsis, cultures positive"));
    await().atMost(WAIT).until(() -> episodes("PT-WORSE").stream().anyMatch(e -> "REFUTED".equals(e.get("outcome"))));

    // the same findings, ferritin 1,000 (not doubled from 900): assessed, not raised
    postLabs("PT-WORSE", List.of(lab(now().minusSeconds(120), "2276-4", 1000, "ng/mL", null, 300)));
    await().atMost(WAIT).until(() -> assessments.findByPatient("PT-WORSE").size() == 2);
    engine.waitForIdleState(IDLE);
    assertThat(openTask("PT-WORSE", "review-suspected-iec-hs")).isEmpty();

    // ferritin 9,800: worse than the physician saw it, raised again with the reason
    postLabs("PT-WORSE", List.of(lab(now().minusSeconds(60), "2276-4", 9800, "ng/mL", null, 300)));
    Map<String, Object> again = awaitOpenTask("PT-WORSE", "review-suspected-iec-hs");
    assertThat(variable(processInstanceKey(again), "suspicionSummary"))
        .contains("Worse since the last review: ferritin 900 → 9800 ng/mL");
  }

  /**
   * Reference §5.2a: monitor to at least D+28, longer for BCMA products (IEC-HS onset up to D+37);
   * the monitoring period once was 28 days for every product.
   */
  @Test
  void bcmaProductsAreMonitoredLongerByDefault() {
    Instant infusion = now().minus(Duration.ofDays(1));
    var bcma = enroll(patient("PT-BCMA", infusion));
    assertThat(bcma.getBody()).containsEntry("monitoringDays", 37);
    Map<String, Object> cd19 = patient("PT-CD19", infusion);
    cd19.put("product", "axi-cel");
    cd19.put("indication", "LBCL");
    assertThat(enroll(cd19).getBody()).containsEntry("monitoringDays", 28);
    Map<String, Object> abecma = patient("PT-ABECMA", infusion);
    abecma.put("product", "Abecma");
    assertThat(enroll(abecma).getBody()).containsEntry("monitoringDays", 37);
  }

  @Test
  void aWakeUpWithNothingNewRecordsNoAssessment() {
    long instance = processInstanceKey(enroll(patient("PT-STALE", now().minus(Duration.ofDays(3)))));
    postLabs("PT-STALE", List.of(lab(now().minusSeconds(120), "2276-4", 200, "ng/mL", null, 300)));
    await().atMost(WAIT).until(() -> assessments.findByPatient("PT-STALE").size() == 1);
    assertThat(assessments.findByPatient("PT-STALE").getFirst().labsSeen()).isEqualTo(1);

    // a wake-up delivered again (another message id) finds no new results
    camunda.newPublishMessageCommand().messageName(PathwayModel.Messages.LAB_RESULTS_RECEIVED)
        .correlationKey("PT-STALE").messageId("redelivered-" + instance).send().join();
    await().atMost(WAIT).until(() -> completions(instance, "nothing-new") == 1);
    assertThat(assessments.findByPatient("PT-STALE")).hasSize(1);
  }

  @Test
  void tablesDeployedInTheEngineThatDisagreeWithTheServiceRaiseAnIncident() {
    ModelResources.Model original =
        models.ofKind("dmn").stream().filter(m -> m.id().equals("iec-hs-suspicion")).findFirst().orElseThrow();
    // a table edited in the cluster but not in dmn/: ferritin above 1.5x ULN instead of 2x
    String drifted = original.text().replace(
        "<inputEntry id=\"ferritin-gt-2x-uln-ferritinFoldUln\"><text>&gt; 2</text>",
        "<inputEntry id=\"ferritin-gt-2x-uln-ferritinFoldUln\"><text>&gt; 1.5</text>");
    assertThat(drifted).isNotEqualTo(original.text());
    camunda.newDeployResourceCommand()
        .addResourceStringUtf8(drifted, "iec-hs-suspicion.dmn").send().join();
    try {
      long instance = processInstanceKey(enroll(patient("PT-DRIFT", now().minus(Duration.ofDays(9)))));
      complete(awaitOpenTask("PT-DRIFT", "draw-daily-labs").get("key"), labsDrawn());
      Instant at = now().minusSeconds(60);
      postLabs("PT-DRIFT", List.of(
          lab(at, "2276-4", 540, "ng/mL", null, 300), lab(at, "3255-7", 100, "mg/dL", 200, null)));
      await().atMost(WAIT).until(() -> incidents().stream().anyMatch(i -> i.contains("Rules drift")));
      assertThat(incidents()).anyMatch(i -> i.startsWith("record-assessment") && i.contains("FERRITIN_HIGH"));
      assertThat(assessments.findByPatient("PT-DRIFT")).as("no grade from drifted rules").isEmpty();
      assertThat(completions(instance, "record-assessment")).isZero();
    } finally {
      camunda.newDeployResourceCommand()
          .addResourceBytes(original.content(), "iec-hs-suspicion.dmn").send().join();
    }
  }

  @Test
  void enrollingTheSamePatientTwiceStartsOnePathway() {
    Map<String, Object> p = patient("PT-TWICE", now().minus(Duration.ofDays(2)));
    var first = enroll(p);
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    var second = enroll(p);
    assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat((String) second.getBody().get("detail"))
        .contains("PT-TWICE", "already enrolled", String.valueOf(first.getBody().get("processInstanceKey")));
    awaitOpenTask("PT-TWICE", "draw-daily-labs");
    engine.waitForIdleState(IDLE);
    assertThat(openTasks("PT-TWICE")).hasSize(1);
  }

  @Test
  void theMonitoringPeriodEnds() {
    // infused 2 days ago with a 1-day monitoring period: the baseline draw is the only one
    Map<String, Object> p = patient("PT-END", now().minus(Duration.ofDays(2)));
    p.put("monitoringDays", 1);
    long instance = ((Number) enroll(p).getBody().get("processInstanceKey")).longValue();
    Map<String, Object> draw = awaitOpenTask("PT-END", "draw-daily-labs");
    complete(draw.get("key"), labsDrawn());
    postLabs("PT-END", List.of(lab(now().minusSeconds(60), "2276-4", 200, "ng/mL", null, 300)));
    await().atMost(WAIT).until(() -> assessments.findByPatient("PT-END").size() == 1);
    Instant closes = awaitTimer(instance, "next-draw-due");
    advance(Duration.between(now(), closes).plusMinutes(1));
    await().atMost(WAIT).until(() -> completions(instance, "monitoring-completed") == 1);
  }


  private static String unquoted(String json) {
    return json.replace("\"", "");
  }
}
