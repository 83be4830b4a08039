package org.pathway.clinical;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The one builder of decision inputs: a patient's timeline at a time turned into the variables
 * each grading table reads. The pathway's workers and ./pathway evaluate (and POST
 * /api/v1/evaluations) all call it, so the live pathway and the evaluator cannot grade different
 * inputs. The names are the DMN input variables (grep a table's input expression to find its
 * builder here).
 */
public final class DecisionInputs {

  /** dmn/crs-grade.dmn reads {@code crs.*}. */
  public static final String CRS = "crs";
  /** dmn/icans-grade.dmn reads {@code icans.*}. */
  public static final String ICANS = "icans";
  /** dmn/iec-hs-suspicion.dmn and the context findings read {@code features.*}. */
  public static final String FEATURES = "features";
  /** dmn/iec-hs-grade.dmn reads {@code iecHsCourse.*}. */
  public static final String IEC_HS_COURSE = "iecHsCourse";
  /** dmn/hlh-2004.dmn and dmn/hscore.dmn read {@code hlh.*}. */
  public static final String HLH = "hlh";
  /** dmn/car-hlh.dmn reads {@code carHlh.*}. */
  public static final String CAR_HLH = "carHlh";
  /** dmn/car-hematotox.dmn reads {@code hematotox.*}. */
  public static final String HEMATOTOX = "hematotox";
  /** dmn/tocilizumab-dose.dmn reads {@code dosing.*}. */
  public static final String DOSING = "dosing";
  /** dmn/tocilizumab-dose.dmn (the dose check) reads {@code check.*} and {@code dosing.*}. */
  public static final String TOCILIZUMAB_CHECK = "check";

  private final Timeline timeline;
  private final LabSeries labs;
  private final FeaturePolicy policy;

  private DecisionInputs(Timeline timeline, FeaturePolicy policy) {
    this.timeline = timeline;
    // no criterion reads a value from before the look-back of the pre-lymphodepletion sample; such
    // a result (a ferritin of 2017) is kept in the record but would otherwise stand as "the latest"
    java.time.Instant earliest = earliestCurrent(timeline.patient(), policy);
    this.labs = LabSeries.of(timeline.labs().stream().filter(l -> !l.at().isBefore(earliest)).toList());
    this.policy = policy;
  }

  /**
   * The oldest result time any criterion reads: the baseline look-back before the CAR-HEMATOTOX
   * sample (reference §9.3, ≈D−5), which lies before the IEC-HS baseline window (§5.2).
   */
  public static java.time.Instant earliestCurrent(Patient patient, FeaturePolicy policy) {
    return patient.infusionAt().minus(policy.hematotoxSampleBeforeInfusion()).minus(policy.baselineLookback());
  }

  public static DecisionInputs of(Timeline timeline, FeaturePolicy policy) {
    return new DecisionInputs(timeline, policy);
  }

  public Timeline timeline() {
    return timeline;
  }

  public LabSeries labs() {
    return labs;
  }

  /** Variables of dmn/crs-grade.dmn at t. */
  public Map<String, Object> crsGrade(Instant t) {
    return Map.of(CRS, GradingInputs.crs(timeline, t));
  }

  /** Variables of dmn/icans-grade.dmn at t. */
  public Map<String, Object> icansGrade(Instant t) {
    return Map.of(ICANS, GradingInputs.icans(timeline, t, policy));
  }

  /**
   * The IEC-HS features at t: the labs (folds over ULN/LLN, baseline and window) and the
   * pathology finding of hemophagocytosis from the timeline's findings.
   */
  public IecHsFeatures iecHsFeatures(Instant t) {
    return IecHsFeatures.derive(
        labs, GradingInputs.hemophagocytosis(timeline, t), timeline.patient().infusionAt(), t, policy);
  }

  /** Variables of dmn/iec-hs-suspicion.dmn at t. */
  public Map<String, Object> iecHsSuspicion(Instant t) {
    return Map.of(FEATURES, iecHsFeatures(t).asVariables());
  }

  /**
   * Variables of the IEC-HS context findings at t: the features with the non-lab manifestations,
   * which need the CRS and ICANS grades at t and the CRS peak before it.
   */
  public Map<String, Object> iecHsContextFindings(
      IecHsFeatures features, Instant t, Integer crsGrade, Integer crsPeak, Integer icansGrade) {
    Map<String, Object> featuresAndContext = new HashMap<>(features.asVariables());
    featuresAndContext.putAll(GradingInputs.iecHsContext(timeline, t, crsGrade, crsPeak, icansGrade));
    return Map.of(FEATURES, featuresAndContext);
  }

  /** Variables of dmn/iec-hs-grade.dmn at t. */
  public Map<String, Object> iecHsGrade(Instant t) {
    return iecHsGrade(t, Map.of());
  }

  /**
   * As {@link #iecHsGrade(Instant)}, with what a physician attested (the course ticked on the review
   * or reassessment form, by the table's input names) added to what the timeline holds: a tick can
   * raise an input the timeline does not know of, never lower one it does.
   */
  public Map<String, Object> iecHsGrade(Instant t, Map<String, Boolean> attestedByPhysician) {
    Map<String, Object> course = new java.util.LinkedHashMap<>(GradingInputs.iecHsCourse(timeline, t));
    attestedByPhysician.forEach((input, ticked) -> {
      if (!course.containsKey(input)) {
        throw new IllegalArgumentException("dmn/iec-hs-grade.dmn has no input " + input);
      }
      if (Boolean.TRUE.equals(ticked)) {
        course.put(input, true);
      }
    });
    return Map.of(IEC_HS_COURSE, course);
  }

  /**
   * A table's variables where bounds are among the results (reference §5.2 "Retracted and censored
   * results"): each bound read at its least abnormal end, at its most abnormal end, and left out;
   * {@code bounds} names them. A table answering the same at both ends is decided by the bounds;
   * otherwise its answer without them stands and the bounds are not evaluable ({@link Reading}).
   */
  public record Ends(
      Map<String, Object> leastAbnormal,
      Map<String, Object> mostAbnormal,
      Map<String, Object> withoutBounds,
      java.util.List<String> bounds) {}

  private static Ends ends(java.util.function.Function<Reading, Map<String, Object>> variables) {
    Reading least = new Reading(Reading.Mode.LEAST_ABNORMAL);
    Map<String, Object> atLeast = variables.apply(least);
    if (least.bounds().isEmpty()) {
      return new Ends(atLeast, atLeast, atLeast, java.util.List.of());
    }
    Reading without = new Reading(Reading.Mode.WITHOUT_BOUNDS);
    return new Ends(
        atLeast,
        variables.apply(new Reading(Reading.Mode.MOST_ABNORMAL)),
        variables.apply(without),
        without.bounds());
  }

  /** Variables of dmn/hlh-2004.dmn and dmn/hscore.dmn at t. */
  public Ends hemophagocytic(Instant t) {
    return ends(reading -> Map.of(HLH, GradingInputs.hemophagocytic(timeline, labs, t, reading)));
  }

  /** Variables of dmn/car-hlh.dmn at t. */
  public Ends carHlh(Instant t) {
    return ends(reading -> Map.of(CAR_HLH, GradingInputs.carHlh(timeline, labs, t, policy, reading)));
  }

  /** Variables of dmn/car-hematotox.dmn (the sample before lymphodepletion). */
  public Ends hematotox() {
    return ends(reading -> Map.of(HEMATOTOX, GradingInputs.hematotox(timeline, labs, policy, reading)));
  }

  /** Variables of dmn/icaht.dmn at t ({@code icaht} and {@code tIcaht}), counted with the thresholds. */
  public Ends icaht(Instant t, Map<String, Object> thresholds) {
    return ends(reading -> GradingInputs.icaht(timeline, labs, t, thresholds, reading));
  }

  /** Variables of dmn/tocilizumab-dose.dmn (the dose by weight, reference §11.1). */
  public static Map<String, Object> tocilizumabDose(Patient patient) {
    return Map.of(DOSING, Map.of("weightKg", patient.weightKg()));
  }

  /**
   * Variables of the tocilizumab dose check for a proposed or ordered dose: the doses given before
   * it and the weight the weight-based limit is computed from (reference §11.1).
   */
  public Map<String, Object> tocilizumabCheck(Timeline.Treatment proposed) {
    return Map.of(
        TOCILIZUMAB_CHECK,
        GradingInputs.tocilizumabCheck(timeline, proposed, policy),
        DOSING,
        tocilizumabDose(timeline.patient()).get(DOSING));
  }

  /** The tocilizumab doses given before t (count, in the last 24 h, hours since the last). */
  public Map<String, Object> tocilizumabHistory(Instant t) {
    return GradingInputs.tocilizumabHistory(timeline, t);
  }
}
