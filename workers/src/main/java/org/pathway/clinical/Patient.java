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

  public enum TherapyClass {
    CAR_T,
    TCE,
    TCR_T,
    TIL,
    OTHER
  }
}
