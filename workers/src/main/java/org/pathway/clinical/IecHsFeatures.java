package org.pathway.clinical;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /** A result converted to the unit its criteria are written in. */
  private record Normalised(BigDecimal value, BigDecimal low, BigDecimal high, Instant at) {}

  public static IecHsFeatures derive(
      List<LabResult> labs, Instant infusionAt, Instant asOf, FeaturePolicy policy) {
    return derive(labs, null, infusionAt, asOf, policy);
  }

  /**
   * As above, with the pathology finding of hemophagocytosis (null where findings are not known
   * to the caller, so that rule cannot fire rather than being told "no").
   */
  public static IecHsFeatures derive(
      List<LabResult> labs,
      Boolean hemophagocytosis,
      Instant infusionAt,
      Instant asOf,
      FeaturePolicy policy) {
    IecHsFeatures f = new IecHsFeatures();
    f.values.put("hemophagocytosis", hemophagocytosis);
    Map<LabConcept, List<Normalised>> byConcept = f.normalise(labs, asOf);

    f.ferritin(byConcept.get(LabConcept.FERRITIN), infusionAt, policy);
    f.transaminase("alt", LabConcept.ALT, byConcept.get(LabConcept.ALT), infusionAt, policy);
    f.transaminase("ast", LabConcept.AST, byConcept.get(LabConcept.AST), infusionAt, policy);
    f.fibrinogen(byConcept.get(LabConcept.FIBRINOGEN));
    f.cytopenia("anc", LabConcept.ANC, byConcept.get(LabConcept.ANC), infusionAt, policy);
    f.cytopenia(
        "platelets", LabConcept.PLATELETS, byConcept.get(LabConcept.PLATELETS), infusionAt, policy);
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

  private Map<LabConcept, List<Normalised>> normalise(List<LabResult> labs, Instant asOf) {
    Map<LabConcept, List<Normalised>> byConcept = new EnumMap<>(LabConcept.class);
    for (LabConcept concept : LabConcept.values()) {
      byConcept.put(concept, new ArrayList<>());
    }
    UnitConverter ucum = UnitConverter.ucum();
    for (LabResult lab : labs) {
      if (lab.at().isAfter(asOf)) {
        continue;
      }
      Optional<LabConcept> concept = LabConcept.byLoinc(lab.loinc());
      if (concept.isEmpty()) {
        continue;
      }
      try {
        byConcept
            .get(concept.get())
            .add(
                new Normalised(
                    ucum.convert(lab.value(), lab.unit(), concept.get()),
                    lab.low() == null ? null : ucum.convert(lab.low(), lab.unit(), concept.get()),
                    lab.high() == null ? null : ucum.convert(lab.high(), lab.unit(), concept.get()),
                    lab.at()));
      } catch (UnitConverter.NotConvertible e) {
        notEvaluable.add(concept.get().name() + ": result at " + lab.at() + " " + e.getMessage());
      }
    }
    byConcept.values().forEach(list -> list.sort(Comparator.comparing(Normalised::at)));
    return byConcept;
  }

  private void ferritin(List<Normalised> results, Instant infusionAt, FeaturePolicy policy) {
    Normalised latest = latest(LabConcept.FERRITIN, results);
    Normalised baseline = baseline(results, infusionAt, policy);
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
      List<Normalised> results,
      Instant infusionAt,
      FeaturePolicy policy) {
    Normalised latest = latest(concept, results);
    Normalised baseline = baseline(results, infusionAt, policy);
    values.put(prefix, latest == null ? null : latest.value());
    values.put(prefix + "FoldUln", foldOverHigh(concept, latest));
    values.put(prefix + "FoldBaseline", foldOverBaseline(concept, latest, baseline));
    values.put(
        prefix + "BaselineAboveUln",
        baseline == null || baseline.high() == null
            ? null
            : baseline.value().compareTo(baseline.high()) > 0);
  }

  private void fibrinogen(List<Normalised> results) {
    Normalised latest = latest(LabConcept.FIBRINOGEN, results);
    values.put("fibrinogenMgDl", latest == null ? null : latest.value());
    values.put("fibrinogenFoldLln", foldOverLow(LabConcept.FIBRINOGEN, latest));
  }

  private void cytopenia(
      String prefix,
      LabConcept concept,
      List<Normalised> results,
      Instant infusionAt,
      FeaturePolicy policy) {
    Normalised latest = latest(concept, results);
    Normalised baseline = baseline(results, infusionAt, policy);
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
  }

  private Normalised latest(LabConcept concept, List<Normalised> results) {
    if (results.isEmpty()) {
      notEvaluable.add(concept.name() + ": no result");
      return null;
    }
    return results.getLast();
  }

  /** Reference §5.1/§5.2: the value at infusion, else the last one within the look-back before it. */
  private static Normalised baseline(
      List<Normalised> results, Instant infusionAt, FeaturePolicy policy) {
    Instant earliest = infusionAt.minus(policy.baselineLookback());
    Normalised baseline = null;
    for (Normalised r : results) {
      if (!r.at().isAfter(infusionAt) && !r.at().isBefore(earliest)) {
        baseline = r;
      }
    }
    return baseline;
  }

  private BigDecimal foldOverHigh(LabConcept concept, Normalised latest) {
    if (latest == null) {
      return null;
    }
    if (latest.high() == null || latest.high().signum() <= 0) {
      notEvaluable.add(concept.name() + ": no upper limit of normal from the lab");
      return null;
    }
    return latest.value().divide(latest.high(), FOLD);
  }

  private BigDecimal foldOverLow(LabConcept concept, Normalised latest) {
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
      LabConcept concept, Normalised latest, Normalised baseline) {
    if (latest == null || baseline == null || latest == baseline || baseline.value().signum() <= 0) {
      return null;
    }
    return latest.value().divide(baseline.value(), FOLD);
  }

  /** Latest value over the lowest earlier value within the window before it (null if none). */
  private static BigDecimal foldOverWindowMin(
      List<Normalised> results, Normalised latest, java.time.Duration window) {
    Instant from = latest.at().minus(window);
    BigDecimal min = null;
    for (Normalised r : results) {
      if (r.at().isBefore(latest.at()) && !r.at().isBefore(from)) {
        min = min == null || r.value().compareTo(min) < 0 ? r.value() : min;
      }
    }
    return min == null || min.signum() <= 0 ? null : latest.value().divide(min, FOLD);
  }
}
