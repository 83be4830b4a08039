package org.pathway.store;

import java.util.List;
import java.util.Optional;
import org.pathway.clinical.Timeline;
import org.springframework.stereotype.Component;

/**
 * A patient's stored history as a timeline of the evaluation contract, so that the pathway grades
 * with the same code as ./pathway evaluate. Holds what the service stores today: the patient and
 * the lab results.
 */
@Component
public class PatientTimelines {

  private final PatientRepository patients;
  private final LabResultRepository labs;

  public PatientTimelines(PatientRepository patients, LabResultRepository labs) {
    this.patients = patients;
    this.labs = labs;
  }

  public Optional<Timeline> load(String patientId) {
    return patients
        .find(patientId)
        .map(e -> new Timeline(
            e.patient(), labs.findByPatient(patientId), List.of(), List.of(), List.of(), List.of()));
  }
}
