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

  /**
   * A result in the criterion unit, with the lab's range converted alike, and its reported unit;
   * {@code retractedAt} is when it was marked entered-in-error (null while it stands). A bound
   * ("<700", reference §5.2) keeps its {@code comparator} and the value as {@code reported}: it is
   * not a value, only the {@link #interval()} it states.
   */
  public record Value(
      BigDecimal value,
      BigDecimal low,
      BigDecimal high,
      Instant at,
      String unit,
      Instant retractedAt,
      String comparator,
      BigDecimal reported) {

    /** Whether the result counts for an evaluation at t: taken and not retracted by then. */
    boolean countsAt(Instant t) {
      return !at.isAfter(t) && (retractedAt == null || t.isBefore(retractedAt));
    }

    /** The value itself, or the interval the bound states. */
    public Interval interval() {
      return comparator == null ? Interval.exact(value) : Interval.bound(comparator, value);
    }

    /** The value where the result is one, null where it is a bound. */
    public BigDecimal exact() {
      return comparator == null ? value : null;
    }

    /** The line naming a bound read where it may not decide a criterion (reference §5.2). */
    String boundNote(LabConcept concept) {
      return concept.name() + ": result at " + at + " is a bound (" + comparator + reported.toPlainString()
          + "), not a value: not evaluable where the bound does not decide the criterion";
    }
  }

  private record Problem(LabConcept concept, Instant at, String reason) {}

  private final Map<LabConcept, List<Value>> byConcept = new EnumMap<>(LabConcept.class);
  /** The analytes with a retracted result: only their series are filtered by time of reading. */
  private final java.util.Set<LabConcept> withRetractions = java.util.EnumSet.noneOf(LabConcept.class);
  private final List<Problem> problems = new ArrayList<>();

  private LabSeries() {
    for (LabConcept concept : LabConcept.values()) {
      byConcept.put(concept, new ArrayList<>());
    }
  }

  /**
   * The series the criteria read (evaluation contract, lab status, id and version; reference §5.2
   * "Retracted and censored results"): of the entries of one result (the sender's id, else the
   * analyte and time: a result sent again) the later version stands, else an amended or corrected
   * one, else the later entry; a preliminary entry is not graded and never hides a graded one; an
   * entered-in-error entry retracts the result from its time on; a bound ("<0.5") is not a value:
   * it stays in the series as the result it is (a bound taken last is the latest result, never
   * replaced by an older value), read only as the interval it states.
   */
  public static LabSeries of(List<LabResult> labs) {
    LabSeries series = new LabSeries();
    UnitConverter ucum = UnitConverter.ucum();
    Map<String, List<LabResult>> results = new java.util.LinkedHashMap<>();
    for (LabResult lab : labs) {
      results.computeIfAbsent(identity(lab), k -> new ArrayList<>()).add(lab);
    }
    for (List<LabResult> entries : results.values()) {
      Optional<LabConcept> concept = LabConcept.byLoinc(entries.getFirst().loinc());
      if (concept.isEmpty()) {
        continue;
      }
      Instant retractedAt =
          entries.stream()
              .filter(e -> e.status() == LabResult.Status.ENTERED_IN_ERROR)
              .map(LabResult::at)
              .min(Comparator.naturalOrder())
              .orElse(null);
      Optional<LabResult> standing = standing(entries);
      if (standing.isEmpty()) {
        if (retractedAt == null) {
          series.problems.add(new Problem(concept.get(), entries.getFirst().at(), "is preliminary: not graded until final"));
        }
        continue;
      }
      LabResult lab = standing.get();
      try {
        series.byConcept.get(concept.get())
            .add(new Value(
                ucum.convert(lab.value(), lab.unit(), concept.get()),
                lab.low() == null ? null : ucum.convert(lab.low(), lab.unit(), concept.get()),
                lab.high() == null ? null : ucum.convert(lab.high(), lab.unit(), concept.get()),
                lab.at(),
                lab.unit(),
                retractedAt,
                lab.comparator(),
                lab.value()));
      } catch (UnitConverter.NotConvertible e) {
        series.problems.add(new Problem(concept.get(), lab.at(), e.getMessage()));
      }
    }
    // of a bound and a value taken at one time, the value is the latest result
    series.byConcept.values().forEach(list -> list.sort(
        Comparator.comparing(Value::at).thenComparing((Value v) -> v.comparator() == null)));
    series.byConcept.forEach((concept, values) -> {
      if (values.stream().anyMatch(v -> v.retractedAt() != null)) {
        series.withRetractions.add(concept);
      }
    });
    return series;
  }

  /**
   * Which entry of one result stands (the rule above, for the grading and the store's history
   * alike): of its graded entries the later version, else an amended or corrected one, else the
   * later entry; of only preliminary entries the same way (stored, shown, not graded).
   * Retractions are not versions. Empty when no entry is a version.
   */
  public static Optional<LabResult> newest(List<LabResult> entries) {
    return standing(entries).or(() -> entries.stream()
        .filter(e -> e.status() == LabResult.Status.PRELIMINARY)
        .reduce((earlier, later) -> STANDS.compare(later, earlier) >= 0 ? later : earlier));
  }

  /** The graded entry of one result that stands, if any: a preliminary one never hides it. */
  private static Optional<LabResult> standing(List<LabResult> entries) {
    return entries.stream()
        .filter(e -> e.status() != LabResult.Status.ENTERED_IN_ERROR && e.status() != LabResult.Status.PRELIMINARY)
        .reduce((earlier, later) -> STANDS.compare(later, earlier) >= 0 ? later : earlier);
  }

  /** The sender's id of the result, else its analyte and time. */
  private static String identity(LabResult lab) {
    return lab.id() != null ? "id " + lab.id() : lab.loinc() + " at " + lab.at();
  }

  /** Which of two entries of one result stands: the later version, else amended/corrected over final. */
  private static final Comparator<LabResult> STANDS =
      Comparator.comparing(LabResult::version, Comparator.nullsFirst(LabSeries::compareVersions))
          .thenComparing(e -> e.status() == LabResult.Status.AMENDED || e.status() == LabResult.Status.CORRECTED);

  /** Versions as numbers where both are numbers ("10" after "9"), else as text. */
  private static int compareVersions(String a, String b) {
    try {
      return new BigDecimal(a).compareTo(new BigDecimal(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }

  /** The results of an analyte at or before {@code asOf}, oldest first. */
  public List<Value> upTo(LabConcept concept, Instant asOf) {
    List<Value> all = byConcept.get(concept);
    // oldest first: the results taken by asOf are a prefix, found by binary search
    int low = 0;
    int high = all.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (all.get(mid).at().isAfter(asOf)) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    List<Value> taken = all.subList(0, low);
    return !withRetractions.contains(concept) || taken.stream().allMatch(v -> v.retractedAt() == null)
        ? taken
        : taken.stream().filter(v -> v.countsAt(asOf)).toList();
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
