package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.pathway.model.PathwayModel.Vars.PATIENT_ID;

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

  private final BedsideIntakeService intake;
  private final Clock clock;

  public RecordVitalsWorker(BedsideIntakeService intake, Clock clock) {
    this.intake = intake;
    this.clock = clock;
  }

  @JobWorker(type = PathwayModel.JobTypes.RECORD_VITALS)
  public Map<String, Object> record(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String patientId = vars.string(PATIENT_ID);
    Object temperature = vars.raw("temperatureC");
    if (!(temperature instanceof Number)) {
      throw vars.dataError("temperatureC", "is missing or not a number: " + temperature);
    }
    Map<String, Object> oxygen = new LinkedHashMap<>();
    oxygen.put("device", vars.string("oxygenDevice"));
    oxygen.put("flowLpm", vars.raw("oxygenFlowLpm"));
    oxygen.put("reason", vars.raw("ventilationReason"));
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("at", clock.instant().toString());
    entry.put("temperature", Map.of("value", temperature, "unit", "Cel"));
    entry.put("hypotension", Boolean.TRUE.equals(vars.raw("hypotension")));
    entry.put("vasopressors", vars.raw("vasopressors") instanceof List<?> l ? l : List.of());
    entry.put("oxygen", oxygen);
    entry.put("feverAttributedToOtherCause", Boolean.TRUE.equals(vars.raw("feverAttributedToOtherCause")));
    try {
      intake.storeEntry(patientId, BedsideRepository.Kind.VITALS, entry, "vitals/" + job.getElementInstanceKey());
    } catch (BedsideIntakeService.Refused e) {
      throw vars.dataError("vitals", "were refused: " + e.errors());
    }
    return Map.of("vitals", entry);
  }
}
