package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.pathway.model.PathwayModel.FormKeys.COURSE_DEATH;
import static org.pathway.model.PathwayModel.FormKeys.COURSE_INTERVENTION;
import static org.pathway.model.PathwayModel.FormKeys.COURSE_LIFE_THREATENING;
import static org.pathway.model.PathwayModel.FormKeys.COURSE_SEVERE;
import static org.pathway.model.PathwayModel.Vars.PATIENT_ID;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pathway.PathwayProperties;
import org.pathway.clinical.DecisionInputs;
import org.pathway.clinical.Timeline;
import org.pathway.store.PatientTimelines;
import org.springframework.stereotype.Component;

/**
 * The input of "Grade IEC-HS" (dmn/iec-hs-grade.dmn, reference §5.3): the course the timeline
 * holds now (vasopressors running, positive pressure for hypoxia, dialysis and the other findings),
 * built by the same code as ./pathway evaluate, with the course the physician ticked on the review
 * or reassessment form added. The grade once read the ticks alone.
 */
@Component
public class AssembleIecHsCourseWorker {

  /** The table input each tick of the course (a form key) attests. */
  static final Map<String, String> ATTESTED =
      Map.of(
          "deathAttributedToIecHs", COURSE_DEATH,
          "lifeThreateningEvent", COURSE_LIFE_THREATENING,
          "severeEvent", COURSE_SEVERE,
          "interventionGiven", COURSE_INTERVENTION);

  private final PatientTimelines timelines;
  private final PathwayProperties properties;
  private final Clock clock;

  public AssembleIecHsCourseWorker(PatientTimelines timelines, PathwayProperties properties, Clock clock) {
    this.timelines = timelines;
    this.properties = properties;
    this.clock = clock;
  }

  // returns the decision's variables as the shared builder makes them, as ./pathway evaluate reads them
  @JobWorker(
      type = PathwayModel.JobTypes.ASSEMBLE_IEC_HS_COURSE,
      fetchVariables = {PATIENT_ID, COURSE_DEATH, COURSE_LIFE_THREATENING, COURSE_SEVERE, COURSE_INTERVENTION})
  public Map<String, Object> assemble(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String patientId = vars.string(PATIENT_ID);
    Timeline timeline =
        timelines.load(patientId).orElseThrow(() -> vars.dataError(PATIENT_ID, "names no enrolled patient"));
    Map<String, Boolean> attested = new LinkedHashMap<>();
    ATTESTED.forEach((input, formKey) -> attested.put(input, Boolean.TRUE.equals(vars.raw(formKey))));
    return DecisionInputs.of(timeline, properties.rules().featurePolicy()).iecHsGrade(clock.instant(), attested);
  }
}
