package org.pathway.clinical;

import java.util.List;
import java.util.Optional;

/**
 * A lab result checked on intake: flagged where it cannot be used for grading, or refused where it
 * is not plausible at all. Values are stored as sent; the one conversion to the unit a criterion
 * reads is the grading's ({@link LabSeries}), for the pathway and ./pathway evaluate alike.
 *
 * <p>Flags: {@code UNKNOWN_LOINC} (stored as received, not used for grading) and
 * {@code UNIT_NOT_CONVERTIBLE} (stored; the criteria that need it report "not evaluable").
 */
public record ReceivedLab(LabResult result, LabConcept concept, List<String> flags) {

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

  public static ReceivedLab check(LabResult lab) throws Implausible {
    PlausibilityLimits.check(lab);
    Optional<LabConcept> concept = LabConcept.byLoinc(lab.loinc());
    if (concept.isEmpty()) {
      return new ReceivedLab(lab, null, List.of(UNKNOWN_LOINC));
    }
    UnitConverter ucum = UnitConverter.ucum();
    try {
      ucum.convert(lab.value(), lab.unit(), concept.get());
      return new ReceivedLab(lab, concept.get(), List.of());
    } catch (UnitConverter.NotConvertible e) {
      return new ReceivedLab(lab, concept.get(), List.of(UNIT_NOT_CONVERTIBLE));
    }
  }
}
