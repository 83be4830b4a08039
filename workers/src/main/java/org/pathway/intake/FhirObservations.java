package org.pathway.intake;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Quantity;
import org.pathway.clinical.LabConcept;
import org.pathway.clinical.LabResult;
import org.pathway.clinical.ReceivedLab;
import org.pathway.store.LabResultRepository;

/**
 * Reads a FHIR R4 lab Observation into a delivery for {@link LabIntakeService}, or into the issues
 * that stop it, each naming the element by its path (e.g. Bundle.entry[2].resource.valueQuantity).
 * Required: the enrolled patient as subject (identifier value, or a Patient/ reference), a LOINC
 * code, a valueQuantity in UCUM (its comparator kept: "<700" is a bound), an effective time with
 * time zone, and a status of final, amended, corrected or preliminary (preliminary is stored but not
 * graded). A retraction (entered-in-error, or cancelled) needs only the subject and the identifier
 * of the result it retracts.
 */
public final class FhirObservations {

  public static final String LOINC = "http://loinc.org";
  public static final String UCUM = "http://unitsofmeasure.org";
  static final Set<String> STATUSES =
      Set.of("final", "amended", "corrected", "preliminary", "entered-in-error", "cancelled");

  // the stored columns' sizes (V1, V2 migrations): longer values are refused, never truncated
  static final int MAX_UNIT = 32;
  static final int MAX_ID = 200;
  static final int MAX_SYSTEM = 500;
  static final int MAX_PATIENT = 64;

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }

  /**
   * What is wrong with one element (an error), or what the sender should know about it (a warning
   * or information, with the intake flag it reports): its path, the FHIR issue type, and the text.
   */
  public record Issue(
      IssueSeverity severity, String expression, IssueType type, String message, String flag) {
    public Issue(String expression, IssueType type, String message) {
      this(IssueSeverity.ERROR, expression, type, message, null);
    }
  }

  /** Reported for a preliminary result (not an intake flag: the status says it already). */
  public static final String PRELIMINARY = "PRELIMINARY";

  /** Reported for a result stored after the patient's pathway completed ({@code Enrollment#notAssessed}). */
  public static final String MONITORING_ENDED = "MONITORING_ENDED";

  /**
   * What the sender of an accepted delivery should know: which of its elements keep it from being
   * graded (the intake flags, and a preliminary status).
   */
  public static List<Issue> notes(LabIntakeService.Delivery delivery, String path) {
    List<Issue> notes = new ArrayList<>();
    for (String flag : delivery.lab().flags()) {
      String text = delivery.lab().explain(flag);
      notes.add(switch (flag) {
        case ReceivedLab.UNKNOWN_LOINC -> new Issue(IssueSeverity.WARNING, path + ".code", IssueType.CODEINVALID, text, flag);
        case ReceivedLab.UNIT_NOT_CONVERTIBLE ->
            new Issue(IssueSeverity.WARNING, path + ".valueQuantity.code", IssueType.VALUE, text, flag);
        case ReceivedLab.NOT_CURRENT -> new Issue(IssueSeverity.WARNING, path + ".effective[x]", IssueType.VALUE, text, flag);
        default -> new Issue(IssueSeverity.WARNING, path, IssueType.INFORMATIONAL, text, flag);
      });
    }
    if ("preliminary".equals(delivery.status())) {
      notes.add(new Issue(IssueSeverity.INFORMATION, path + ".status", IssueType.INFORMATIONAL,
          "preliminary: stored, not graded until a final, amended or corrected version arrives", PRELIMINARY));
    }
    return notes;
  }

  /** The delivery, or the issues that stop it. */
  public record Read(LabIntakeService.Delivery delivery, List<Issue> issues) {
    public boolean ok() {
      return issues.isEmpty();
    }
  }

  private FhirObservations() {}

  public static Read read(Observation obs, String path) {
    List<Issue> issues = new ArrayList<>();
    String status = obs.hasStatus() ? obs.getStatus().toCode() : null;
    if (status == null || !STATUSES.contains(status)) {
      issues.add(new Issue(path + ".status", IssueType.VALUE,
          "status must be one of " + STATUSES + ", not '" + status + "'"));
    }
    String patientId = patientId(obs);
    if (patientId == null) {
      issues.add(new Issue(path + ".subject", IssueType.REQUIRED,
          "subject must name the enrolled patient (identifier.value or a Patient/<id> reference)"));
    }
    for (int i = 0; i < obs.getIdentifier().size(); i++) {
      Identifier identifier = obs.getIdentifier().get(i);
      if (length(identifier.getSystem()) > MAX_SYSTEM || length(identifier.getValue()) > MAX_ID) {
        issues.add(new Issue(path + ".identifier[" + i + "]", IssueType.TOOLONG,
            "identifier system may have " + MAX_SYSTEM + " and value " + MAX_ID + " characters at most"));
      }
    }
    if (patientId != null && patientId.length() > MAX_PATIENT) {
      issues.add(new Issue(path + ".subject", IssueType.TOOLONG,
          "a patient id has " + MAX_PATIENT + " characters at most"));
    }
    if (status != null && LabResultRepository.RETRACTIONS.contains(status)) {
      return retraction(obs, path, patientId, status, issues);
    }
    if (source(obs, "") == null) {
      issues.add(new Issue(path + ".identifier", IssueType.REQUIRED,
          "a result needs its identity, an identifier with system and value (or the Observation's id),"
              + " so that it is stored once and can be corrected or retracted"));
    }
    String loinc = obs.getCode().getCoding().stream()
        .filter(c -> LOINC.equals(c.getSystem()) && c.hasCode())
        .map(Coding::getCode)
        .findFirst()
        .orElse(null);
    if (loinc == null) {
      issues.add(new Issue(path + ".code", IssueType.REQUIRED,
          "code must have a coding with system " + LOINC));
    } else if (!LabConcept.isLoincCode(loinc)) {
      issues.add(new Issue(path + ".code.coding", IssueType.VALUE,
          "'" + (loinc.length() > 20 ? loinc.substring(0, 20) + "..." : loinc)
              + "' is not a LOINC code (digits, hyphen, check digit, e.g. 2276-4)"));
      loinc = null;
    }
    BigDecimal value = null;
    String unit = null;
    String comparator = null;
    if (!obs.hasValueQuantity() || !obs.getValueQuantity().hasValue()) {
      issues.add(new Issue(path + ".valueQuantity", IssueType.REQUIRED,
          "a numeric valueQuantity is required"));
    } else {
      Quantity q = obs.getValueQuantity();
      value = q.getValue();
      unit = ucum(q);
      comparator = q.hasComparator() ? q.getComparator().toCode() : null;
      if (comparator != null && !LabResult.COMPARATORS.contains(comparator)) {
        issues.add(new Issue(path + ".valueQuantity.comparator", IssueType.VALUE,
            "comparator must be one of " + LabResult.COMPARATORS + ", not '" + comparator + "'"));
      }
      if (unit == null) {
        issues.add(new Issue(path + ".valueQuantity.code", IssueType.REQUIRED,
            "valueQuantity needs a UCUM unit (system " + UCUM + " and code)"));
      } else if (unit.length() > MAX_UNIT) {
        issues.add(new Issue(path + ".valueQuantity.code", IssueType.TOOLONG,
            "a UCUM unit code longer than " + MAX_UNIT + " characters is not a unit"));
        unit = null;
      }
    }
    Instant at = effective(obs, path, issues);
    BigDecimal low = null;
    BigDecimal high = null;
    if (obs.hasReferenceRange()) {
      Observation.ObservationReferenceRangeComponent range = obs.getReferenceRangeFirstRep();
      low = rangeValue(range.hasLow() ? range.getLow() : null, unit, path + ".referenceRange[0].low", issues);
      high = rangeValue(range.hasHigh() ? range.getHigh() : null, unit, path + ".referenceRange[0].high", issues);
    }
    if (!issues.isEmpty()) {
      return new Read(null, List.copyOf(issues));
    }
    LabResult result = new LabResult(
        loinc, value, unit, low, high, at, LabResult.Status.of(status).orElseThrow(), null, null, comparator);
    try {
      ReceivedLab lab = ReceivedLab.check(result);
      return new Read(
          new LabIntakeService.Delivery(patientId, lab, source(obs, LabIntakeService.content(status, result)), status),
          List.of());
    } catch (ReceivedLab.Implausible e) {
      String element =
          switch (e.field()) {
            case "low" -> ".referenceRange[0].low.value";
            case "high" -> ".referenceRange[0].high.value";
            default -> ".valueQuantity.value";
          };
      return new Read(null, List.of(new Issue(path + element, IssueType.VALUE, e.getMessage())));
    }
  }

  static String patientId(Observation obs) {
    if (!obs.hasSubject()) {
      return null;
    }
    if (obs.getSubject().hasIdentifier() && obs.getSubject().getIdentifier().hasValue()) {
      return obs.getSubject().getIdentifier().getValue();
    }
    String reference = obs.getSubject().getReference();
    if (reference != null && reference.startsWith("Patient/") && reference.length() > "Patient/".length()) {
      return reference.substring("Patient/".length());
    }
    return null;
  }

  private static String ucum(Quantity q) {
    return UCUM.equals(q.getSystem()) && q.hasCode() ? q.getCode() : null;
  }

  private static BigDecimal rangeValue(Quantity limit, String unit, String path, List<Issue> issues) {
    if (limit == null || !limit.hasValue() || unit == null) {
      // without the result's own unit there is nothing to compare the limit with (reported already)
      return null;
    }
    String limitUnit = limit.hasCode() ? ucum(limit) : unit;
    if (limitUnit == null || !limitUnit.equals(unit)) {
      issues.add(new Issue(path, IssueType.VALUE,
          "reference range limit must be in the result's unit (" + unit + "), not '" + limit.getCode() + "'"));
      return null;
    }
    return limit.getValue();
  }

  private static Instant effective(Observation obs, String path, List<Issue> issues) {
    String text = null;
    if (obs.hasEffectiveDateTimeType()) {
      text = obs.getEffectiveDateTimeType().getValueAsString();
    } else if (obs.hasEffectiveInstantType()) {
      text = obs.getEffectiveInstantType().getValueAsString();
    } else if (obs.hasEffectivePeriod() && obs.getEffectivePeriod().hasStart()) {
      text = obs.getEffectivePeriod().getStartElement().getValueAsString();
    }
    if (text == null) {
      issues.add(new Issue(path + ".effective[x]", IssueType.REQUIRED,
          "an effective date-time (or period start) is required"));
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      issues.add(new Issue(path + ".effective[x]", IssueType.VALUE,
          "effective time must be a date-time with time zone, not '" + text + "'"));
      return null;
    }
  }

  /** A retraction names the stored result by its identifier; what else it carries is not read. */
  private static Read retraction(
      Observation obs, String path, String patientId, String status, List<Issue> issues) {
    LabResultRepository.Source source = source(obs, status);
    if (source == null) {
      issues.add(new Issue(path + ".identifier", IssueType.REQUIRED,
          "a retraction (" + status + ") must name the stored result by its identifier"));
    }
    return issues.isEmpty()
        ? new Read(new LabIntakeService.Delivery(patientId, null, source, status), List.of())
        : new Read(null, List.copyOf(issues));
  }

  /**
   * The source identity: the first identifier with system and value, else the Observation's own
   * id. The version is meta.versionId, else a digest of the content, so that the same result sent
   * again is recognised and a changed one (amended, corrected) is a new version.
   */
  static LabResultRepository.Source source(Observation obs, String content) {
    String system = null;
    String id = null;
    for (Identifier identifier : obs.getIdentifier()) {
      if (identifier.hasSystem() && identifier.hasValue()) {
        system = identifier.getSystem();
        id = identifier.getValue();
        break;
      }
    }
    if (id == null && obs.hasIdElement() && obs.getIdElement().hasIdPart()) {
      system = "Observation";
      id = obs.getIdElement().getIdPart();
    }
    if (id == null) {
      return null;
    }
    String version = obs.hasMeta() && obs.getMeta().hasVersionId() ? obs.getMeta().getVersionId() : null;
    return LabIntakeService.source(system, id, version, content);
  }
}
