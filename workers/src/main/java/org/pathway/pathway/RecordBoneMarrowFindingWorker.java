package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.pathway.model.PathwayModel.FormKeys.BONE_MARROW_OUTCOME;
import static org.pathway.model.PathwayModel.Vars.PATIENT_ID;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.util.Map;
import org.pathway.clinical.Timeline;
import org.pathway.intake.BedsideIntakeService;
import org.pathway.store.BedsideRepository;
import org.springframework.stereotype.Component;

/**
 * After the bone-marrow evaluation (forms/record-bone-marrow-evaluation.form): haemophagocytosis on
 * the marrow is stored as a finding of the patient's timeline, as the bedside API would store it,
 * so every scale that reads it (IEC-HS suspicion, HLH-2004, HScore, carHLH) does, and the IEC-HS
 * suspicion is assessed again. Stored once per element instance.
 */
@Component
public class RecordBoneMarrowFindingWorker {

  /** The form's outcome that means haemophagocytosis was found. */
  static final String HEMOPHAGOCYTOSIS = "HEMOPHAGOCYTOSIS";

  private final BedsideIntakeService intake;
  private final Clock clock;

  public RecordBoneMarrowFindingWorker(BedsideIntakeService intake, Clock clock) {
    this.intake = intake;
    this.clock = clock;
  }

  @JobWorker(type = PathwayModel.JobTypes.RECORD_BONE_MARROW_FINDING, fetchVariables = {PATIENT_ID, BONE_MARROW_OUTCOME})
  public void record(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    if (!HEMOPHAGOCYTOSIS.equals(vars.raw(BONE_MARROW_OUTCOME))) {
      return;
    }
    Map<String, Object> finding =
        Map.of("at", clock.instant().toString(), "type", Timeline.FindingType.HEMOPHAGOCYTOSIS.name());
    try {
      intake.storeEntry(
          vars.string(PATIENT_ID), BedsideRepository.Kind.FINDING, finding, "bone-marrow/" + job.getElementInstanceKey());
    } catch (BedsideIntakeService.Refused e) {
      throw vars.dataError(BONE_MARROW_OUTCOME, "could not be stored as a finding: " + e.errors());
    }
  }
}
