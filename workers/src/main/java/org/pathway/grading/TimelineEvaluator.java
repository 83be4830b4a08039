package org.pathway.grading;

import static org.pathway.model.PathwayModel.Decisions.*;

import org.pathway.clinical.TimelineParser;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.pathway.clinical.FeaturePolicy;
import org.pathway.clinical.DecisionInputs;
import org.pathway.clinical.GradingInputs;
import org.pathway.clinical.IecHsFeatures;
import org.pathway.clinical.Interval;
import org.pathway.clinical.LabConcept;
import org.pathway.clinical.LabSeries;
import org.pathway.clinical.Reading;
import org.pathway.clinical.Timeline;
import org.pathway.engine.DecisionEvaluator;
import org.pathway.engine.ModelResources;

/**
 * Grades a whole timeline with the same DMN tables the pathway deploys: at every distinct time in
 * the input, using everything at or before that time (evaluation contract, iec-evaluation/1).
 */
public final class TimelineEvaluator {

  static final String HSCORE_CAVEAT =
      "Fardet 2014: only the endpoints (<1% at ≤90, >99% at ≥250) are verified, the bands between are"
          + " not (reference §8 [M]); not validated for IEC-HS or in intensive care";

  private final DecisionEvaluator decisions;
  private final String rulesVersion;
  private final FeaturePolicy policy;
  private final Map<String, Object> icahtThresholds;
  /** Whether a timeline's decisions reuse results on equal inputs (off only to prove it changes nothing). */
  private final boolean memo;

  public TimelineEvaluator(DecisionEvaluator decisions, ModelResources models, FeaturePolicy policy) {
    this(decisions, models, policy, true);
  }

  TimelineEvaluator(DecisionEvaluator decisions, ModelResources models, FeaturePolicy policy, boolean memo) {
    this.decisions = decisions;
    this.memo = memo;
    this.rulesVersion = models.rulesVersion();
    this.policy = policy;
    this.icahtThresholds = map(decisions.evaluate(ICAHT_THRESHOLDS, Map.of()));
  }

  public EvaluationResult evaluate(JsonNode document) {
    TimelineParser.Parsed parsed = TimelineParser.parse(document);
    String patientId =
        document != null && document.path("patient").path("id").isTextual()
            ? document.path("patient").path("id").asText()
            : null;
    if (!parsed.ok()) {
      return EvaluationResult.rejected(patientId, rulesVersion, parsed.errors());
    }
    DecisionInputs inputs = DecisionInputs.of(parsed.timeline(), policy);
    return new EvaluationResult(
        EvaluationResult.SCHEMA,
        patientId,
        rulesVersion,
        evaluate(inputs),
        dosing(inputs.timeline()),
        doseChecks(inputs),
        carHematotox(inputs),
        List.of());
  }

  private List<EvaluationResult.Evaluation> evaluate(DecisionInputs inputs) {
    Decisions decide = new Decisions();
    List<EvaluationResult.Evaluation> out = new ArrayList<>();
    for (Instant t : times(inputs.timeline())) {
      out.add(evaluation(decide, inputs, t));
    }
    return out;
  }

  /**
   * Every grade at one time, from everything in the timeline at or before it. The CRS peak that
   * "CRS resolved or improving" is judged against is taken from the evaluations before t.
   */
  public EvaluationResult.Evaluation evaluateAt(Timeline timeline, Instant t) {
    DecisionInputs inputs = DecisionInputs.of(timeline, policy);
    Decisions decide = new Decisions();
    for (Instant earlier : times(timeline).headSet(t, false)) {
      decide.peak(crs(decide, inputs, earlier));
    }
    return evaluation(decide, inputs, t);
  }

  private EvaluationResult.Evaluation evaluation(Decisions decide, DecisionInputs inputs, Instant t) {
    Timeline timeline = inputs.timeline();
    DecisionInputs.Ends hlh = inputs.hemophagocytic(t);
    var icaht = icaht(decide, inputs, t);
    EvaluationResult.Syndrome crs = crs(decide, inputs, t);
    EvaluationResult.Icans icans = icans(decide, inputs, t);
    Integer crsPeak = decide.crsPeak;
    decide.peak(crs);
    return new EvaluationResult.Evaluation(
        t.toString(),
        timeline.patient().dayPostInfusion(t),
        crs,
        icans,
        iecHs(decide, inputs, t, crs.grade(), crsPeak, icans.grade()),
        carHlh(decide, inputs, t),
        hlh2004(decide, hlh),
        hscore(decide, hlh),
        easix(inputs.labs(), t),
        icaht.getKey(),
        icaht.getValue());
  }

  /**
   * The decisions for one timeline. A decision is a pure function of its inputs, and most inputs
   * recur along a timeline (a vitals entry leaves the lab features as they were, the same vitals
   * come back), so each decision's result is kept by its exact inputs and reused when they recur.
   */
  private final class Decisions {
    /** The highest CRS grade so far: "CRS resolved or improving" is judged against it. */
    private Integer crsPeak;

    void peak(EvaluationResult.Syndrome crs) {
      if (crs.grade() != null && (crsPeak == null || crs.grade() > crsPeak)) {
        crsPeak = crs.grade();
      }
    }

    private static final Object NOT_EVALUATED = new Object();

    /** By decision, its results by its inputs (equal maps: the same keys with equal values). */
    private final Map<String, Map<Map<String, Object>, Object>> results = new HashMap<>();

    /** A decision whose result is an object (a context or a single-hit table). */
    @SuppressWarnings("unchecked")
    Map<String, Object> apply(String decisionId, Map<String, Object> variables) {
      Object out = applyList(decisionId, variables);
      if (!(out instanceof Map<?, ?> map)) {
        throw new DecisionEvaluator.EvaluationFailed(
            "decision '" + decisionId + "' returned " + out + " instead of a result object");
      }
      return (Map<String, Object>) map;
    }

    /**
     * A decision whose inputs may hold bounds (reference §5.2): its answer where the bounds at both
     * ends give the same one (they decide it), else its answer without them, the bounds named as
     * not evaluable.
     */
    Decided atEnds(String decisionId, DecisionInputs.Ends ends) {
      Object least = applyList(decisionId, ends.leastAbnormal());
      if (ends.bounds().isEmpty()
          || java.util.Objects.equals(least, applyList(decisionId, ends.mostAbnormal()))) {
        return new Decided(least, ends.leastAbnormal(), List.of());
      }
      return new Decided(applyList(decisionId, ends.withoutBounds()), ends.withoutBounds(), ends.bounds());
    }

    /** Any decision, including collect tables whose result is a list, or null when none hit. */
    Object applyList(String decisionId, Map<String, Object> variables) {
      if (!memo) {
        return decisions.evaluate(decisionId, new HashMap<>(variables));
      }
      Map<Map<String, Object>, Object> known = results.computeIfAbsent(decisionId, id -> new HashMap<>());
      // one look-up (hashing nested maps is not free); a decision may answer null
      Object out = known.getOrDefault(variables, NOT_EVALUATED);
      if (out != NOT_EVALUATED) {
        return out;
      }
      out = decisions.evaluate(decisionId, new HashMap<>(variables));
      known.put(variables, out);
      return out;
    }
  }

  /** A decision's answer, the variables it answered, and the bounds that did not decide it. */
  private record Decided(Object out, Map<String, Object> variables, List<String> undecided) {
    Map<String, Object> map() {
      return TimelineEvaluator.map(out);
    }

    /** The table's not-evaluable inputs, and the bounds that did not decide it. */
    List<String> notEvaluable() {
      return Stream.concat(strings(map().get("notEvaluable")).stream(), undecided.stream()).toList();
    }
  }

  private static TreeSet<Instant> times(Timeline timeline) {
    TreeSet<Instant> times = new TreeSet<>();
    Stream.of(
            timeline.labs().stream().map(l -> l.at()),
            timeline.vitals().stream().map(Timeline.Vitals::at),
            timeline.neuro().stream().map(Timeline.NeuroExam::at),
            timeline.treatments().stream().map(Timeline.Treatment::at),
            timeline.findings().stream().map(Timeline.Finding::at))
        .flatMap(s -> s)
        .forEach(times::add);
    return times;
  }

  private EvaluationResult.Syndrome crs(Decisions decide, DecisionInputs inputs, Instant t) {
    Map<String, Object> out = decide.apply(CRS_GRADE, inputs.crsGrade(t));
    return new EvaluationResult.Syndrome(
        (String) out.get("status"), integer(out.get("grade")), strings(out.get("reasons")));
  }

  private EvaluationResult.Icans icans(Decisions decide, DecisionInputs inputs, Instant t) {
    Map<String, Object> out = decide.apply(ICANS_GRADE, inputs.icansGrade(t));
    return new EvaluationResult.Icans(
        (String) out.get("status"),
        integer(out.get("grade")),
        (String) out.get("instrument"),
        strings(out.get("reasons")));
  }

  private EvaluationResult.IecHs iecHs(
      Decisions decide,
      DecisionInputs inputs,
      Instant t,
      Integer crsGrade,
      Integer crsPeak,
      Integer icansGrade) {
    Timeline timeline = inputs.timeline();
    LabSeries labs = inputs.labs();
    IecHsFeatures features = inputs.iecHsFeatures(t);
    Map<String, Object> suspicion =
        decide.apply(IEC_HS_SUSPICION, Map.of(DecisionInputs.FEATURES, features.asVariables()));
    Object contextFindings =
        decide.applyList(
            IEC_HS_CONTEXT_FINDINGS,
            inputs.iecHsContextFindings(features, t, crsGrade, crsPeak, icansGrade));
    boolean suspected = Boolean.TRUE.equals(suspicion.get("suspected"));
    List<String> reasons = new ArrayList<>(strings(suspicion.get("reasons")));
    Integer grade = null;
    if (suspected) {
      Map<String, Object> graded =
          decide.apply(IEC_HS_GRADE, inputs.iecHsGrade(t));
      grade = integer(graded.get("grade"));
      reasons.add((String) graded.get("reason"));
    }
    Map<String, Object> discriminator = new HashMap<>();
    discriminator.put("indication", timeline.patient().indication());
    // a bound at its least abnormal end: a note it raises there holds for every value it allows
    discriminator.put(
        "ferritin",
        new Reading(Reading.Mode.LEAST_ABNORMAL)
            .value(LabConcept.FERRITIN, labs.latest(LabConcept.FERRITIN, t).orElse(null), Interval.Abnormal.HIGH));
    Object notes = decide.applyList(IEC_HS_CONTEXT, Map.of("context", discriminator));
    return new EvaluationResult.IecHs(
        suspected,
        strings(suspicion.get("findings")),
        contextFindings == null
            ? List.of()
            : ((List<?>) contextFindings).stream()
                .map(f -> (String) ((Map<?, ?>) f).get("finding"))
                .distinct()
                .toList(),
        grade,
        reasons,
        features.notEvaluable(),
        strings(notes));
  }

  private EvaluationResult.Dosing dosing(Timeline timeline) {
    Map<String, Object> dose = map(decisions.evaluate(TOCILIZUMAB_DOSE, DecisionInputs.tocilizumabDose(timeline.patient())));
    return new EvaluationResult.Dosing(
        new java.math.BigDecimal(String.valueOf(dose.get("doseMg"))).stripTrailingZeros(),
        strings(dose.get("reasons")));
  }

  @SuppressWarnings("unchecked")
  private List<EvaluationResult.DoseCheck> doseChecks(DecisionInputs inputs) {
    Timeline timeline = inputs.timeline();
    List<EvaluationResult.DoseCheck> checks = new ArrayList<>();
    for (Timeline.Treatment proposed : timeline.treatments()) {
      if (!proposed.proposed()) {
        continue;
      }
      if (!GradingInputs.TOCILIZUMAB.equals(proposed.drug())) {
        checks.add(new EvaluationResult.DoseCheck(proposed.at().toString(), proposed.drug(), null,
            "NOT_CHECKED", List.of("The reference has no dose rules for " + proposed.drug())));
        continue;
      }
      Object out =
          decisions.evaluate(
              TOCILIZUMAB_DOSE_CHECK, inputs.tocilizumabCheck(proposed));
      List<Map<String, Object>> violations = out == null ? List.of() : (List<Map<String, Object>>) out;
      List<String> reasons = new ArrayList<>(violations.stream().map(v -> (String) v.get("reason")).toList());
      if (proposed.doseMg() == null) {
        reasons.add("No dose stated: the 800 mg and weight-based limits were not checked");
      }
      checks.add(new EvaluationResult.DoseCheck(
          proposed.at().toString(),
          proposed.drug(),
          violations.isEmpty(),
          violations.isEmpty() ? null : (String) violations.getFirst().get("violation"),
          reasons));
    }
    return checks;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private EvaluationResult.CarHlh carHlh(Decisions decide, DecisionInputs inputs, Instant t) {
    Decided decided = decide.atEnds(CAR_HLH, inputs.carHlh(t));
    Map<String, Object> out = decided.map();
    return new EvaluationResult.CarHlh(
        Boolean.TRUE.equals(out.get("met")),
        strings(out.get("toxicities")),
        decided.notEvaluable(),
        strings(out.get("reasons")));
  }

  @SuppressWarnings("unchecked")
  private EvaluationResult.CarHematotox carHematotox(DecisionInputs inputs) {
    Decided decided = new Decisions().atEnds(CAR_HEMATOTOX, inputs.hematotox());
    Map<String, Object> out = decided.map();
    Map<String, Integer> points = new java.util.LinkedHashMap<>();
    for (Object p : (List<Object>) out.get("points")) {
      Map<String, Object> entry = (Map<String, Object>) p;
      points.put((String) entry.get("marker"), integer(entry.get("points")));
    }
    return new EvaluationResult.CarHematotox(
        integer(out.get("score")), (String) out.get("risk"), points, decided.notEvaluable());
  }

  /** Early and late ICAHT and T-ICAHT: one decision over the day counts Java derives. */
  private Map.Entry<EvaluationResult.Icaht, EvaluationResult.TIcaht> icaht(
      Decisions decide, DecisionInputs inputs, Instant t) {
    Decided decided = decide.atEnds(ICAHT, inputs.icaht(t, icahtThresholds));
    Map<String, Object> out = decided.map();
    Map<String, Object> in = decided.variables();
    Map<String, Object> n = map(in.get("icaht"));
    Map<String, Object> p = map(in.get("tIcaht"));
    return Map.entry(
        new EvaluationResult.Icaht(
            integer(out.get("earlyGrade")),
            integer(out.get("lateGrade")),
            integer(n.get("daysAncSevere")),
            integer(n.get("daysAncProfound")),
            integer(n.get("earlyDaysWithoutAnc")),
            integer(n.get("censoredAtDay"))),
        new EvaluationResult.TIcaht(
            integer(out.get("plateletEarlyGrade")),
            integer(out.get("plateletLateGrade")),
            integer(p.get("daysBelowModerate")),
            integer(p.get("daysBelowSevere")),
            integer(n.get("censoredAtDay"))));
  }

  private EvaluationResult.Hlh2004 hlh2004(Decisions decide, DecisionInputs.Ends inputs) {
    Decided decided = decide.atEnds(HLH_2004, inputs);
    Map<String, Object> out = decided.map();
    return new EvaluationResult.Hlh2004(
        integer(out.get("criteriaMet")),
        Boolean.TRUE.equals(out.get("fulfilled")),
        strings(out.get("met")),
        decided.notEvaluable());
  }

  @SuppressWarnings("unchecked")
  private EvaluationResult.HScore hscore(Decisions decide, DecisionInputs.Ends inputs) {
    Decided decided = decide.atEnds(HSCORE, inputs);
    Map<String, Object> out = decided.map();
    Map<String, Integer> points = new java.util.LinkedHashMap<>();
    for (Object p : (List<Object>) out.get("points")) {
      Map<String, Object> entry = (Map<String, Object>) p;
      points.put((String) entry.get("variable"), integer(entry.get("points")));
    }
    Map<String, Object> probability =
        decide.apply(HSCORE_PROBABILITY, Map.of("hscoreScore", out.get("score")));
    return new EvaluationResult.HScore(
        integer(out.get("score")),
        points,
        decided.notEvaluable(),
        (String) probability.get("probability"),
        Boolean.TRUE.equals(probability.get("verified")),
        HSCORE_CAVEAT);
  }

  /**
   * EASIX, s-EASIX and m-EASIX (reference §10 [V]) from the latest values: formulas, no cut-off, so
   * a bound (§5.2) gives no score.
   */
  static EvaluationResult.Easix easix(LabSeries labs, Instant t) {
    java.math.BigDecimal ldh = labs.latest(LabConcept.LDH, t).map(LabSeries.Value::exact).orElse(null);
    java.math.BigDecimal creatinine =
        labs.latest(LabConcept.CREATININE, t).map(LabSeries.Value::exact).orElse(null);
    java.math.BigDecimal platelets =
        labs.latest(LabConcept.PLATELETS, t).map(LabSeries.Value::exact).orElse(null);
    java.math.BigDecimal crp = labs.latest(LabConcept.CRP, t).map(LabSeries.Value::exact).orElse(null);
    if (ldh == null || platelets == null || platelets.signum() <= 0) {
      return new EvaluationResult.Easix(null, null, null);
    }
    return new EvaluationResult.Easix(
        creatinine == null ? null : shown(ldh.multiply(creatinine), platelets),
        shown(ldh, platelets),
        crp == null ? null : shown(ldh.multiply(crp), platelets));
  }

  /** A continuous score as shown to clinicians: 4 decimals (analyses use log2, reference §10). */
  private static java.math.BigDecimal shown(java.math.BigDecimal numerator, java.math.BigDecimal platelets) {
    return numerator
        .divide(platelets, 4, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros();
  }

  private static Integer integer(Object value) {
    return value == null ? null : ((Number) value).intValue();
  }

  private static List<String> strings(Object value) {
    return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
  }
}
