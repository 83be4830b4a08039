package org.pathway.clinical;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.pathway.clinical.GradingInputs;
import org.pathway.clinical.LabResult;
import org.pathway.clinical.Patient;
import org.pathway.clinical.PlausibilityLimits;
import org.pathway.clinical.ReceivedLab;
import org.pathway.clinical.Timeline;

/**
 * Reads an iec-timeline/1 document. Every problem is reported with the JSON pointer of the field and
 * the reason, all of them at once; a timeline with any error is not evaluated at all, so no partial
 * grade can pass for a complete one. Unknown fields are ignored, as the contract says.
 */
public final class TimelineParser {

  public static final String SCHEMA = "iec-timeline/1";

  /** The timeline, or the errors that stop it from being evaluated. */
  public record Parsed(Timeline timeline, List<InputError> errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  /** The longest text a field may hold (names, codes, ids), and the most entries of a list. */
  static final int MAX_TEXT = 200;

  public static final int MAX_ENTRIES = 10_000;

  /** Vasopressors running at once: more than a bedside record can hold is an error. */
  static final int MAX_VASOPRESSORS = 10;

  /** The bedside API's field of home readings (reference §12.1): not part of iec-timeline/1. */
  public static final String HOME_READINGS = "homeReadings";

  /**
   * The fields of each kind of entry the contract defines (with their nested objects), and of the
   * bedside API's home readings: what the service stores of an entry, so a sender's unknown fields
   * are never kept.
   */
  static final Map<String, List<String>> FIELDS =
      Map.of(
          "vitals", List.of("at", "temperature", "hypotension", "vasopressors", "oxygen",
              "feverAttributedToOtherCause", "systolicBp", "spo2"),
          "temperature", List.of("value", "unit"),
          "oxygen", List.of("device", "flowLpm", "reason"),
          "neuro", List.of("at", "ice", "capd", "consciousness", "globalAphasia", "seizure",
              "deepFocalMotorWeakness", "cerebralEdema", "raisedIcpSigns", "sedated"),
          "treatments", List.of("at", "drug", "doseMg", "indication", "proposed", "doseMgPerKg", "cycleDay"),
          "findings", List.of("at", "type", "attributedTo"),
          HOME_READINGS, List.of("at", "temperature", "systolicBp", "spo2", "newOrthostaticSymptoms",
              "confusion", "baseline"));

  /** A copy of an entry of that kind with only the contract's fields (nested objects alike). */
  public static JsonNode known(String kind, JsonNode entry) {
    if (!entry.isObject() || !FIELDS.containsKey(kind)) {
      return entry;
    }
    com.fasterxml.jackson.databind.node.ObjectNode copy =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    for (String field : FIELDS.get(kind)) {
      JsonNode value = entry.get(field);
      if (value != null) {
        copy.set(field, FIELDS.containsKey(field) ? known(field, value) : value);
      }
    }
    return copy;
  }

  private final List<InputError> errors = new ArrayList<>();

  private TimelineParser() {}

  public static Parsed parse(JsonNode root) {
    TimelineParser p = new TimelineParser();
    Timeline timeline = p.timeline(root);
    return new Parsed(p.errors.isEmpty() ? timeline : null, List.copyOf(p.errors));
  }

  /**
   * A stored history: the patient and the labs as the store holds them, the bedside entries (kept
   * as the contract's JSON) read as {@link #parse(JsonNode)} reads them, without a whole document
   * written and read again.
   */
  public static Parsed parse(Patient patient, List<LabResult> labs, JsonNode bedside) {
    TimelineParser p = new TimelineParser();
    List<Timeline.Vitals> vitals = p.list(bedside, "vitals", p::vitals);
    List<Timeline.NeuroExam> neuro = p.list(bedside, "neuro", p::neuro);
    List<Timeline.Treatment> treatments = p.list(bedside, "treatments", p::treatment);
    List<Timeline.Finding> findings = p.list(bedside, "findings", p::finding);
    return p.errors.isEmpty()
        ? new Parsed(new Timeline(patient, labs, vitals, neuro, treatments, findings), List.of())
        : new Parsed(null, List.copyOf(p.errors));
  }

  private Timeline timeline(JsonNode root) {
    if (root == null || !root.isObject()) {
      error("", "a timeline must be a JSON object");
      return null;
    }
    JsonNode schema = root.get("schema");
    if (schema == null || !SCHEMA.equals(schema.asText(null))) {
      error("/schema", "must be \"" + SCHEMA + "\"");
    }
    Patient patient = patient(root.get("patient"), "/patient");
    List<LabResult> labs = list(root, "labs", this::lab);
    List<Timeline.Vitals> vitals = list(root, "vitals", this::vitals);
    List<Timeline.NeuroExam> neuro = list(root, "neuro", this::neuro);
    List<Timeline.Treatment> treatments = list(root, "treatments", this::treatment);
    List<Timeline.Finding> findings = list(root, "findings", this::finding);
    if (!errors.isEmpty()) {
      return null;
    }
    return new Timeline(patient, labs, vitals, neuro, treatments, findings);
  }

  private record Field(JsonNode node, String pointer) {}

  private <T> List<T> list(JsonNode root, String name, Function<Field, T> element) {
    JsonNode array = root.get(name);
    List<T> out = new ArrayList<>();
    if (array == null || array.isNull()) {
      return out;
    }
    if (!array.isArray()) {
      error("/" + name, "must be an array");
      return out;
    }
    if (array.size() > MAX_ENTRIES) {
      error("/" + name, "has " + MAX_ENTRIES + " entries at most");
      return out;
    }
    for (int i = 0; i < array.size(); i++) {
      String pointer = "/" + name + "/" + i;
      if (!array.get(i).isObject()) {
        error(pointer, "must be an object");
        continue;
      }
      out.add(element.apply(new Field(array.get(i), pointer)));
    }
    return out;
  }

  private Patient patient(JsonNode node, String pointer) {
    if (node == null || !node.isObject()) {
      error(pointer, "is required and must be an object");
      return null;
    }
    Field f = new Field(node, pointer);
    String id = text(f, "id", true);
    BigDecimal age = number(f, "ageYears", true);
    if (age != null && (age.signum() < 0 || age.compareTo(BigDecimal.valueOf(130)) > 0)) {
      error(pointer + "/ageYears", "must be between 0 and 130 years");
    }
    BigDecimal weight = number(f, "weightKg", true);
    if (weight != null
        && (weight.compareTo(PlausibilityLimits.MIN_WEIGHT_KG) < 0
            || weight.compareTo(PlausibilityLimits.MAX_WEIGHT_KG) > 0)) {
      error(pointer + "/weightKg",
          "must be from " + PlausibilityLimits.MIN_WEIGHT_KG + " to " + PlausibilityLimits.MAX_WEIGHT_KG + " kg (plausibility limit)");
    }
    return new Patient(
        id,
        age,
        weight,
        bool(f, "developmentalDelay", null),
        enumValue(f, "therapyClass", Patient.TherapyClass.class, true),
        text(f, "product", false),
        text(f, "indication", false),
        instant(f, "infusionAt", true),
        bool(f, "immunosuppressed", null));
  }

  private LabResult lab(Field f) {
    Instant at = instant(f, "at", true);
    String loinc = text(f, "loinc", true);
    if (loinc != null && !org.pathway.clinical.LabConcept.isLoincCode(loinc)) {
      error(f.pointer() + "/loinc", "must be a LOINC code such as 2276-4, not '" + loinc + "'");
    }
    BigDecimal value = number(f, "value", true);
    String unit = text(f, "unit", true);
    BigDecimal low = number(f, "low", false);
    BigDecimal high = number(f, "high", false);
    // optional (contract 2026-12): the sender's status, identity and version, and a bound
    String statusCode = text(f, "status", false);
    LabResult.Status status = LabResult.Status.FINAL;
    if (statusCode != null) {
      status = LabResult.Status.of(statusCode).orElse(null);
      if (status == null) {
        error(f.pointer() + "/status",
            "must be one of final, amended, corrected, preliminary, entered-in-error, not '" + statusCode + "'");
      }
    }
    String id = text(f, "id", false);
    String version = versionText(f);
    String comparator = text(f, "comparator", false);
    if (comparator != null && !LabResult.COMPARATORS.contains(comparator)) {
      error(f.pointer() + "/comparator", "must be one of " + LabResult.COMPARATORS + ", not '" + comparator + "'");
    }
    if (at == null || loinc == null || value == null || unit == null || status == null) {
      return null;
    }
    LabResult lab = new LabResult(loinc, value, unit, low, high, at, status, id, version, comparator);
    try {
      // the intake's limits: what the intake refuses is not graded here either
      PlausibilityLimits.check(lab);
    } catch (ReceivedLab.Implausible e) {
      error(f.pointer() + "/" + e.field(), e.getMessage());
    }
    return lab;
  }

  /** A result's version as the sender wrote it: a string or a whole number. */
  private String versionText(Field f) {
    JsonNode v = present(f, "version");
    if (v == null) {
      return null;
    }
    if (v.isTextual() && !v.asText().isBlank()) {
      return v.asText();
    }
    if (v.isIntegralNumber()) {
      return v.asText();
    }
    error(f.pointer() + "/version", "must be a string or a whole number, not " + v);
    return null;
  }

  /**
   * Home readings (reference §12.1) as the bedside API takes them, read with the same field rules
   * as the timeline's entries: every error at once, none of the readings when any is wrong.
   */
  public static java.util.Map.Entry<List<HomeReading>, List<InputError>> homeReadings(JsonNode body) {
    TimelineParser p = new TimelineParser();
    List<HomeReading> readings = p.list(body, HOME_READINGS, p::homeReading);
    return java.util.Map.entry(p.errors.isEmpty() ? readings : List.of(), List.copyOf(p.errors));
  }

  private HomeReading homeReading(Field f) {
    Instant at = instant(f, "at", true);
    Timeline.Temperature temperature = temperature(f);
    BigDecimal systolic =
        inRange(f, "systolicBp", PlausibilityLimits.MIN_SYSTOLIC_BP, PlausibilityLimits.MAX_SYSTOLIC_BP, "mmHg");
    BigDecimal spo2 = inRange(f, "spo2", BigDecimal.ZERO, PlausibilityLimits.MAX_SPO2, "%");
    Boolean orthostatic = optionalBool(f, "newOrthostaticSymptoms");
    Boolean confusion = optionalBool(f, "confusion");
    boolean baseline = bool(f, "baseline", false);
    if (temperature == null && present(f, "systolicBp") == null && present(f, "spo2") == null
        && orthostatic == null && confusion == null) {
      error(f.pointer(), "holds no reading: give temperature, systolicBp, spo2, newOrthostaticSymptoms or confusion");
    }
    if (baseline && present(f, "systolicBp") == null) {
      error(f.pointer() + "/baseline", "marks a baseline, which needs a systolicBp");
    }
    return new HomeReading(at, temperature, systolic, spo2, orthostatic, confusion, baseline);
  }

  /** The optional temperature object {value, unit} of an entry, checked; null when absent. */
  private Timeline.Temperature temperature(Field f) {
    Timeline.Temperature temperature = null;
    JsonNode t = f.node().get("temperature");
    if (t != null && !t.isNull()) {
      Field tf = new Field(t, f.pointer() + "/temperature");
      if (!t.isObject()) {
        error(tf.pointer(), "must be an object {value, unit}");
      } else {
        BigDecimal value = number(tf, "value", true);
        String unit = text(tf, "unit", true);
        if (unit != null && !unit.equals("Cel") && !unit.equals("[degF]")) {
          error(tf.pointer() + "/unit", "must be UCUM \"Cel\" or \"[degF]\", not '" + unit + "'");
        }
        temperature = new Timeline.Temperature(value, unit);
        if (value != null && unit != null) {
          try {
            PlausibilityLimits.checkTemperature(GradingInputs.celsius(temperature));
          } catch (ReceivedLab.Implausible e) {
            error(tf.pointer() + "/value", e.getMessage());
          }
        }
      }
    }
    return temperature;
  }

  private Timeline.Vitals vitals(Field f) {
    Instant at = instant(f, "at", true);
    Timeline.Temperature temperature = temperature(f);
    boolean hypotension = bool(f, "hypotension", null);
    List<String> pressors = new ArrayList<>();
    JsonNode p = f.node().get("vasopressors");
    if (p == null || !p.isArray()) {
      error(f.pointer() + "/vasopressors", "is required: the vasopressors running, [] when none");
    } else if (p.size() > MAX_VASOPRESSORS) {
      error(f.pointer() + "/vasopressors", "lists " + MAX_VASOPRESSORS + " drugs at most");
    } else {
      for (int i = 0; i < p.size(); i++) {
        if (!p.get(i).isTextual() || p.get(i).asText().isBlank() || p.get(i).asText().length() > MAX_TEXT) {
          error(f.pointer() + "/vasopressors/" + i, "must be a drug name");
        } else {
          pressors.add(p.get(i).asText().trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    Timeline.Oxygen oxygen = null;
    JsonNode o = f.node().get("oxygen");
    if (o == null || !o.isObject()) {
      error(f.pointer() + "/oxygen", "is required: {\"device\": \"NONE\"} when on room air");
    } else {
      Field of = new Field(o, f.pointer() + "/oxygen");
      Timeline.OxygenDevice device = enumValue(of, "device", Timeline.OxygenDevice.class, true);
      BigDecimal flow = number(of, "flowLpm", false);
      if (flow != null && (flow.signum() < 0 || flow.compareTo(PlausibilityLimits.MAX_OXYGEN_FLOW_LPM) > 0)) {
        error(of.pointer() + "/flowLpm",
            "must be from 0 to " + PlausibilityLimits.MAX_OXYGEN_FLOW_LPM + " L/min (plausibility limit)");
      }
      if (device == Timeline.OxygenDevice.NASAL_CANNULA && flow == null) {
        error(of.pointer() + "/flowLpm", "is required for a nasal cannula (≤6 L/min is low-flow)");
      }
      oxygen =
          new Timeline.Oxygen(device, flow, enumValue(of, "reason", Timeline.VentilationReason.class, false));
    }
    boolean attributed = bool(f, "feverAttributedToOtherCause", false);
    // optional (contract 2026-12): stored with the entry, so checked like every other field
    inRange(f, "systolicBp", PlausibilityLimits.MIN_SYSTOLIC_BP, PlausibilityLimits.MAX_SYSTOLIC_BP, "mmHg");
    inRange(f, "spo2", BigDecimal.ZERO, PlausibilityLimits.MAX_SPO2, "%");
    return new Timeline.Vitals(at, temperature, hypotension, pressors, oxygen, attributed);
  }

  private Timeline.NeuroExam neuro(Field f) {
    Instant at = instant(f, "at", true);
    Integer ice = integer(f, "ice", 0, 10);
    Integer capd = integer(f, "capd", 0, 32);
    return new Timeline.NeuroExam(
        at,
        ice,
        capd,
        enumValue(f, "consciousness", Timeline.Consciousness.class, true),
        bool(f, "globalAphasia", false),
        enumValue(f, "seizure", Timeline.Seizure.class, true),
        bool(f, "deepFocalMotorWeakness", false),
        enumValue(f, "cerebralEdema", Timeline.CerebralEdema.class, true),
        bool(f, "raisedIcpSigns", false),
        bool(f, "sedated", false));
  }

  private Timeline.Treatment treatment(Field f) {
    Instant at = instant(f, "at", true);
    String drug = text(f, "drug", true);
    BigDecimal dose = number(f, "doseMg", false);
    if (dose != null && dose.signum() <= 0) {
      error(f.pointer() + "/doseMg", "must be more than 0 mg");
    }
    return new Timeline.Treatment(
        at,
        drug == null ? null : drug.trim().toLowerCase(Locale.ROOT),
        dose,
        enumValue(f, "indication", Timeline.Indication.class, true),
        bool(f, "proposed", false));
  }

  private Timeline.Finding finding(Field f) {
    return new Timeline.Finding(
        instant(f, "at", true),
        enumValue(f, "type", Timeline.FindingType.class, true),
        enumValue(f, "attributedTo", Timeline.Attribution.class, false));
  }

  // --- typed field access, each recording its own error -------------------------------------

  private void error(String pointer, String reason) {
    errors.add(new InputError(pointer, reason));
  }

  private static JsonNode present(Field f, String name) {
    JsonNode v = f.node().get(name);
    return v == null || v.isNull() ? null : v;
  }

  private String text(Field f, String name, boolean required) {
    JsonNode v = present(f, name);
    if (v == null) {
      if (required) {
        error(f.pointer() + "/" + name, "is required");
      }
      return null;
    }
    if (!v.isTextual() || (required && v.asText().isBlank())) {
      error(f.pointer() + "/" + name, "must be a non-empty string");
      return null;
    }
    if (v.asText().length() > MAX_TEXT) {
      error(f.pointer() + "/" + name, "has " + MAX_TEXT + " characters at most");
      return null;
    }
    return v.asText();
  }

  private BigDecimal number(Field f, String name, boolean required) {
    JsonNode v = present(f, name);
    if (v == null) {
      if (required) {
        error(f.pointer() + "/" + name, "is required");
      }
      return null;
    }
    if (!v.isNumber()) {
      error(f.pointer() + "/" + name, "must be a number, not " + v);
      return null;
    }
    if ((v.isDouble() || v.isFloat()) && !Double.isFinite(v.doubleValue())) {
      error(f.pointer() + "/" + name, "must be a finite number, not " + v);
      return null;
    }
    BigDecimal value = v.decimalValue();
    try {
      PlausibilityLimits.checkNumber(value);
    } catch (ReceivedLab.Implausible e) {
      error(f.pointer() + "/" + name, e.getMessage());
      return null;
    }
    return value;
  }

  private BigDecimal inRange(Field f, String name, BigDecimal min, BigDecimal max, String unit) {
    BigDecimal v = number(f, name, false);
    if (v != null && (v.compareTo(min) < 0 || v.compareTo(max) > 0)) {
      error(f.pointer() + "/" + name,
          "must be from " + min + " to " + max + " " + unit + " (plausibility limit), not " + v.toPlainString());
      return null;
    }
    return v;
  }

  private Integer integer(Field f, String name, int min, int max) {
    BigDecimal v = number(f, name, false);
    if (v == null) {
      return null;
    }
    // compared as decimals: intValue() would wrap 4294967296 around to 0
    if (v.stripTrailingZeros().scale() > 0
        || v.compareTo(BigDecimal.valueOf(min)) < 0
        || v.compareTo(BigDecimal.valueOf(max)) > 0) {
      error(f.pointer() + "/" + name, "must be a whole number from " + min + " to " + max);
      return null;
    }
    return v.intValue();
  }

  /** A boolean; {@code fallback} null means required. */
  private boolean bool(Field f, String name, Boolean fallback) {
    JsonNode v = present(f, name);
    if (v == null) {
      if (fallback == null) {
        error(f.pointer() + "/" + name, "is required (true or false)");
        return false;
      }
      return fallback;
    }
    if (!v.isBoolean()) {
      error(f.pointer() + "/" + name, "must be true or false, not " + v);
      return false;
    }
    return v.booleanValue();
  }

  /** A boolean that may be absent (not reported): null then. */
  private Boolean optionalBool(Field f, String name) {
    return present(f, name) == null ? null : bool(f, name, false);
  }

  private Instant instant(Field f, String name, boolean required) {
    String text = text(f, name, required);
    if (text == null) {
      return null;
    }
    Instant at;
    try {
      at = Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        at = java.time.OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e2) {
        error(f.pointer() + "/" + name, "must be an ISO-8601 date-time with zone, not '" + text + "'");
        return null;
      }
    }
    if (!PlausibilityLimits.plausibleTime(at)) {
      error(f.pointer() + "/" + name, "must lie between " + PlausibilityLimits.EARLIEST + " and "
          + PlausibilityLimits.LATEST + " (plausibility limit), not " + text);
      return null;
    }
    return at;
  }

  private <E extends Enum<E>> E enumValue(Field f, String name, Class<E> type, boolean required) {
    String text = text(f, name, required);
    if (text == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, text);
    } catch (IllegalArgumentException e) {
      error(
          f.pointer() + "/" + name,
          "must be one of " + Arrays.toString(type.getEnumConstants()) + ", not '" + text + "'");
      return null;
    }
  }
}
