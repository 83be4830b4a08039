package org.pathway.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CytopeniaDaysTest {

  static TreeMap<Long, BigDecimal> days(double... values) {
    TreeMap<Long, BigDecimal> m = new TreeMap<>();
    for (int d = 0; d < values.length; d++) {
      if (!Double.isNaN(values[d])) {
        m.put((long) d, BigDecimal.valueOf(values[d]));
      }
    }
    return m;
  }

  static final BigDecimal HALF = new BigDecimal("0.5");

  @Test
  void aValueOnTheThresholdCountsOnlyWhenInclusive() {
    Map<Long, BigDecimal> d = days(0.5, 0.5, 0.6);
    assertThat(CytopeniaDays.count(d, 0, 2, HALF, true, 3).days()).isEqualTo(2);
    assertThat(CytopeniaDays.count(d, 0, 2, HALF, false, 3).days()).isZero();
  }

  @Test
  void shortRecoveryBetweenLowDaysCountsButAnOpenOrStableOneDoesNot() {
    // low, 2 days up, low: the 2 count; then 3 days up (stable), low: they do not
    assertThat(CytopeniaDays.count(days(0.1, 0.9, 0.9, 0.1, 0.9, 0.9, 0.9, 0.1), 0, 7, HALF, true, 3).days())
        .isEqualTo(5);
    // a recovery still running at the end is not yet known to fail: not counted
    assertThat(CytopeniaDays.count(days(0.1, 0.9, 0.9), 0, 2, HALF, true, 3).days()).isEqualTo(1);
  }

  @Test
  void daysWithoutValueNeitherCountNorBreakARun() {
    CytopeniaDays.Count c =
        CytopeniaDays.count(days(0.1, Double.NaN, 0.9, 0.1), 0, 3, HALF, true, 3);
    assertThat(c.days()).isEqualTo(3);
    assertThat(c.unmeasuredDays()).isEqualTo(1);
  }

  @Test
  void theLowestValueOfADayCounts() {
    var infusion = java.time.Instant.parse("2026-01-01T10:00:00Z");
    var values =
        java.util.List.of(
            new LabSeries.Value(new BigDecimal("0.7"), null, null, infusion.plusSeconds(3600 * 30), "10*3/uL", null, null, new BigDecimal("0.7")),
            new LabSeries.Value(new BigDecimal("0.4"), null, null, infusion.plusSeconds(3600 * 40), "10*3/uL", null, null, new BigDecimal("0.4")));
    assertThat(CytopeniaDays.dailyLowest(values, infusion, LabSeries.Value::value)).containsEntry(1L, new BigDecimal("0.4"));
  }
}
