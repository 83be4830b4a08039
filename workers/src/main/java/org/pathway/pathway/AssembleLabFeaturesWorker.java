package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.pathway.model.PathwayModel.Vars.*;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.pathway.PathwayProperties;
import org.pathway.clinical.DecisionInputs;
import org.pathway.clinical.IecHsFeatures;
import org.pathway.clinical.Timeline;
import org.pathway.store.AssessmentRecord;
import org.pathway.store.AssessmentRepository;
import org.pathway.store.PatientTimelines;
import org.springframework.stereotype.Component;

/**
 * Assembles the patient's stored timeline into the features the IEC-HS decision reads (the same
 * builder as ./pathway evaluate: labs and the pathology findings), and says how many results
 * and findings arrived since the last assessment, so that a wake-up by results already assessed (an old
 * buffered message) waits again instead of re-assessing old data as the day's.
 */
@Component
public class AssembleLabFeaturesWorker {

  public record LabFeatures(
      @JsonProperty(FEATURES) Map<String, Object> features,
      @JsonProperty(LABS_SEEN) int labsSeen,
      @JsonProperty(LABS_READ) int labsRead,
      @JsonProperty(LABS_AS_OF) String labsAsOf,
      @JsonProperty(UNASSESSED_RESULTS) int unassessedResults,
      @JsonProperty(ASSESSMENT_DAY) int assessmentDay) {}

  private final PatientTimelines timelines;
  private final AssessmentRepository assessments;
  private final PathwayProperties properties;
  private final Clock clock;

  public AssembleLabFeaturesWorker(
      PatientTimelines timelines,
      AssessmentRepository assessments,
      PathwayProperties properties,
      Clock clock) {
    this.timelines = timelines;
    this.assessments = assessments;
    this.properties = properties;
    this.clock = clock;
  }

  @JobWorker(
      type = PathwayModel.JobTypes.ASSEMBLE_LAB_FEATURES,
      fetchVariables = PATIENT_ID)
  public LabFeatures assemble(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String patientId = vars.string(PATIENT_ID);
    Timeline timeline =
        timelines.load(patientId).orElseThrow(() -> vars.dataError(PATIENT_ID, "names no enrolled patient"));
    Instant asOf = clock.instant();
    // the suspicion reads the labs and the findings (hemophagocytosis): a new one of either is news,
    // and so is a new version of a stored result (a correction adds a row, not a result). Counted
    // in the timeline the features are built from: a row stored after it was loaded is not "seen"
    // and wakes the next assessment (a count queried apart could include it, unread, and lose it)
    int labsRead = timeline.labs().size();
    int labsSeen = labsRead + timeline.findings().size();
    int assessedBefore = assessments.furthest(patientId, null).map(AssessmentRecord::labsSeen).orElse(0);
    IecHsFeatures features =
        DecisionInputs.of(timeline, properties.rules().featurePolicy()).iecHsFeatures(asOf);
    return new LabFeatures(
        features.asVariables(),
        labsSeen,
        labsRead,
        asOf.toString(),
        labsSeen - assessedBefore,
        (int) timeline.patient().dayPostInfusion(asOf));
  }
}
