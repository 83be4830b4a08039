package org.pathway.pathway;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.util.Map;
import org.pathway.PathwayProperties;
import org.pathway.clinical.IecHsFeatures;
import org.pathway.store.Enrollment;
import org.pathway.store.LabResultRepository;
import org.pathway.store.PatientRepository;
import org.springframework.stereotype.Component;

/** Assembles the patient's stored labs into the features the IEC-HS decision reads. */
@Component
public class AssembleLabFeaturesWorker {

  private final PatientRepository patients;
  private final LabResultRepository labs;
  private final PathwayProperties properties;
  private final Clock clock;

  public AssembleLabFeaturesWorker(
      PatientRepository patients,
      LabResultRepository labs,
      PathwayProperties properties,
      Clock clock) {
    this.patients = patients;
    this.labs = labs;
    this.properties = properties;
    this.clock = clock;
  }

  @JobWorker(
      type = PathwayModel.JobTypes.ASSEMBLE_LAB_FEATURES,
      fetchVariables = PathwayModel.Vars.PATIENT_ID)
  public Map<String, Object> assemble(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String patientId = vars.string(PathwayModel.Vars.PATIENT_ID);
    Enrollment enrollment =
        patients
            .find(patientId)
            .orElseThrow(() -> vars.dataError(PathwayModel.Vars.PATIENT_ID, "names no enrolled patient"));
    IecHsFeatures features =
        IecHsFeatures.derive(
            labs.findByPatient(patientId),
            enrollment.patient().infusionAt(),
            clock.instant(),
            properties.rules().featurePolicy());
    return Map.of(PathwayModel.Vars.FEATURES, features.asVariables());
  }
}
