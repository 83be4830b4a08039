package org.pathway.pathway;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.pathway.PathwayProperties;
import org.pathway.clinical.IecHsFeatures;
import org.pathway.clinical.LabResult;
import org.pathway.store.AssessmentRecord;
import org.pathway.store.AssessmentRepository;
import org.pathway.store.Enrollment;
import org.pathway.store.LabResultRepository;
import org.pathway.store.PatientRepository;
import org.springframework.stereotype.Component;

/**
 * Assembles the patient's stored labs into the features the IEC-HS decision reads, and says how
 * many results arrived since the last assessment, so that a wake-up by results already assessed
 * (an old buffered message) waits again instead of re-assessing old data as the day's.
 */
@Component
public class AssembleLabFeaturesWorker {

  private final PatientRepository patients;
  private final LabResultRepository labs;
  private final AssessmentRepository assessments;
  private final PathwayProperties properties;
  private final Clock clock;

  public AssembleLabFeaturesWorker(
      PatientRepository patients,
      LabResultRepository labs,
      AssessmentRepository assessments,
      PathwayProperties properties,
      Clock clock) {
    this.patients = patients;
    this.labs = labs;
    this.assessments = assessments;
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
    java.time.Instant asOf = clock.instant();
    List<LabResult> results = labs.findByPatient(patientId);
    int assessedBefore = assessments.latest(patientId).map(AssessmentRecord::labsSeen).orElse(0);
    IecHsFeatures features =
        IecHsFeatures.derive(
            results,
            enrollment.patient().infusionAt(),
            asOf,
            properties.rules().featurePolicy());
    return Map.of(
        PathwayModel.Vars.FEATURES, features.asVariables(),
        PathwayModel.Vars.LABS_SEEN, results.size(),
        PathwayModel.Vars.LABS_AS_OF, asOf.toString(),
        PathwayModel.Vars.UNASSESSED_RESULTS, results.size() - assessedBefore,
        PathwayModel.Vars.ASSESSMENT_DAY, (int) enrollment.patient().dayPostInfusion(asOf));
  }
}
