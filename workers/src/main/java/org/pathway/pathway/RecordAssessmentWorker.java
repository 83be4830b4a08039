package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.pathway.model.PathwayModel.Vars.*;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.time.Instant;
import io.camunda.client.exception.CamundaError;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.List;
import java.util.Map;
import java.math.BigDecimal;
import com.fasterxml.jackson.databind.JsonNode;
import org.pathway.PathwayProperties;
import org.pathway.clinical.LabResult;
import org.pathway.clinical.Timeline;
import org.pathway.engine.DecisionEvaluator;
import org.pathway.engine.ModelResources;
import org.pathway.grading.TimelineEvaluator;
import org.pathway.grading.EvaluationResult;
import org.pathway.store.AuditLog;
import org.pathway.store.PatientTimelines;
import org.pathway.store.CareEpisode;
import org.pathway.store.CareEpisodeRepository;
import org.pathway.store.AssessmentRecord;
import org.pathway.store.AssessmentRepository;
import org.pathway.store.UserTaskRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores the day's assessment and prepares the summary a physician sees when a suspicion is raised.
 * A new or changed suspicion starts the IEC-HS work-up unless an IEC-HS episode is already open.
 * While that episode's review of the suspicion is still open, a patient who is worse than the
 * review shows (the re-raise steps, or criteria met that it does not list) is put to the physician
 * at once: a worsening is not hidden behind an open review.
 * Idempotent per element instance.
 *
 * <p>The assessment holds the engine's IEC-HS decision and, graded with the same code as ./pathway
 * evaluate, every scale at the time the labs were read. The suspicion table is evaluated once more
 * on the same features: if the tables deployed in the engine and the service's disagree, the job
 * fails at once with an incident instead of storing a grade from drifted rules.
 */
@Component
public class RecordAssessmentWorker {

  /** Assessments recorded, tag {@code suspected}: whether the IEC-HS suspicion rule was met. */
  public static final String ASSESSMENTS = "pathway.assessments";

  /** What the physician's review reads; the review is due by reviewDueAt (ISO-8601 text). */
  public record Recorded(
      @JsonProperty(SUSPICION_SUMMARY) String suspicionSummary,
      @JsonProperty(REVIEW_DUE_AT) String reviewDueAt,
      @JsonProperty(REVIEW_NEEDED) boolean reviewNeeded,
      @JsonProperty(WORSENED_WHILE_REVIEW_OPEN) boolean worsenedWhileReviewOpen,
      @JsonProperty(WORSENING_SUMMARY) String worseningSummary,
      @JsonProperty(ASSESSMENT_DAY) int assessmentDay) {}

  private final AssessmentRepository assessments;
  private final ModelResources models;
  private final DecisionEvaluator decisions;
  private final TimelineEvaluator evaluator;
  private final PatientTimelines timelines;
  private final CareEpisodeRepository episodes;
  private final UserTaskRepository tasks;
  private final AuditLog audit;
  private final PathwayProperties properties;
  private final ObjectMapper json;
  private final Clock clock;
  private final MeterRegistry meters;
  private final TransactionTemplate transaction;

  public RecordAssessmentWorker(
      AssessmentRepository assessments,
      ModelResources models,
      DecisionEvaluator decisions,
      TimelineEvaluator evaluator,
      PatientTimelines timelines,
      CareEpisodeRepository episodes,
      UserTaskRepository tasks,
      AuditLog audit,
      PathwayProperties properties,
      ObjectMapper json,
      Clock clock,
      MeterRegistry meters,
      TransactionTemplate transaction) {
    this.assessments = assessments;
    this.models = models;
    this.decisions = decisions;
    this.evaluator = evaluator;
    this.timelines = timelines;
    this.episodes = episodes;
    this.tasks = tasks;
    this.audit = audit;
    this.properties = properties;
    this.json = json;
    this.clock = clock;
    this.meters = meters;
    this.transaction = transaction;
  }

  @JobWorker(
      type = PathwayModel.JobTypes.RECORD_ASSESSMENT,
      fetchVariables = {PATIENT_ID, FEATURES, LABS_SEEN, LABS_READ, LABS_AS_OF, IEC_HS_SUSPICION})
  public Recorded record(ActivatedJob job) {
    // one recording at a time per patient (across instances too): whether another assessment
    // already read all this one read is only known once that one is committed
    try {
      return transaction.execute(status -> recordInOrder(job));
    } catch (org.springframework.transaction.TransactionException e) {
      // no connection for the transaction, or its commit failed: a database outage, backed off
      throw new org.springframework.dao.DataAccessResourceFailureException(
          "record assessment: " + e.getMessage(), e);
    }
  }

  private Recorded recordInOrder(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    Map<String, Object> suspicion = vars.map(IEC_HS_SUSPICION);
    boolean suspected = Boolean.TRUE.equals(suspicion.get("suspected"));
    List<String> findings = strings(suspicion.get("findings"));
    List<String> reasons = strings(suspicion.get("reasons"));
    List<String> notEvaluable = strings(suspicion.get("notEvaluable"));
    Instant now = clock.instant();
    String patientId = vars.string(PATIENT_ID);
    if (!assessments.lockPatient(patientId)) {
      throw vars.dataError(PATIENT_ID, "names no enrolled patient");
    }
    checkRulesAgree(vars, suspicion);
    Timeline timeline =
        timelines
            .load(patientId)
            .orElseThrow(() -> vars.dataError(PATIENT_ID, "names no enrolled patient"));
    Instant labsAsOf = vars.instant(LABS_AS_OF);
    int day = (int) timeline.patient().dayPostInfusion(labsAsOf);
    // the lab rows the features were built from are the first labsRead of this (later) load
    int labsSeen = vars.integer(LABS_SEEN);
    int labsRead = vars.integer(LABS_READ);
    java.util.Optional<AssessmentRecord> before = assessments.furthest(patientId, job.getElementInstanceKey());
    if (before.isPresent() && before.get().labsSeen() >= labsSeen
        && before.get().labsRead() != null && before.get().labsRead() >= labsRead) {
      // overtaken: the assessment of a later delivery, recorded first, read all this one read and
      // more. Recorded too, the same results would count as assessed twice, and a review could be
      // raised from the older data
      return new Recorded(summary(suspected, reasons, notEvaluable),
          now.plus(properties.episodes().physicianTaskWithin()).toString(), false, false, null, day);
    }
    int readBefore = before.map(AssessmentRecord::labsRead).orElse(0);
    List<String> resultsRead = timeline.labs().subList(Math.min(readBefore, labsRead), labsRead).stream()
        .map(RecordAssessmentWorker::describe)
        .toList();
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("engine", suspicion);
    outputs.put("evaluation", evaluator.evaluateAt(timeline, labsAsOf));
    Map<String, Object> features = vars.map(FEATURES);
    long elementInstanceKey = job.getElementInstanceKey();
    java.util.Optional<AssessmentRecord> lastShown =
        suspected ? assessments.latestRaisedOtherThan(patientId, elementInstanceKey) : java.util.Optional.empty();
    java.util.Optional<String> worse = lastShown.flatMap(shownThen -> worseThan(shownThen, features));
    boolean episodeOpen = episodes.findOpen(patientId, CareEpisode.Syndrome.IEC_HS).isPresent();
    boolean reviewNeeded =
        suspected
            && (newOrChanged(patientId, elementInstanceKey, findings) || worse.isPresent())
            && !episodeOpen;
    List<String> shown = new java.util.ArrayList<>(reasons);
    worse.ifPresent(w -> shown.add("Worse since the last review: " + w));
    // the episode's review of the suspicion is still open: what worsened since it was raised
    List<String> worsening = new java.util.ArrayList<>();
    if (suspected && episodeOpen && reviewOpen(patientId)) {
      worse.ifPresent(w -> worsening.add("Worse since the review was raised: " + w));
      List<String> shownFindings = lastShown.map(AssessmentRecord::findings).orElse(List.of());
      List<String> newCriteria = findings.stream().filter(f -> !shownFindings.contains(f)).toList();
      if (!newCriteria.isEmpty()) {
        worsening.add("Criteria met that the open review does not show: " + String.join(", ", newCriteria));
      }
    }
    boolean worsenedWhileReviewOpen = !worsening.isEmpty();

    boolean recorded = assessments.insertIfAbsent(
        new AssessmentRecord(
            patientId,
            job.getProcessInstanceKey(),
            job.getElementInstanceKey(),
            day,
            now,
            PathwayModel.Decisions.IEC_HS_SUSPICION,
            models.rulesVersion(),
            suspected,
            labsSeen,
            findings,
            reasons,
            json.valueToTree(features).toString(),
            json.valueToTree(outputs).toString(),
            // what a physician has been shown: a later worsening is measured against it
            reviewNeeded || worsenedWhileReviewOpen,
            List.of(),
            labsRead,
            resultsRead));
    if (recorded) { // a job delivered again records and counts nothing new
      meters.counter(ASSESSMENTS, "suspected", Boolean.toString(suspected)).increment();
    }

    EvaluationResult.Evaluation graded = (EvaluationResult.Evaluation) outputs.get("evaluation");
    audit.append(new AuditLog.Event(
        now,
        "pathway",
        null,
        "assessment.recorded",
        "process-instance/" + job.getProcessInstanceKey(),
        patientId,
        "SUCCESS",
        "job-" + job.getKey(),
        "rulesVersion=" + models.rulesVersion()
            + " iecHsSuspected=" + suspected + " findings=" + findings
            + " crs=" + graded.crs().status() + "/" + graded.crs().grade()
            + " icans=" + graded.icans().status() + "/" + graded.icans().grade()
            + " reviewRaised=" + reviewNeeded
            + " worsenedWhileReviewOpen=" + worsenedWhileReviewOpen));

    return new Recorded(
        summary(suspected, shown, notEvaluable),
        // due within the physician's window, overdue (a visible event) after it
        now.plus(properties.episodes().physicianTaskWithin()).toString(),
        reviewNeeded,
        worsenedWhileReviewOpen,
        worsenedWhileReviewOpen ? String.join("\n", worsening) + "\n" + summary(suspected, reasons, notEvaluable) : null,
        day);
  }

  /**
   * A suspicion is put to a physician when it is new (the assessment before was not suspected) or
   * its findings changed; an unchanged suspicion from one more delivery of results is not raised
   * again.
   */
  private boolean newOrChanged(String patientId, long elementInstanceKey, List<String> findings) {
    return assessments
        .latestOtherThan(patientId, elementInstanceKey)
        .map(previous -> !previous.suspected() || !previous.findings().equals(findings))
        .orElse(true);
  }

  /** Whether the physician's review of the suspicion (iec-hs-workup) is open for the patient. */
  private boolean reviewOpen(String patientId) {
    return tasks.findOpen(patientId, null).stream()
        .anyMatch(t -> t.elementId().equals(PathwayModel.UserTasks.REVIEW_SUSPECTED_IEC_HS));
  }

  /**
   * How the patient is worse than the values a physician was last shown (pathway.episodes.re-raise:
   * ferritin risen the configured fold, as the §5.2 "rapidly rising" local rule, or fibrinogen
   * fallen below the configured level, Hines Table 4 [V], §5.4): the reason to put an unchanged
   * list of findings to a physician again after a refuted suspicion or a closed episode, and to
   * tell an open review.
   */
  private java.util.Optional<String> worseThan(AssessmentRecord shown, Map<String, Object> now) {
    PathwayProperties.ReRaise policy = properties.episodes().reRaise();
    JsonNode then = read(shown.inputsJson());
    BigDecimal ferritinThen = decimal(then.get("ferritin"));
    BigDecimal ferritinNow = decimal(now.get("ferritin"));
    if (ferritinThen != null && ferritinNow != null && ferritinThen.signum() > 0
        && ferritinNow.compareTo(ferritinThen.multiply(policy.ferritinFold())) >= 0) {
      return java.util.Optional.of("ferritin " + plain(ferritinThen)
          + " → " + plain(ferritinNow) + " ng/mL (at least " + policy.ferritinFold() + "-fold)");
    }
    BigDecimal fibrinogenThen = decimal(then.get("fibrinogenMgDl"));
    BigDecimal fibrinogenNow = decimal(now.get("fibrinogenMgDl"));
    BigDecimal below = policy.fibrinogenBelowMgDl();
    if (fibrinogenNow != null && fibrinogenNow.compareTo(below) < 0
        && (fibrinogenThen == null || fibrinogenThen.compareTo(below) >= 0)) {
      return java.util.Optional.of("fibrinogen "
          + (fibrinogenThen == null ? "" : plain(fibrinogenThen) + " → ")
          + plain(fibrinogenNow) + " mg/dL (below " + plain(below) + ")");
    }
    return java.util.Optional.empty();
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  private static BigDecimal decimal(Object value) {
    if (value instanceof JsonNode node) {
      return node.isNumber() ? node.decimalValue() : null;
    }
    return value instanceof Number n ? new BigDecimal(n.toString()) : null;
  }

  private JsonNode read(String text) {
    try {
      return json.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("stored assessment inputs are not JSON", e);
    }
  }

  private void checkRulesAgree(JobVariables vars, Map<String, Object> engine) {
    Object service =
        decisions.evaluate(
            PathwayModel.Decisions.IEC_HS_SUSPICION, Map.of(FEATURES, vars.map(FEATURES)));
    Map<?, ?> ours = (Map<?, ?>) service;
    if (!Objects.equals(ours.get("suspected"), engine.get("suspected"))
        || !Objects.equals(ours.get("findings"), engine.get("findings"))) {
      throw CamundaError.jobError(
          "Rules drift: the engine's "
              + PathwayModel.Decisions.IEC_HS_SUSPICION
              + " decided "
              + engine.get("findings")
              + " (suspected "
              + engine.get("suspected")
              + ") but the service's tables ("
              + models.rulesVersion()
              + ") decide "
              + ours.get("findings")
              + " (suspected "
              + ours.get("suspected")
              + "); deploy the same dmn/ to both",
          null,
          0);
    }
  }

  static String summary(boolean suspected, List<String> reasons, List<String> notEvaluable) {
    StringBuilder text = new StringBuilder();
    text.append(
        suspected
            ? "Suspicion rule met (reference §5.2a): ferritin criterion plus another core finding."
            : "Suspicion rule not met.");
    text.append("\nFindings:");
    if (reasons.isEmpty()) {
      text.append("\n- none");
    }
    reasons.forEach(r -> text.append("\n- ").append(r));
    if (!notEvaluable.isEmpty()) {
      text.append("\nCould not be evaluated:");
      notEvaluable.forEach(r -> text.append("\n- ").append(r));
    }
    return text.toString();
  }

  private static List<String> strings(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return List.of();
  }


  /** A result as an assessment records that it read it: identity, version, status, analyte, time. */
  private static String describe(LabResult r) {
    return (r.id() == null ? "(no identifier)" : r.id())
        + (r.version() == null ? "" : " version " + r.version())
        + " " + r.status().code() + " " + r.loinc() + " taken " + r.at();
  }
}
