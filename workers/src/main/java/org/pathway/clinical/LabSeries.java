package org.pathway.clinical;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A patient's lab results by analyte, each converted once to the unit its criteria are written in
 * (reference §1), oldest first. Results whose unit cannot be converted are kept aside with the
 * reason, so the criteria that need them say "not evaluable" instead of guessing.
 */
public final class LabSeries {

  /** A result in the criterion unit, with the lab's range converted alike, and its reported unit. */
  public record Value(BigDecimal value, BigDecimal low, BigDecimal high, Instant at, String unit) {}

  private record Problem(LabConcept concept, Instant at, String reason) {}

  private final Map<LabConcept, List<Value>> byConcept = new EnumMap<>(LabConcept.class);
  private final List<Problem> problems = new ArrayList<>();

  private LabSeries() {
    for (LabConcept concept : LabConcept.values()) {
      byConcept.put(concept, new ArrayList<>());
    }
  }

  public static LabSeries of(List<LabResult> labs) {
    LabSeries series = new LabSeries();
    UnitConverter ucum = UnitConverter.ucum();
    for (LabResult lab : labs) {
      Optional<LabConcept> concept = LabConcept.byLoinc(lab.loinc());
      if (concept.isEmpty()) {
        continue;
      }
      try {
        series.byConcept.get(concept.get())
            .add(new Value(
                ucum.convert(lab.value(), lab.unit(), concept.get()),
                lab.low() == null ? null : ucum.convert(lab.low(), lab.unit(), concept.get()),
                lab.high() == null ? null : ucum.convert(lab.high(), lab.unit(), concept.get()),
                lab.at(),
                lab.unit()));
      } catch (UnitConverter.NotConvertible e) {
        series.problems.add(new Problem(concept.get(), lab.at(), e.getMessage()));
      }
    }
    series.byConcept.values().forEach(list -> list.sort(Comparator.comparing(Value::at)));
    return series;
  }

  /** The results of an analyte at or before {@code asOf}, oldest first. */
  public List<Value> upTo(LabConcept concept, Instant asOf) {
    List<Value> all = byConcept.get(concept);
    int end = 0;
    while (end < all.size() && !all.get(end).at().isAfter(asOf)) {
      end++;
    }
    return all.subList(0, end);
  }

  public Optional<Value> latest(LabConcept concept, Instant asOf) {
    List<Value> values = upTo(concept, asOf);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.getLast());
  }

  /** Why results of this analyte up to {@code asOf} could not be used, one line each. */
  public List<String> problems(LabConcept concept, Instant asOf) {
    return problems.stream()
        .filter(p -> p.concept() == concept && !p.at().isAfter(asOf))
        .map(p -> concept.name() + ": result at " + p.at() + " " + p.reason())
        .toList();
  }
}
