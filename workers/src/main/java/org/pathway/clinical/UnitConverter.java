package org.pathway.clinical;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  /**
   * Unit facts and conversions already worked out, by their exact inputs: every assessment reads the
   * patient's whole history again, and UCUM's canonical forms cost more than the grading itself
   * (profiled in ./pathway simulate). Bounded, as units and values come from senders.
   */
  private static final int MEMO_LIMIT = 50_000;

  private record Conversion(BigDecimal value, String from, String to) {}

  private final UcumService ucum;
  private final Map<String, Boolean> comparable = new ConcurrentHashMap<>();
  private final Map<Conversion, BigDecimal> converted = new ConcurrentHashMap<>();

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
      if (molar != null && comparable(from, molar.unit())) {
        // a substance concentration: to the reference's molar unit, then by its §1 factor
        return molar.toCriterion(ucumConvert(value, from, molar.unit())).stripTrailingZeros();
      }
      if (!comparable(from, to)) {
        throw new NotConvertible(
            "unit '" + fromUnit + "' cannot be converted to " + to + " for " + concept.display());
      }
      return ucumConvert(value, from, to).stripTrailingZeros();
    } catch (UcumException e) {
      throw new NotConvertible(
          "unit '" + fromUnit + "' cannot be converted to " + to + ": " + e.getMessage());
    }
  }

  /** Whether the unit is an amount of substance per volume (mol/L and its multiples). */
  public boolean isSubstanceConcentration(String unit) {
    try {
      return unit != null && ucum.validate(unit.trim()) == null && comparable(unit.trim(), "mol/L");
    } catch (UcumException e) {
      return false;
    }
  }

  private boolean comparable(String from, String to) throws UcumException {
    String key = from + '\n' + to;
    Boolean known = comparable.get(key);
    if (known == null) {
      known = ucum.isComparable(from, to);
      remember(comparable, key, known);
    }
    return known;
  }

  /** UCUM's decimal conversion, exactly as UCUM gives it. */
  private BigDecimal ucumConvert(BigDecimal value, String from, String to) throws UcumException {
    Conversion key = new Conversion(value, from, to);
    BigDecimal known = converted.get(key);
    if (known == null) {
      known = new BigDecimal(ucum.convert(new Decimal(value.toPlainString()), from, to).asDecimal());
      remember(converted, key, known);
    }
    return known;
  }

  private static <K, V> void remember(Map<K, V> memo, K key, V value) {
    if (memo.size() >= MEMO_LIMIT) {
      memo.clear();
    }
    memo.put(key, value);
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
