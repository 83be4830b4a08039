package org.pathway.clinical;

import java.math.BigDecimal;

/**
 * The one reviewed table of plausibility limits, applied at every door: FHIR and JSON lab intake,
 * bedside intake and ./pathway evaluate (the timeline parser). These are data-entry limits, not
 * clinical thresholds: a value outside them cannot be a measurement of a living patient (or cannot
 * be carried exactly by the engine and the database) and is refused with the limit named, never
 * stored or graded. Local policy, to be reviewed by the clinical lead.
 */
public final class PlausibilityLimits {

  /** Body temperature accepted, in °C (inclusive). */
  public static final BigDecimal MIN_TEMPERATURE_C = new BigDecimal("25.0");

  public static final BigDecimal MAX_TEMPERATURE_C = new BigDecimal("45.0");

  /**
   * The largest magnitude of any number accepted. Counts per litre (leukocytes about 5E9/L) are
   * the largest values a lab sends; beyond this a number is a typing or encoding error, and the
   * engine's variables (64-bit integers, doubles) no longer carry it exactly.
   */
  public static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1E12");

  /**
   * Decimal places beyond which a number is not a measurement: generous, since senders serialise
   * converted values as doubles (36.69186721362597), but it keeps 1E-1000 out of the arithmetic.
   */
  public static final int MAX_DECIMAL_PLACES = 30;

  /**
   * Body weight accepted, in kg: the lightest newborn and the heaviest adult a ward records; 0.001
   * kg once dosed tocilizumab at 0.012 mg.
   */
  public static final BigDecimal MIN_WEIGHT_KG = new BigDecimal("0.2");

  public static final BigDecimal MAX_WEIGHT_KG = new BigDecimal("400");

  /** Oxygen flow accepted, L/min: above any high-flow device (1e308 L/min once graded CRS 3). */
  public static final BigDecimal MAX_OXYGEN_FLOW_LPM = new BigDecimal("100");

  /**
   * Systolic blood pressure accepted, mmHg (contract vitals and home readings, reference §12.1):
   * outside this, a cuff's reading is an error of the device or of the sender, not a pressure.
   */
  public static final BigDecimal MIN_SYSTOLIC_BP = new BigDecimal("30");

  public static final BigDecimal MAX_SYSTOLIC_BP = new BigDecimal("300");

  /** SpO₂ accepted, %: a saturation is a percentage. */
  public static final BigDecimal MAX_SPO2 = new BigDecimal("100");

  /** Times accepted: a year of 0 or ±1,000,000,000 is an encoding error, not a measurement. */
  public static final java.time.Instant EARLIEST = java.time.Instant.parse("1900-01-01T00:00:00Z");

  public static final java.time.Instant LATEST = java.time.Instant.parse("2200-01-01T00:00:00Z");

  private PlausibilityLimits() {}

  public static boolean plausibleTime(java.time.Instant at) {
    return !at.isBefore(EARLIEST) && at.isBefore(LATEST);
  }

  /** Any number: finite, at most {@link #MAX_MAGNITUDE}, at most {@link #MAX_DECIMAL_PLACES}. */
  /**
   * What is measured is reported after it was measured: a time ahead of now by more than the
   * clocks may differ is an error of the sender's (time zone, clock, date), and stored it would
   * become the patient's current value once that time came. Intake only: a file evaluated has no now.
   */
  public static void checkNotFuture(java.time.Instant at, java.time.Instant now, java.time.Duration clockSkew)
      throws ReceivedLab.Implausible {
    if (at.isAfter(now.plus(clockSkew))) {
      throw new ReceivedLab.Implausible("at", "is in the future (" + at + "; now " + now
          + ", clock skew allowed " + clockSkew + "): an observation is reported after it was made");
    }
  }

  public static void checkNumber(BigDecimal value) throws ReceivedLab.Implausible {
    if (value.abs().compareTo(MAX_MAGNITUDE) > 0) {
      throw new ReceivedLab.Implausible(
          "value", value + " is beyond the largest number accepted (" + MAX_MAGNITUDE.toPlainString() + ")");
    }
    if (value.stripTrailingZeros().scale() > MAX_DECIMAL_PLACES) {
      throw new ReceivedLab.Implausible(
          "value", value + " has more than " + MAX_DECIMAL_PLACES + " decimal places");
    }
  }

  /**
   * A lab result: every analyte the pathway reads is a non-negative quantity, and so are the
   * lab's reference limits, with the lower one not above the upper one (a negative or inverted
   * range would hide or invent a finding).
   */
  public static void check(LabResult lab) throws ReceivedLab.Implausible {
    checkNumber(lab.value());
    if (lab.value().signum() < 0) {
      throw new ReceivedLab.Implausible(
          "value", lab.value().toPlainString() + " is below the plausibility limit 0");
    }
    checkLimit("low", lab.low());
    checkLimit("high", lab.high());
    if (lab.low() != null && lab.high() != null && lab.low().compareTo(lab.high()) > 0) {
      throw new ReceivedLab.Implausible(
          "low",
          "the lower reference limit " + lab.low().toPlainString() + " is above the upper "
              + lab.high().toPlainString());
    }
  }

  private static void checkLimit(String field, BigDecimal limit) throws ReceivedLab.Implausible {
    if (limit == null) {
      return;
    }
    try {
      checkNumber(limit);
    } catch (ReceivedLab.Implausible e) {
      throw new ReceivedLab.Implausible(field, e.getMessage());
    }
    if (limit.signum() < 0) {
      throw new ReceivedLab.Implausible(field, "a reference limit of " + limit.toPlainString() + " is below 0");
    }
  }

  public static void checkTemperature(BigDecimal celsius) throws ReceivedLab.Implausible {
    if (celsius.compareTo(MIN_TEMPERATURE_C) < 0 || celsius.compareTo(MAX_TEMPERATURE_C) > 0) {
      throw new ReceivedLab.Implausible(
          "value",
          "temperature "
              + celsius.stripTrailingZeros().toPlainString()
              + " °C is outside the plausibility limits "
              + MIN_TEMPERATURE_C
              + "–"
              + MAX_TEMPERATURE_C
              + " °C");
    }
  }
}
