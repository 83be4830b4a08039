package org.pathway.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pathway.clinical.LabResult;
import org.pathway.clinical.Timeline;
import org.pathway.clinical.TimelineDocument;

/**
 * One simulated patient as an iec-timeline/1 document (evaluation contract), so that
 * {@code ./pathway evaluate} reads it, with the ground truth beside it under {@code "truth"} (an
 * unknown field, which the contract says evaluate ignores): per day post-infusion the true CRS and
 * ICANS grade and whether IEC-HS is present, and the trajectory those come from.
 */
public final class TimelineExport {

  /** The field holding the truth; not part of iec-timeline/1. */
  public static final String TRUTH = "truth";

  private final ObjectMapper json;

  public TimelineExport(ObjectMapper json) {
    this.json = json;
  }

  public ObjectNode document(SimulatedPatient simulated, Timeline timeline, int days) {
    ObjectNode doc = TimelineDocument.skeleton(json.createObjectNode(), timeline.patient());
    ArrayNode labs = doc.putArray("labs");
    for (LabResult r : timeline.labs()) {
      TimelineDocument.lab(labs.addObject(), r);
    }
    ArrayNode vitals = doc.putArray("vitals");
    timeline.vitals().forEach(v -> TimelineDocument.vitals(vitals.addObject(), v));
    ArrayNode neuro = doc.putArray("neuro");
    timeline.neuro().forEach(e -> TimelineDocument.neuro(neuro.addObject(), e));
    doc.putArray("treatments");
    doc.putArray("findings");
    doc.set(TRUTH, truth(simulated, days));
    return doc;
  }

  /** The truth of a patient up to D+{@code days}, as the export puts it under {@value #TRUTH}. */
  public ObjectNode truth(SimulatedPatient simulated, int days) {
    ObjectNode truth = json.createObjectNode();
    truth.put("product", simulated.product().label());
    truth.put("ward", simulated.ward());
    Trajectory t = simulated.trajectory();
    truth.set("crs", episode(t.crs()));
    truth.set("icans", episode(t.icans()));
    if (t.iecHs() == null) {
      truth.putNull("iecHs");
    } else {
      truth.putObject("iecHs")
          .put("onsetDay", round(t.iecHs().onsetDay()))
          .put("durationDays", round(t.iecHs().durationDays()));
    }
    ArrayNode perDay = truth.putArray("days");
    for (int d = 0; d <= days; d++) {
      Trajectory.DayTruth day = t.day(d);
      perDay.addObject()
          .put("day", day.day())
          .put("crsGrade", day.crsGrade())
          .put("icansGrade", day.icansGrade())
          .put("iecHs", day.iecHs());
    }
    return truth;
  }

  private ObjectNode episode(Trajectory.Episode e) {
    if (e == null) {
      return null;
    }
    return json.createObjectNode()
        .put("onsetDay", round(e.onsetDay()))
        .put("peakGrade", e.peakGrade())
        .put("durationDays", round(e.durationDays()));
  }

  private static double round(double day) {
    return Math.round(day * 100) / 100.0;
  }
}
