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
 *
 * <p>A bound (reference §5.2) is read at its least abnormal end ({@link Reading}): the table's rules
 * for each fold all point one way, so a finding that fires there is met by every value the bound
 * allows; a finding it does not decide stays unmet and the bound is named in {@code notEvaluable}.
 * A fold read both ways (baseline over LLN: "new" and "refractory") is null for a bound.
 */
public final class IecHsFeatures {

  private static final MathContext FOLD = MathContext.DECIMAL64;

  private final Map<String, Object> values = new LinkedHashMap<>();
  private final List<String> notEvaluable = new ArrayList<>();
  private final Reading reading = new Reading(Reading.Mode.LEAST_ABNORMAL);

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
    f.notEvaluable.addAll(f.reading.bounds());
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
    values.put("ldhFoldUln", high(foldOverUln(LabConcept.LDH, labs.latest(LabConcept.LDH, asOf))));
    values.put(
        "bilirubinFoldUln", high(foldOverUln(LabConcept.BILIRUBIN, labs.latest(LabConcept.BILIRUBIN, asOf))));
    values.put("ptFoldUln", high(foldOverUln(LabConcept.PT, labs.latest(LabConcept.PT, asOf))));
    values.put("apttFoldUln", high(foldOverUln(LabConcept.APTT, labs.latest(LabConcept.APTT, asOf))));
    values.put(
        "triglyceridesMgDl",
        high(reading.interval(
            LabConcept.TRIGLYCERIDES, labs.latest(LabConcept.TRIGLYCERIDES, asOf).orElse(null))));
  }

  private Interval foldOverUln(LabConcept concept, java.util.Optional<LabSeries.Value> value) {
    return value
        .filter(v -> v.high() != null && v.high().signum() > 0)
        .map(v -> reading.interval(concept, v).over(v.high()))
        .orElse(null);
  }

  /** The end of a fold a rule "above" reads (its least abnormal). */
  private BigDecimal high(Interval fold) {
    return reading.end(fold, Interval.Abnormal.HIGH);
  }

  /** The end of a fold a rule "below" reads (its least abnormal). */
  private BigDecimal low(Interval fold) {
    return reading.end(fold, Interval.Abnormal.LOW);
  }

  private void ferritin(List<LabSeries.Value> results, Instant infusionAt, FeaturePolicy policy) {
    LabSeries.Value latest = latest(LabConcept.FERRITIN, results);
    LabSeries.Value baseline = baseline(results, infusionAt, policy);
    noBaseline(LabConcept.FERRITIN, latest, baseline, policy, ">2× baseline");
    values.put("ferritin", latest == null ? null : latest.exact());
    values.put("ferritinFoldUln", high(foldOverHigh(LabConcept.FERRITIN, latest)));
    values.put("ferritinFoldBaseline", high(foldOverBaseline(LabConcept.FERRITIN, latest, baseline)));
    values.put(
        "ferritinRiseFold",
        latest == null
            ? null
            : high(foldOverWindowMin(LabConcept.FERRITIN, results, latest, policy.ferritinRapidRiseWindow())));
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
    values.put(prefix, latest == null ? null : latest.exact());
    values.put(prefix + "FoldUln", high(foldOverHigh(concept, latest)));
    values.put(prefix + "FoldBaseline", high(foldOverBaseline(concept, latest, baseline)));
    values.put(
        prefix + "BaselineAboveUln",
        baseline == null || baseline.high() == null
            ? null
            : baselineAboveUln(reading.interval(concept, baseline), baseline.high()));
  }

  /**
   * Whether the baseline was abnormal (§5.1: ">5× ULN if baseline normal, >5× baseline if
   * abnormal"). A bound that may be either way reads the baseline arm: its least abnormal fold is
   * over the bound's upper end, above the ULN, so a finding there meets both arms.
   */
  private static Boolean baselineAboveUln(Interval baseline, BigDecimal uln) {
    Boolean above = baseline.above(uln);
    return above == null || above;
  }

  private void fibrinogen(List<LabSeries.Value> results) {
    LabSeries.Value latest = latest(LabConcept.FIBRINOGEN, results);
    values.put("fibrinogenMgDl", low(reading.interval(LabConcept.FIBRINOGEN, latest)));
    values.put("fibrinogenFoldLln", low(foldOverLow(LabConcept.FIBRINOGEN, latest)));
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
    values.put(prefix, latest == null ? null : latest.exact());
    values.put(prefix + "FoldLln", low(foldOverLow(concept, latest)));
    // read both ways ("new": at or above LLN; "refractory": below): a bound decides neither here
    Interval baselineValue = reading.interval(concept, baseline);
    values.put(
        prefix + "BaselineFoldLln",
        baselineValue == null || !baselineValue.isExact() || baseline.low() == null || baseline.low().signum() == 0
            ? null
            : baseline.value().divide(baseline.low(), FOLD));
    values.put(
        prefix + "FoldPriorMin",
        latest == null ? null : low(foldOverWindowMin(concept, results, latest, policy.cytopeniaLookback())));
    values.put(
        prefix + "RecoveryMaxFoldLln",
        latest == null
            ? null
            : low(recoveryMaxFoldLln(concept, results, latest, policy.cytopeniaRecoveryWindow())));
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
  private Interval recoveryMaxFoldLln(
      LabConcept concept, List<LabSeries.Value> results, LabSeries.Value latest, java.time.Duration window) {
    Instant from = latest.at().minus(window);
    Interval max = null;
    for (LabSeries.Value r : results) {
      if (!r.at().isBefore(from) && !r.at().isAfter(latest.at()) && r.low() != null && r.low().signum() > 0) {
        Interval fold = reading.interval(concept, r).over(r.low());
        max = max == null ? fold : max.max(fold);
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

  private Interval foldOverHigh(LabConcept concept, LabSeries.Value latest) {
    if (latest == null) {
      return null;
    }
    if (latest.high() == null || latest.high().signum() <= 0) {
      notEvaluable.add(concept.name() + ": no upper limit of normal from the lab");
      return null;
    }
    return reading.interval(concept, latest).over(latest.high());
  }

  private Interval foldOverLow(LabConcept concept, LabSeries.Value latest) {
    if (latest == null) {
      return null;
    }
    if (latest.low() == null || latest.low().signum() <= 0) {
      notEvaluable.add(concept.name() + ": no lower limit of normal from the lab");
      return null;
    }
    return reading.interval(concept, latest).over(latest.low());
  }

  /**
   * Latest over baseline. A bounded baseline divides as the interval it states: "<50" and 200 is
   * above 4× whatever the baseline was (reference §5.2).
   */
  private Interval foldOverBaseline(LabConcept concept, LabSeries.Value latest, LabSeries.Value baseline) {
    if (latest == null || baseline == null || latest == baseline) {
      return null;
    }
    Interval base = reading.interval(concept, baseline);
    return base.high() != null && base.high().signum() <= 0
        ? null
        : reading.interval(concept, latest).over(base);
  }

  /** Latest value over the lowest earlier value within the window before it (null if none). */
  private Interval foldOverWindowMin(
      LabConcept concept, List<LabSeries.Value> results, LabSeries.Value latest, java.time.Duration window) {
    Instant from = latest.at().minus(window);
    Interval min = null;
    for (LabSeries.Value r : results) {
      if (r.at().isBefore(latest.at()) && !r.at().isBefore(from)) {
        Interval value = reading.interval(concept, r);
        min = min == null ? value : min.min(value);
      }
    }
    return min == null || (min.high() != null && min.high().signum() <= 0)
        ? null
        : reading.interval(concept, latest).over(min);
  }
}
