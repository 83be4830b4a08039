package org.pathway.clinical;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the patient, lab, vitals and neuro entries of an iec-timeline/1 document, the inverse of
 * what {@link TimelineParser} reads: one writer for the stored history (GET /patients/{id}/timeline),
 * the simulated cohort's export and the simulated ward's bedside posts. The caller's node supplies the ObjectMapper's number handling.
 */
public final class TimelineDocument {

  private TimelineDocument() {}

  /** Puts the schema and the patient object into {@code doc}, which is returned. */
  public static ObjectNode skeleton(ObjectNode doc, Patient p) {
    doc.put("schema", TimelineParser.SCHEMA);
    ObjectNode patient = doc.putObject("patient");
    patient.put("id", p.id());
    patient.put("ageYears", p.ageYears());
    patient.put("weightKg", p.weightKg());
    patient.put("developmentalDelay", p.developmentalDelay());
    patient.put("therapyClass", p.therapyClass().name());
    patient.put("product", p.product());
    patient.put("indication", p.indication());
    patient.put("infusionAt", p.infusionAt().toString());
    patient.put("immunosuppressed", p.immunosuppressed());
    return doc;
  }

  /** Fills {@code entry} with one lab result, every field of the contract's lab entry. */
  public static void lab(ObjectNode entry, LabResult r) {
    entry.put("at", r.at().toString()).put("loinc", r.loinc()).put("value", r.value()).put("unit", r.unit());
    entry.put("low", r.low());
    entry.put("high", r.high());
    entry.put("status", r.status().code());
    entry.put("id", r.id());
    entry.put("version", r.version());
    entry.put("comparator", r.comparator());
  }

  /** Fills {@code entry} with one vitals entry as the contract (and the bedside API) takes it. */
  public static void vitals(ObjectNode entry, Timeline.Vitals v) {
    entry.put("at", v.at().toString());
    entry.putObject("temperature").put("value", v.temperature().value()).put("unit", v.temperature().unit());
    entry.put("hypotension", v.hypotension());
    ArrayNode pressors = entry.putArray("vasopressors");
    v.vasopressors().forEach(pressors::add);
    ObjectNode oxygen = entry.putObject("oxygen").put("device", v.oxygen().device().name());
    if (v.oxygen().flowLpm() != null) {
      oxygen.put("flowLpm", v.oxygen().flowLpm());
    }
    if (v.oxygen().reason() != null) {
      oxygen.put("reason", v.oxygen().reason().name());
    }
    entry.put("feverAttributedToOtherCause", v.feverAttributedToOtherCause());
  }

  /** Fills {@code entry} with one neuro exam as the contract (and the bedside API) takes it. */
  public static void neuro(ObjectNode entry, Timeline.NeuroExam e) {
    entry.put("at", e.at().toString())
        .put("ice", e.ice())
        .put("capd", e.capd())
        .put("consciousness", e.consciousness().name())
        .put("globalAphasia", e.globalAphasia())
        .put("seizure", e.seizure().name())
        .put("deepFocalMotorWeakness", e.deepFocalMotorWeakness())
        .put("cerebralEdema", e.cerebralEdema().name())
        .put("raisedIcpSigns", e.raisedIcpSigns())
        .put("sedated", e.sedated());
  }
}
