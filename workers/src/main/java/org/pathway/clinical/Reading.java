package org.pathway.clinical;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How a table's inputs read the bounds among the results (reference §5.2 "Retracted and censored
 * results": a bound is used only where it decides the criterion): each at its least abnormal end,
 * each at its most abnormal end, or left out. Every table's rules are monotone in how abnormal a
 * value is, so a table that answers the same at both ends is decided by the bounds; otherwise its
 * answer without them stands and the bounds are named as not evaluable ({@link #bounds()}).
 */
public final class Reading {

  public enum Mode {
    LEAST_ABNORMAL,
    MOST_ABNORMAL,
    WITHOUT_BOUNDS
  }

  private final Mode mode;
  private final Set<String> bounds = new LinkedHashSet<>();

  public Reading(Mode mode) {
    this.mode = mode;
  }

  /** The interval of a result as read here (null for a bound left out); a bound read is named. */
  public Interval interval(LabConcept concept, LabSeries.Value value) {
    if (value == null) {
      return null;
    }
    if (value.comparator() == null) {
      return value.interval();
    }
    bounds.add(value.boundNote(concept));
    return mode == Mode.WITHOUT_BOUNDS ? null : value.interval();
  }

  /** The number a table reads for an interval: the end this reading takes (null stays null). */
  public BigDecimal end(Interval interval, Interval.Abnormal abnormal) {
    return interval == null ? null : interval.end(abnormal, mode != Mode.MOST_ABNORMAL);
  }

  /** A result as a table reads it. */
  public BigDecimal value(LabConcept concept, LabSeries.Value value, Interval.Abnormal abnormal) {
    return end(interval(concept, value), abnormal);
  }

  /** The bounds read, one line each naming the result. */
  public List<String> bounds() {
    return List.copyOf(bounds);
  }
}
