package org.pathway.clinical;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Cumulative days of a cytopenia (reference §9.1, §9.2): a post-infusion day counts when its lowest
 * value is below the threshold (at or below, for ICAHT's ANC); a run of fewer than
 * {@code stableRecoveryDays} days above it, followed by a day below again, is non-stable recovery
 * and counts too. Days without a value neither count nor break a run. The thresholds come from the
 * icaht-thresholds decision; this class only counts.
 */
public final class CytopeniaDays {

  /** Days counted, and days of the window up to now with no value. */
  public record Count(int days, int unmeasuredDays) {}

  private CytopeniaDays() {}

  /**
   * The lowest value of each post-infusion day (day number as the contract defines it), each result
   * as {@code read} takes it (a bound, reference §5.2); a result read as null is not counted.
   */
  public static TreeMap<Long, BigDecimal> dailyLowest(
      List<LabSeries.Value> values, Instant infusionAt, Function<LabSeries.Value, BigDecimal> read) {
    TreeMap<Long, BigDecimal> byDay = new TreeMap<>();
    for (LabSeries.Value v : values) {
      BigDecimal value = read.apply(v);
      if (value != null) {
        byDay.merge(Patient.dayPostInfusion(infusionAt, v.at()), value, BigDecimal::min);
      }
    }
    return byDay;
  }

  public static Count count(
      Map<Long, BigDecimal> dailyLowest,
      long fromDay,
      long toDay,
      BigDecimal threshold,
      boolean inclusive,
      int stableRecoveryDays) {
    int days = 0;
    int unmeasured = 0;
    int aboveRun = 0;
    boolean belowSeen = false;
    for (long d = fromDay; d <= toDay; d++) {
      BigDecimal value = dailyLowest.get(d);
      if (value == null) {
        unmeasured++;
        continue;
      }
      int cmp = value.compareTo(threshold);
      boolean below = inclusive ? cmp <= 0 : cmp < 0;
      if (below) {
        // a short run of recovery between two days below was not stable: it counts
        if (belowSeen && aboveRun > 0 && aboveRun < stableRecoveryDays) {
          days += aboveRun;
        }
        days++;
        belowSeen = true;
        aboveRun = 0;
      } else {
        aboveRun++;
      }
    }
    return new Count(days, unmeasured);
  }
}
