package org.pathway.clinical;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A lab result checked on intake: flagged where it cannot be used for grading, or refused where it
 * is not plausible at all. Values are stored as sent; the one conversion to the unit a criterion
 * reads is the grading's ({@link LabSeries}), for the pathway and ./pathway evaluate alike.
 *
 * <p>Flags: {@code UNKNOWN_LOINC} (stored as received, not used for grading) and
 * {@code UNIT_NOT_CONVERTIBLE} (stored; the criteria that need it report "not evaluable") and
 * {@code NOT_CURRENT} (stored as history: older than any baseline a criterion reads).
 */
public record ReceivedLab(LabResult result, LabConcept concept, List<String> flags) {

  public static final String UNKNOWN_LOINC = "UNKNOWN_LOINC";
  public static final String UNIT_NOT_CONVERTIBLE = "UNIT_NOT_CONVERTIBLE";
  /** Taken before anything a criterion reads ({@link DecisionInputs#earliestCurrent}): history only. */
  public static final String NOT_CURRENT = "NOT_CURRENT";

  /** The value is refused: the message names the limit it breaks; field says which value. */
  public static final class Implausible extends Exception {
    private final String field;

    public Implausible(String field, String message) {
      super(message);
      this.field = field;
    }

    /** {@code value}, {@code low}, {@code high} or {@code at}. */
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

  /** What a flag means for this result, told to its sender. */
  public String explain(String flag) {
    return switch (flag) {
      case UNKNOWN_LOINC -> "LOINC " + result.loinc() + " is not one this service grades: stored as sent, not used for grading";
      case UNIT_NOT_CONVERTIBLE -> "'" + result.unit() + "' cannot be converted to " + concept.criterionUnit()
          + ": stored as sent; the criteria that need it are not evaluable";
      case NOT_CURRENT -> "taken at " + result.at() + ", before anything a criterion reads (the baseline look-back"
          + " before the pre-lymphodepletion sample): stored as history, not graded";
      default -> flag;
    };
  }

  /**
   * The result's time checked against the patient's course: a time in the future (beyond the
   * allowed clock skew) is refused, because stored it would become the "current" value once that
   * time came; a time before anything a criterion reads is kept as history but flagged, so the
   * sender learns it is not graded (results are never lost for being old).
   */
  public ReceivedLab timed(Instant earliestCurrent, Instant now, Duration clockSkew) throws Implausible {
    PlausibilityLimits.checkNotFuture(result.at(), now, clockSkew);
    if (result.at().isBefore(earliestCurrent)) {
      List<String> flagged = new java.util.ArrayList<>(flags);
      flagged.add(NOT_CURRENT);
      return new ReceivedLab(result, concept, List.copyOf(flagged));
    }
    return this;
  }
}
