package org.pathway.clinical;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A lab result checked on intake: normalised to the unit its criteria read, flagged where it cannot
 * be used for grading, or refused where it is not plausible at all.
 *
 * <p>Flags: {@code UNKNOWN_LOINC} (stored as received, not used for grading) and
 * {@code UNIT_NOT_CONVERTIBLE} (stored; the criteria that need it report "not evaluable").
 */
public record ReceivedLab(
    LabResult result,
    LabConcept concept,
    BigDecimal normValue,
    BigDecimal normLow,
    BigDecimal normHigh,
    List<String> flags) {

  public static final String UNKNOWN_LOINC = "UNKNOWN_LOINC";
  public static final String UNIT_NOT_CONVERTIBLE = "UNIT_NOT_CONVERTIBLE";

  /** The value is refused: the message names the limit it breaks; field says which value. */
  public static final class Implausible extends Exception {
    private final String field;

    public Implausible(String field, String message) {
      super(message);
      this.field = field;
    }

    /** {@code value}, {@code low} or {@code high}. */
    public String field() {
      return field;
    }
  }

  public String normUnit() {
    return concept == null || normValue == null ? null : concept.criterionUnit();
  }

  public static ReceivedLab check(LabResult lab) throws Implausible {
    PlausibilityLimits.check(lab);
    Optional<LabConcept> concept = LabConcept.byLoinc(lab.loinc());
    if (concept.isEmpty()) {
      return new ReceivedLab(lab, null, null, null, null, List.of(UNKNOWN_LOINC));
    }
    List<String> flags = new ArrayList<>();
    BigDecimal value = null;
    BigDecimal low = null;
    BigDecimal high = null;
    UnitConverter ucum = UnitConverter.ucum();
    try {
      value = ucum.convert(lab.value(), lab.unit(), concept.get());
      low = lab.low() == null ? null : ucum.convert(lab.low(), lab.unit(), concept.get());
      high = lab.high() == null ? null : ucum.convert(lab.high(), lab.unit(), concept.get());
    } catch (UnitConverter.NotConvertible e) {
      flags.add(UNIT_NOT_CONVERTIBLE);
      value = null;
      low = null;
      high = null;
    }
    return new ReceivedLab(lab, concept.get(), value, low, high, List.copyOf(flags));
  }
}
