package org.pathway.clinical;

import java.math.BigDecimal;

/**
 * The one reviewed table of plausibility limits applied on intake. These are data-entry limits,
 * not clinical thresholds: a value outside them cannot be a measurement of a living patient and is
 * refused with the limit named, never stored. Kept to what is physically impossible (a negative
 * concentration, count or time) and, for body temperature, the range the intake issue names as
 * implausible (15 °C and 50 °C); local policy, to be reviewed by the clinical lead.
 */
public final class PlausibilityLimits {

  /** Body temperature accepted, in °C (inclusive). */
  public static final BigDecimal MIN_TEMPERATURE_C = new BigDecimal("25.0");

  public static final BigDecimal MAX_TEMPERATURE_C = new BigDecimal("45.0");

  private PlausibilityLimits() {}

  /** Lab values: every analyte the pathway reads is a non-negative quantity. */
  public static void check(LabConcept concept, BigDecimal value) throws ReceivedLab.Implausible {
    if (value.signum() < 0) {
      throw new ReceivedLab.Implausible(
          concept.display() + " " + value.toPlainString() + " is below the plausibility limit 0");
    }
  }

  public static void checkTemperature(BigDecimal celsius) throws ReceivedLab.Implausible {
    if (celsius.compareTo(MIN_TEMPERATURE_C) < 0 || celsius.compareTo(MAX_TEMPERATURE_C) > 0) {
      throw new ReceivedLab.Implausible(
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
