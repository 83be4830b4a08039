package org.pathway.clinical;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * What a result says of its analyte (reference §5.2 "Retracted and censored results", 2026-12): a
 * value is itself; a bound ("<0.5", ">10000") is only the interval it states, "not a value". Folds
 * of intervals are intervals. A criterion reads one end: at the bound's least abnormal end a
 * criterion that is met is met by every value the bound allows; a table whose answer is the same at
 * both ends is decided by the bound ({@link Reading}).
 *
 * <p>{@code high == null}: no upper end. Results are concentrations, counts and times, never below
 * zero, so "<0.5" is [0, 0.5).
 */
public record Interval(BigDecimal low, boolean lowOpen, BigDecimal high, boolean highOpen) {

  /**
   * The end of an interval with no upper end (">10000"), as a table reads it: above every threshold
   * of the reference (the highest are ferritin >10,000 ng/mL, §6, and sIL-2R ≥2400 U/mL, §7).
   */
  public static final BigDecimal UNBOUNDED = new BigDecimal("1E12");

  /**
   * How far inside an open end ("<0.5" is below 0.5, not 0.5) the end is read: relative, far below
   * the precision of any reported result, so that ">10000" meets ">10000" (§6) and "<1.5" with LLN
   * 1.5 meets "<LLN".
   */
  private static final BigDecimal INSIDE = new BigDecimal("1E-12");

  private static final MathContext FOLD = MathContext.DECIMAL64;

  /** Which way a value is abnormal for the criteria that read it. */
  public enum Abnormal {
    HIGH,
    LOW
  }

  public static Interval exact(BigDecimal value) {
    return new Interval(value, false, value, false);
  }

  /** The interval of a bound with one of {@link LabResult#COMPARATORS}. */
  public static Interval bound(String comparator, BigDecimal value) {
    return switch (comparator) {
      case "<" -> new Interval(BigDecimal.ZERO, false, value, true);
      case "<=" -> new Interval(BigDecimal.ZERO, false, value, false);
      case ">" -> new Interval(value, true, null, false);
      case ">=" -> new Interval(value, false, null, false);
      default -> throw new IllegalArgumentException("not a comparator: " + comparator);
    };
  }

  public boolean isExact() {
    return high != null && !lowOpen && !highOpen && low.compareTo(high) == 0;
  }

  /** This interval over a positive reference (a ULN, an LLN). */
  public Interval over(BigDecimal reference) {
    return over(exact(reference));
  }

  /** This interval over another whose upper end is above zero (a baseline, a lowest value). */
  public Interval over(Interval d) {
    BigDecimal lo = d.high == null ? BigDecimal.ZERO : low.divide(d.high, FOLD);
    boolean loOpen = d.high == null || lowOpen || d.highOpen;
    BigDecimal hi = high == null || d.low.signum() == 0 ? null : high.divide(d.low, FOLD);
    return new Interval(lo, loOpen, hi, hi != null && (highOpen || d.lowOpen));
  }

  public Interval max(Interval o) {
    int lows = low.compareTo(o.low);
    int highs = high == null || o.high == null ? 0 : high.compareTo(o.high);
    return new Interval(
        lows >= 0 ? low : o.low,
        lows > 0 ? lowOpen : lows < 0 ? o.lowOpen : lowOpen || o.lowOpen,
        high == null || o.high == null ? null : highs >= 0 ? high : o.high,
        high != null && o.high != null
            && (highs > 0 ? highOpen : highs < 0 ? o.highOpen : highOpen && o.highOpen));
  }

  public Interval min(Interval o) {
    int lows = low.compareTo(o.low);
    BigDecimal hi = high == null ? o.high : o.high == null ? high : high.min(o.high);
    boolean hiOpen =
        high == null ? o.highOpen
            : o.high == null ? highOpen
            : high.compareTo(o.high) < 0 ? highOpen
            : high.compareTo(o.high) > 0 ? o.highOpen : highOpen || o.highOpen;
    return new Interval(
        lows <= 0 ? low : o.low,
        lows < 0 ? lowOpen : lows > 0 ? o.lowOpen : lowOpen && o.lowOpen,
        hi,
        hiOpen);
  }

  /** Whether every value of the interval is above x (true), none is (false), or it depends (null). */
  public Boolean above(BigDecimal x) {
    int lo = low.compareTo(x);
    if (lo > 0 || (lo == 0 && lowOpen)) {
      return true;
    }
    return high != null && high.compareTo(x) <= 0 ? false : null;
  }

  /** The end a criterion reads: the least or the most abnormal one, just inside it where open. */
  public BigDecimal end(Abnormal abnormal, boolean leastAbnormal) {
    boolean upper = (abnormal == Abnormal.HIGH) != leastAbnormal;
    if (upper) {
      return high == null ? UNBOUNDED : highOpen ? high.subtract(high.multiply(INSIDE), FOLD) : high;
    }
    return lowOpen ? low.add(low.multiply(INSIDE), FOLD) : low;
  }
}
