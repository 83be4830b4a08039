package org.pathway.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.pathway.clinical.FeaturePolicy;
import org.pathway.clinical.GradingInputs;
import org.pathway.clinical.IecHsFeatures;
import org.pathway.clinical.Timeline;
import org.pathway.engine.DecisionEvaluator;
import org.pathway.engine.ModelResources;

/**
 * Grades a whole timeline with the same DMN tables the pathway deploys: at every distinct time in
 * the input, using everything at or before that time (evaluation contract, iec-evaluation/1).
 */
public final class TimelineEvaluator {

  static final String CRS_GRADE = "crs-grade";
  static final String ICANS_GRADE = "icans-grade";
  static final String IEC_HS_SUSPICION = "iec-hs-suspicion";
  static final String IEC_HS_GRADE = "iec-hs-grade";

  private final DecisionEvaluator decisions;
  private final String rulesVersion;
  private final FeaturePolicy policy;

  public TimelineEvaluator(DecisionEvaluator decisions, ModelResources models, FeaturePolicy policy) {
    this.decisions = decisions;
    this.rulesVersion = models.rulesVersion();
    this.policy = policy;
  }

  public EvaluationResult evaluate(JsonNode document) {
    TimelineParser.Parsed parsed = TimelineParser.parse(document);
    String patientId =
        document != null && document.path("patient").path("id").isTextual()
            ? document.path("patient").path("id").asText()
            : null;
    if (!parsed.ok()) {
      return new EvaluationResult(
          EvaluationResult.SCHEMA, patientId, rulesVersion, List.of(), parsed.errors());
    }
    return new EvaluationResult(
        EvaluationResult.SCHEMA, patientId, rulesVersion, evaluate(parsed.timeline()), List.of());
  }

  public List<EvaluationResult.Evaluation> evaluate(Timeline timeline) {
    List<EvaluationResult.Evaluation> out = new ArrayList<>();
    for (Instant t : times(timeline)) {
      out.add(
          new EvaluationResult.Evaluation(
              t.toString(), timeline.patient().dayPostInfusion(t), crs(timeline, t), icans(timeline, t), iecHs(timeline, t)));
    }
    return out;
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

  private EvaluationResult.Syndrome crs(Timeline timeline, Instant t) {
    Map<String, Object> out = decide(CRS_GRADE, Map.of("crs", GradingInputs.crs(timeline, t)));
    return new EvaluationResult.Syndrome(
        (String) out.get("status"), integer(out.get("grade")), strings(out.get("reasons")));
  }

  private EvaluationResult.Icans icans(Timeline timeline, Instant t) {
    Map<String, Object> out =
        decide(ICANS_GRADE, Map.of("icans", GradingInputs.icans(timeline, t, policy)));
    return new EvaluationResult.Icans(
        (String) out.get("status"),
        integer(out.get("grade")),
        (String) out.get("instrument"),
        strings(out.get("reasons")));
  }

  private EvaluationResult.IecHs iecHs(Timeline timeline, Instant t) {
    IecHsFeatures features =
        IecHsFeatures.derive(
            timeline.labs(),
            GradingInputs.hemophagocytosis(timeline, t),
            timeline.patient().infusionAt(),
            t,
            policy);
    Map<String, Object> suspicion =
        decide(IEC_HS_SUSPICION, Map.of("features", features.asVariables()));
    boolean suspected = Boolean.TRUE.equals(suspicion.get("suspected"));
    List<String> reasons = new ArrayList<>(strings(suspicion.get("reasons")));
    Integer grade = null;
    if (suspected) {
      Map<String, Object> graded =
          decide(IEC_HS_GRADE, Map.of("iecHsCourse", GradingInputs.iecHsCourse(timeline, t)));
      grade = integer(graded.get("grade"));
      reasons.add((String) graded.get("reason"));
    }
    return new EvaluationResult.IecHs(
        suspected, strings(suspicion.get("findings")), grade, reasons, features.notEvaluable());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> decide(String decisionId, Map<String, Object> variables) {
    Object out = decisions.evaluate(decisionId, new HashMap<>(variables));
    if (!(out instanceof Map<?, ?> map)) {
      throw new DecisionEvaluator.EvaluationFailed(
          "decision '" + decisionId + "' returned " + out + " instead of a result object");
    }
    return (Map<String, Object>) map;
  }

  private static Integer integer(Object value) {
    return value == null ? null : ((Number) value).intValue();
  }

  private static List<String> strings(Object value) {
    return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
  }
}
