package org.pathway.clinical;

import java.math.BigDecimal;
import java.time.Instant;

/** The patient object of the evaluation contract (iec-timeline/1): pseudonymous, no names. */
public record Patient(
    String id,
    BigDecimal ageYears,
    BigDecimal weightKg,
    boolean developmentalDelay,
    TherapyClass therapyClass,
    String product,
    String indication,
    Instant infusionAt,
    boolean immunosuppressed) {

  /** Whole days since infusion (floor), as the evaluation contract defines "day". */
  public static long dayPostInfusion(Instant infusionAt, Instant at) {
    return Math.floorDiv(
        java.time.Duration.between(infusionAt, at).toMillis(), java.time.Duration.ofDays(1).toMillis());
  }

  public long dayPostInfusion(Instant at) {
    return dayPostInfusion(infusionAt, at);
  }

  public enum TherapyClass {
    CAR_T,
    TCE,
    TCR_T,
    TIL,
    OTHER
  }
}
