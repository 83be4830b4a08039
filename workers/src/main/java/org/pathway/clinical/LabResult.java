package org.pathway.clinical;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One lab result as the reporting laboratory sent it: LOINC code, value, UCUM unit and the lab's
 * own reference range (same unit as the value; either end may be missing).
 */
public record LabResult(
    String loinc, BigDecimal value, String unit, BigDecimal low, BigDecimal high, Instant at) {

  public LabResult {
    Objects.requireNonNull(loinc, "loinc");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(at, "at");
  }
}
