package org.pathway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.pathway.clinical.LabResult;
import org.pathway.clinical.Patient;
import org.pathway.clinical.Timeline;
import org.pathway.clinical.TimelineDocument;
import org.pathway.clinical.TimelineParser;
import org.springframework.stereotype.Component;

/**
 * A patient's stored history as an iec-timeline/1 document (what GET /patients/{id}/timeline
 * returns and ./pathway evaluate accepts unchanged), and as the Timeline the pathway grades: the
 * same rows, the bedside entries read by the same parser, so the service and the command line see
 * the same history.
 */
@Component
public class PatientTimelines {

  private final PatientRepository patients;
  private final LabResultRepository labs;
  private final BedsideRepository bedside;
  private final ObjectMapper json;

  public PatientTimelines(
      PatientRepository patients, LabResultRepository labs, BedsideRepository bedside, ObjectMapper json) {
    this.patients = patients;
    this.labs = labs;
    this.bedside = bedside;
    this.json = json;
  }

  public Optional<ObjectNode> document(String patientId) {
    return patients.find(patientId).map(e -> {
      ObjectNode doc = skeleton(e.patient());
      ArrayNode labArray = doc.putArray("labs");
      // every stored version and retraction: the evaluator's one rule (LabSeries) decides what counts
      for (LabResult r : labs.timelineEntries(patientId)) {
        TimelineDocument.lab(labArray.addObject(), r);
      }
      doc.setAll(bedside(patientId));
      return doc;
    });
  }

  /**
   * The Timeline the pathway grades: the stored patient and labs as they are, the bedside entries
   * read by the timeline parser, the same history {@link #document} shows.
   */
  public Optional<Timeline> load(String patientId) {
    return patients.find(patientId).map(e -> {
      TimelineParser.Parsed parsed =
          TimelineParser.parse(e.patient(), labs.timelineEntries(patientId), bedside(patientId));
      if (!parsed.ok()) {
        throw new IllegalStateException(
            "stored history of " + patientId + " is not a valid timeline: " + parsed.errors());
      }
      return parsed.timeline();
    });
  }

  /** The stored bedside entries, by the timeline field they belong to. */
  private ObjectNode bedside(String patientId) {
    ObjectNode entries = json.createObjectNode();
    for (BedsideRepository.Kind kind : BedsideRepository.Kind.values()) {
      if (!kind.inTimeline()) {
        continue;
      }
      ArrayNode array = entries.putArray(kind.field());
      for (String payload : bedside.payloads(patientId, kind)) {
        array.add(read(payload));
      }
    }
    return entries;
  }

  /** A timeline with the patient and no entries: the frame intake validates new entries in. */
  public ObjectNode skeleton(Patient p) {
    return TimelineDocument.skeleton(json.createObjectNode(), p);
  }

  private JsonNode read(String payload) {
    try {
      return json.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored bedside entry is not JSON", e);
    }
  }
}
