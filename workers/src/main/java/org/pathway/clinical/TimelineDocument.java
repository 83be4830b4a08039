package org.pathway.clinical;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the patient and lab entries of an iec-timeline/1 document, the inverse of what
 * {@link TimelineParser} reads: one writer for the stored history (GET /patients/{id}/timeline)
 * and the simulated cohort's export. The caller's node supplies the ObjectMapper's number handling.
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
}
