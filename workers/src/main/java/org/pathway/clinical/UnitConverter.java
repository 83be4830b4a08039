package org.pathway.clinical;

import java.io.InputStream;
import java.math.BigDecimal;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;
import org.fhir.ucum.UcumService;

/**
 * Converts lab values between UCUM units with the UCUM essence (org.fhir:ucum), in decimal
 * arithmetic so that a value on a boundary stays exactly on it. Units that cannot be converted
 * safely (not commensurable, or not valid UCUM) are refused, never guessed.
 */
public final class UnitConverter {

  private static final UnitConverter INSTANCE = new UnitConverter();

  private final UcumService ucum;

  private UnitConverter() {
    try (InputStream essence = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
      if (essence == null) {
        throw new IllegalStateException("ucum-essence.xml missing from org.fhir:ucum");
      }
      this.ucum = new UcumEssenceService(essence);
    } catch (Exception e) {
      throw new IllegalStateException("cannot load the UCUM essence", e);
    }
  }

  public static UnitConverter ucum() {
    return INSTANCE;
  }

  /** Thrown when a value cannot be expressed in the unit a criterion needs. */
  public static final class NotConvertible extends Exception {
    public NotConvertible(String message) {
      super(message);
    }
  }

  public BigDecimal convert(BigDecimal value, String fromUnit, LabConcept concept)
      throws NotConvertible {
    String from = normalise(fromUnit, concept);
    if (from.isEmpty()) {
      throw new NotConvertible("unit '' is missing: a value without a unit is never assumed");
    }
    String to = concept.criterionUnit();
    if (from.equals(to)) {
      return value;
    }
    String invalid = ucum.validate(from);
    if (invalid != null) {
      throw new NotConvertible("unit '" + fromUnit + "' is not valid UCUM: " + invalid);
    }
    try {
      LabConcept.Molar molar = concept.molar();
      if (molar != null && ucum.isComparable(from, molar.unit())) {
        // a substance concentration: to the reference's molar unit, then by its §1 factor
        Decimal inMolarUnit = ucum.convert(new Decimal(value.toPlainString()), from, molar.unit());
        return molar.toCriterion(new BigDecimal(inMolarUnit.asDecimal())).stripTrailingZeros();
      }
      if (!ucum.isComparable(from, to)) {
        throw new NotConvertible(
            "unit '" + fromUnit + "' cannot be converted to " + to + " for " + concept.display());
      }
      Decimal converted = ucum.convert(new Decimal(value.toPlainString()), from, to);
      return new BigDecimal(converted.asDecimal()).stripTrailingZeros();
    } catch (UcumException e) {
      throw new NotConvertible(
          "unit '" + fromUnit + "' cannot be converted to " + to + ": " + e.getMessage());
    }
  }

  /** Whether the unit is an amount of substance per volume (mol/L and its multiples). */
  public boolean isSubstanceConcentration(String unit) {
    try {
      return unit != null && ucum.validate(unit.trim()) == null && ucum.isComparable(unit.trim(), "mol/L");
    } catch (UcumException e) {
      return false;
    }
  }

  private static String normalise(String unit, LabConcept concept) {
    if (unit == null || unit.isBlank()) {
      return "";
    }
    String trimmed = unit.trim();
    // reference §1: enzyme activities in IU/L are U/L; nowhere else is [IU] read as U
    if (concept.isEnzymeActivity() && (trimmed.equals("[IU]/L") || trimmed.equals("IU/L"))) {
      return "U/L";
    }
    return trimmed;
  }
}
