package org.pathway.pathway;

import static org.pathway.model.PathwayModel.Vars.*;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.pathway.clinical.DoseCourse;
import org.pathway.clinical.Patient;
import org.pathway.grading.EvaluationResult;
import org.pathway.grading.TimelineEvaluator;
import org.pathway.model.PathwayModel;
import org.pathway.store.PatientTimelines;
import org.springframework.stereotype.Component;

/**
 * The CRS and ICANS course a dosing decision reads (dmn/tce-dose-action, dmn/tce-dose-delay): the
 * patient's stored timeline graded by the one grading path (what ./pathway evaluate gives for the
 * exported timeline), summarised since the last dose by {@link DoseCourse}.
 */
@Component
public class AssessDoseFitnessWorker {

  /** The decision inputs, and what the physician reads if asked. */
  public record Assessed(
      @JsonProperty(DOSE_COURSE) Map<String, Object> doseCourse,
      @JsonProperty(DOSE_DELAY) Map<String, Object> doseDelay,
      @JsonProperty(COURSE_SUMMARY) String courseSummary,
      @JsonProperty(COURSE_ASSESSED_AT) String courseAssessedAt,
      @JsonProperty(DAY_POST_INFUSION) long dayPostInfusion) {}

  private final PatientTimelines timelines;
  private final TimelineEvaluator evaluator;
  private final Clock clock;

  public AssessDoseFitnessWorker(PatientTimelines timelines, TimelineEvaluator evaluator, Clock clock) {
    this.timelines = timelines;
    this.evaluator = evaluator;
    this.clock = clock;
  }

  @JobWorker(type = PathwayModel.JobTypes.ASSESS_DOSE_FITNESS)
  public Assessed assess(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String patientId = vars.string(PATIENT_ID);
    Instant now = clock.instant();
    Instant infusionAt = vars.instant(INFUSION_AT);
    Instant lastDoseAt = vars.raw(LAST_DOSE_AT) == null ? null : vars.instant(LAST_DOSE_AT);
    Instant from = later(lastDoseAt == null ? infusionAt : lastDoseAt, vars.instant(COURSE_FROM));
    EvaluationResult graded =
        evaluator.evaluate(
            timelines
                .document(patientId)
                .orElseThrow(() -> vars.dataError(PATIENT_ID, "is not an enrolled patient: " + patientId)));
    if (graded.failed()) {
      throw vars.dataError(PATIENT_ID, "has a stored timeline the grading refuses: " + graded.errors());
    }
    DoseCourse course =
        DoseCourse.of(
            points(graded, e -> e.crs().status(), e -> e.crs().grade()),
            points(graded, e -> e.icans().status(), e -> e.icans().grade()),
            from,
            now);

    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("productKey", vars.string(PRODUCT_KEY));
    inputs.put("unverifiedLabelRows", Boolean.TRUE.equals(vars.raw(UNVERIFIED_LABEL_ROWS)));
    inputs.put("persistentModerateCrsHours", vars.raw(PERSISTENT_MODERATE_CRS_HOURS));
    inputs.put("crsGradeNow", course.crsGradeNow());
    inputs.put("crsPeakSinceLastDose", course.crsPeakSinceLastDose());
    inputs.put("crsGrade3Hours", course.crsGrade3Hours());
    inputs.put("crsGrade3Events", course.crsGrade3Events());
    inputs.put("crsGrade2Hours", course.crsGrade2Hours());
    inputs.put("crsGrade2Events", course.crsGrade2Events());
    inputs.put("icansPeakSinceLastDose", course.icansPeakSinceLastDose());

    Map<String, Object> delay = new LinkedHashMap<>();
    delay.put("productKey", vars.string(PRODUCT_KEY));
    delay.put("lastDoseStep", vars.optionalInteger(LAST_DOSE_STEP));
    delay.put("nextDoseStep", vars.integer(DOSE_STEP));
    // whole days, as the label counts them
    delay.put("daysSinceLastDose", lastDoseAt == null ? null : Duration.between(lastDoseAt, now).toDays());
    return new Assessed(
        inputs,
        delay,
        String.join("; ", course.summary()),
        now.toString(),
        Patient.dayPostInfusion(infusionAt, now));
  }

  /**
   * One syndrome's grades in time order: a grade the grading gave, null where a clinician must
   * give it; times without the observations to grade it are no points.
   */
  private static List<DoseCourse.Point> points(
      EvaluationResult graded,
      Function<EvaluationResult.Evaluation, String> status,
      Function<EvaluationResult.Evaluation, Integer> grade) {
    return graded.evaluations().stream()
        .filter(e -> !"NOT_ASSESSABLE".equals(status.apply(e)))
        .map(e -> new DoseCourse.Point(Instant.parse(e.at()), "GRADED".equals(status.apply(e)) ? grade.apply(e) : null))
        .toList();
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
