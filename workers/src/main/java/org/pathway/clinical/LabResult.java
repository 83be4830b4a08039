package org.pathway.clinical;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One lab result as the reporting laboratory sent it: LOINC code, value, UCUM unit and the lab's
 * own reference range (same unit as the value; either end may be missing), with the sender's
 * status, identity and version of the result and a comparator when the value is a bound
 * (evaluation contract, optional lab fields added 2026-12).
 */
public record LabResult(
    String loinc,
    BigDecimal value,
    String unit,
    BigDecimal low,
    BigDecimal high,
    Instant at,
    Status status,
    String id,
    String version,
    String comparator) {

  /** The result's status (FHIR Observation.status values the contract names). */
  public enum Status {
    PRELIMINARY("preliminary"),
    FINAL("final"),
    AMENDED("amended"),
    CORRECTED("corrected"),
    ENTERED_IN_ERROR("entered-in-error");

    private final String code;

    Status(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    // read for every stored result of a timeline: a map, not a scan of values()
    private static final java.util.Map<String, Status> BY_CODE = new java.util.HashMap<>();

    static {
      for (Status s : values()) {
        BY_CODE.put(s.code, s);
      }
    }

    public static java.util.Optional<Status> of(String code) {
      return java.util.Optional.ofNullable(BY_CODE.get(code));
    }
  }

  /** The comparators a bound may carry ("<0.5" is below 0.5, not 0.5). */
  public static final java.util.List<String> COMPARATORS = java.util.List.of("<", "<=", ">=", ">");

  public LabResult {
    Objects.requireNonNull(loinc, "loinc");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(status, "status");
  }

  /** A final result with no identity of the sender's and an exact value. */
  public LabResult(String loinc, BigDecimal value, String unit, BigDecimal low, BigDecimal high, Instant at) {
    this(loinc, value, unit, low, high, at, Status.FINAL, null, null, null);
  }
}
