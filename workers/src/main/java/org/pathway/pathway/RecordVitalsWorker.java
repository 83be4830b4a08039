package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.pathway.model.PathwayModel.FormKeys.*;
import static org.pathway.model.PathwayModel.Vars.PATIENT_ID;
import static org.pathway.model.PathwayModel.Vars.VITALS;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pathway.intake.BedsideIntakeService;
import org.pathway.store.BedsideRepository;
import org.springframework.stereotype.Component;

/**
 * Turns the vitals a nurse recorded (forms/record-vitals.form: temperature, blood pressure
 * support, oxygen) into vitals of the patient's timeline, validated as the bedside API validates
 * them, so the CRS grading reads them. Stored once per element instance.
 */
@Component
public class RecordVitalsWorker {

  /** The vitals as stored, in the bedside API's shape (validated by the intake as a posted entry). */
  public record Recorded(@JsonProperty(VITALS) Map<String, Object> vitals) {}

  private final BedsideIntakeService intake;
  private final Clock clock;

  public RecordVitalsWorker(BedsideIntakeService intake, Clock clock) {
    this.intake = intake;
    this.clock = clock;
  }

  @JobWorker(type = PathwayModel.JobTypes.RECORD_VITALS)
  public Recorded record(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String patientId = vars.string(PATIENT_ID);
    Object temperature = vars.raw(TEMPERATURE_C);
    if (!(temperature instanceof Number)) {
      throw vars.dataError(TEMPERATURE_C, "is missing or not a number: " + temperature);
    }
    Map<String, Object> oxygen = new LinkedHashMap<>();
    oxygen.put("device", vars.string(OXYGEN_DEVICE));
    oxygen.put("flowLpm", vars.raw(OXYGEN_FLOW_LPM));
    oxygen.put("reason", vars.raw(VENTILATION_REASON));
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("at", clock.instant().toString());
    entry.put("temperature", Map.of("value", temperature, "unit", "Cel"));
    entry.put("hypotension", Boolean.TRUE.equals(vars.raw(HYPOTENSION)));
    entry.put("vasopressors", vars.raw(VASOPRESSORS) instanceof List<?> l ? l : List.of());
    entry.put("oxygen", oxygen);
    entry.put("feverAttributedToOtherCause", Boolean.TRUE.equals(vars.raw(FEVER_ATTRIBUTED_TO_OTHER_CAUSE)));
    try {
      intake.storeEntry(patientId, BedsideRepository.Kind.VITALS, entry, "vitals/" + job.getElementInstanceKey());
    } catch (BedsideIntakeService.Refused e) {
      throw vars.dataError(VITALS, "were refused: " + e.errors());
    }
    return new Recorded(entry);
  }
}
