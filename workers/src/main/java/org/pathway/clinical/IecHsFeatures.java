package org.pathway.clinical;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs of the IEC-HS findings table (dmn/iec-hs-suspicion.dmn), derived from a patient's lab
 * results: each latest value as a fold over the lab's ULN or LLN, over the value at infusion, and
 * over earlier values in a look-back window. No threshold is applied here: the table holds them.
 *
 * <p>Folds are exact decimals, so a value of exactly 2× ULN is 2, not 2.0000000000000004. A missing
 * value, reference limit or baseline leaves the fold null (the rule cannot fire) and is named in
 * {@code notEvaluable}, so that "not met" and "could not be evaluated" are never confused.
 */
public final class IecHsFeatures {

  private static final MathContext FOLD = MathContext.DECIMAL64;

  private final Map<String, Object> values = new LinkedHashMap<>();
  private final List<String> notEvaluable = new ArrayList<>();

  private IecHsFeatures() {}

  /**
   * The features at {@code asOf}, with the pathology finding of hemophagocytosis from the
   * timeline's findings. Callers go through {@link DecisionInputs}.
   */
  public static IecHsFeatures derive(
      LabSeries labs,
      boolean hemophagocytosis,
      Instant infusionAt,
      Instant asOf,
      FeaturePolicy policy) {
    IecHsFeatures f = new IecHsFeatures();
    f.values.put("hemophagocytosis", hemophagocytosis);
    Map<LabConcept, List<LabSeries.Value>> byConcept = new EnumMap<>(LabConcept.class);
    for (LabConcept concept :
        List.of(LabConcept.FERRITIN, LabConcept.ALT, LabConcept.AST, LabConcept.FIBRINOGEN,
            LabConcept.ANC, LabConcept.PLATELETS)) {
      f.notEvaluable.addAll(labs.problems(concept, asOf));
      byConcept.put(concept, labs.upTo(concept, asOf));
    }

    f.ferritin(byConcept.get(LabConcept.FERRITIN), infusionAt, policy);
    f.transaminase("alt", LabConcept.ALT, byConcept.get(LabConcept.ALT), infusionAt, policy);
    f.transaminase("ast", LabConcept.AST, byConcept.get(LabConcept.AST), infusionAt, policy);
    f.fibrinogen(byConcept.get(LabConcept.FIBRINOGEN));
    f.cytopenia("anc", LabConcept.ANC, byConcept.get(LabConcept.ANC), infusionAt, policy);
    f.cytopenia(
        "platelets", LabConcept.PLATELETS, byConcept.get(LabConcept.PLATELETS), infusionAt, policy);
    f.context(labs, asOf);
    f.values.put("notEvaluable", List.copyOf(f.notEvaluable));
    return f;
  }

  /** The variables the decision reads, by name (null where not evaluable). */
  public Map<String, Object> asVariables() {
    return java.util.Collections.unmodifiableMap(values);
  }

  public List<String> notEvaluable() {
    return List.copyOf(notEvaluable);
  }

  /**
   * Lab inputs of the context manifestations of §5.1 (LDH above ULN, triglycerides, bilirubin, PT
   * and aPTT above ULN). They never decide the suspicion, so a missing one is not reported.
   */
  private void context(LabSeries labs, Instant asOf) {
    values.put("ldhFoldUln", foldOverUln(labs.latest(LabConcept.LDH, asOf)));
    values.put("bilirubinFoldUln", foldOverUln(labs.latest(LabConcept.BILIRUBIN, asOf)));
    values.put("ptFoldUln", foldOverUln(labs.latest(LabConcept.PT, asOf)));
    values.put("apttFoldUln", foldOverUln(labs.latest(LabConcept.APTT, asOf)));
    values.put(
        "triglyceridesMgDl",
        labs.latest(LabConcept.TRIGLYCERIDES, asOf).map(LabSeries.Value::value).orElse(null));
  }

  private static BigDecimal foldOverUln(java.util.Optional<LabSeries.Value> value) {
    return value
        .filter(v -> v.high() != null && v.high().signum() > 0)
        .map(v -> v.value().divide(v.high(), FOLD))
        .orElse(null);
  }

  private void ferritin(List<LabSeries.Value> results, Instant infusionAt, FeaturePolicy policy) {
    LabSeries.Value latest = latest(LabConcept.FERRITIN, results);
    LabSeries.Value baseline = baseline(results, infusionAt, policy);
    noBaseline(LabConcept.FERRITIN, latest, baseline, policy, ">2× baseline");
    values.put("ferritin", latest == null ? null : latest.value());
    values.put("ferritinFoldUln", foldOverHigh(LabConcept.FERRITIN, latest));
    values.put("ferritinFoldBaseline", foldOverBaseline(LabConcept.FERRITIN, latest, baseline));
    values.put(
        "ferritinRiseFold",
        latest == null ? null : foldOverWindowMin(results, latest, policy.ferritinRapidRiseWindow()));
    values.put("ferritinRapidRiseFold", BigDecimal.valueOf(policy.ferritinRapidRiseFold()));
  }

  private void transaminase(
      String prefix,
      LabConcept concept,
      List<LabSeries.Value> results,
      Instant infusionAt,
      FeaturePolicy policy) {
    LabSeries.Value latest = latest(concept, results);
    LabSeries.Value baseline = baseline(results, infusionAt, policy);
    noBaseline(concept, latest, baseline, policy, ">5× baseline");
    values.put(prefix, latest == null ? null : latest.value());
    values.put(prefix + "FoldUln", foldOverHigh(concept, latest));
    values.put(prefix + "FoldBaseline", foldOverBaseline(concept, latest, baseline));
    values.put(
        prefix + "BaselineAboveUln",
        baseline == null || baseline.high() == null
            ? null
            : baseline.value().compareTo(baseline.high()) > 0);
  }

  private void fibrinogen(List<LabSeries.Value> results) {
    LabSeries.Value latest = latest(LabConcept.FIBRINOGEN, results);
    values.put("fibrinogenMgDl", latest == null ? null : latest.value());
    values.put("fibrinogenFoldLln", foldOverLow(LabConcept.FIBRINOGEN, latest));
  }

  private void cytopenia(
      String prefix,
      LabConcept concept,
      List<LabSeries.Value> results,
      Instant infusionAt,
      FeaturePolicy policy) {
    LabSeries.Value latest = latest(concept, results);
    LabSeries.Value baseline = baseline(results, infusionAt, policy);
    noBaseline(concept, latest, baseline, policy, "new or refractory cytopenia");
    values.put(prefix, latest == null ? null : latest.value());
    values.put(prefix + "FoldLln", foldOverLow(concept, latest));
    values.put(
        prefix + "BaselineFoldLln",
        baseline == null || baseline.low() == null || baseline.low().signum() == 0
            ? null
            : baseline.value().divide(baseline.low(), FOLD));
    values.put(
        prefix + "FoldPriorMin",
        latest == null ? null : foldOverWindowMin(results, latest, policy.cytopeniaLookback()));
    values.put(
        prefix + "RecoveryMaxFoldLln",
        latest == null ? null : recoveryMaxFoldLln(results, latest, policy.cytopeniaRecoveryWindow()));
  }

  /**
   * Reference §5.2 (2026-12): without a baseline within the look-back the baseline arms cannot be
   * evaluated; the clinician sees the gap instead of an arm silently "not met".
   */
  private void noBaseline(
      LabConcept concept,
      LabSeries.Value latest,
      LabSeries.Value baseline,
      FeaturePolicy policy,
      String arms) {
    if (latest != null && baseline == null) {
      notEvaluable.add(
          concept.name() + ": no baseline within " + days(policy.baselineLookback())
              + " before infusion: " + arms + " not evaluable");
    }
  }

  private static String days(java.time.Duration d) {
    return d.toHours() % 24 == 0 && d.toSeconds() % 3600 == 0 ? "P" + d.toDays() + "D" : d.toString();
  }

  /**
   * The highest value over LLN in the recovery window up to and including the latest (reference
   * §5.2 "refractory": below 1 means the count never recovered above LLN in the window).
   */
  private static BigDecimal recoveryMaxFoldLln(
      List<LabSeries.Value> results, LabSeries.Value latest, java.time.Duration window) {
    Instant from = latest.at().minus(window);
    BigDecimal max = null;
    for (LabSeries.Value r : results) {
      if (!r.at().isBefore(from) && !r.at().isAfter(latest.at()) && r.low() != null && r.low().signum() > 0) {
        BigDecimal fold = r.value().divide(r.low(), FOLD);
        max = max == null || fold.compareTo(max) > 0 ? fold : max;
      }
    }
    return max;
  }

  private LabSeries.Value latest(LabConcept concept, List<LabSeries.Value> results) {
    if (results.isEmpty()) {
      notEvaluable.add(concept.name() + ": no result");
      return null;
    }
    return results.getLast();
  }

  /** Reference §5.1/§5.2: the value at infusion, else the last one within the look-back before it. */
  static LabSeries.Value baseline(
      List<LabSeries.Value> results, Instant infusionAt, FeaturePolicy policy) {
    Instant earliest = infusionAt.minus(policy.baselineLookback());
    LabSeries.Value baseline = null;
    for (LabSeries.Value r : results) {
      if (!r.at().isAfter(infusionAt) && !r.at().isBefore(earliest)) {
        baseline = r;
      }
    }
    return baseline;
  }

  private BigDecimal foldOverHigh(LabConcept concept, LabSeries.Value latest) {
    if (latest == null) {
      return null;
    }
    if (latest.high() == null || latest.high().signum() <= 0) {
      notEvaluable.add(concept.name() + ": no upper limit of normal from the lab");
      return null;
    }
    return latest.value().divide(latest.high(), FOLD);
  }

  private BigDecimal foldOverLow(LabConcept concept, LabSeries.Value latest) {
    if (latest == null) {
      return null;
    }
    if (latest.low() == null || latest.low().signum() <= 0) {
      notEvaluable.add(concept.name() + ": no lower limit of normal from the lab");
      return null;
    }
    return latest.value().divide(latest.low(), FOLD);
  }

  private static BigDecimal foldOverBaseline(
      LabConcept concept, LabSeries.Value latest, LabSeries.Value baseline) {
    if (latest == null || baseline == null || latest == baseline || baseline.value().signum() <= 0) {
      return null;
    }
    return latest.value().divide(baseline.value(), FOLD);
  }

  /** Latest value over the lowest earlier value within the window before it (null if none). */
  private static BigDecimal foldOverWindowMin(
      List<LabSeries.Value> results, LabSeries.Value latest, java.time.Duration window) {
    Instant from = latest.at().minus(window);
    BigDecimal min = null;
    for (LabSeries.Value r : results) {
      if (r.at().isBefore(latest.at()) && !r.at().isBefore(from)) {
        min = min == null || r.value().compareTo(min) < 0 ? r.value() : min;
      }
    }
    return min == null || min.signum() <= 0 ? null : latest.value().divide(min, FOLD);
  }
}
