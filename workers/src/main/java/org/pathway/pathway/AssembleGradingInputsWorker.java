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
import org.pathway.clinical.GradingInputs;
import org.pathway.clinical.Timeline;
import org.pathway.store.CareEpisode;
import org.pathway.store.CareEpisodeRepository;
import org.pathway.store.PatientTimelines;
import org.pathway.store.UserTaskRepository;
import org.springframework.stereotype.Component;

/**
 * The inputs of the CRS and ICANS grading tables from the patient's latest bedside observations,
 * built by the same code as ./pathway evaluate, with the tocilizumab doses given so far, whether a
 * CRS or ICANS episode or a review of ungradable CRS is open, and how many bedside observations
 * there are.
 */
@Component
public class AssembleGradingInputsWorker {

  /** The monitoring pathway's review of CRS that the vitals cannot grade (reference §3.3). */
  static final String REVIEW_UNGRADED_CRS = "review-ungraded-crs";

  /** The variables of dmn/crs-grade.dmn and dmn/icans-grade.dmn, and what the models decide by. */
  public record Inputs(
      @JsonProperty(CRS) Map<String, Object> crs,
      @JsonProperty(ICANS) Map<String, Object> icans,
      @JsonProperty(TOCILIZUMAB_HISTORY) Map<String, Object> tocilizumabHistory,
      @JsonProperty(CRS_EPISODE_OPEN) boolean crsEpisodeOpen,
      @JsonProperty(ICANS_EPISODE_OPEN) boolean icansEpisodeOpen,
      @JsonProperty(ASSESSMENT_DAY) int assessmentDay,
      @JsonProperty(CRS_REVIEW_OPEN) boolean crsReviewOpen,
      @JsonProperty(OBSERVATIONS_SEEN) int observationsSeen) {}

  private final PatientTimelines timelines;
  private final CareEpisodeRepository episodes;
  private final UserTaskRepository tasks;
  private final PathwayProperties properties;
  private final Clock clock;

  public AssembleGradingInputsWorker(
      PatientTimelines timelines,
      CareEpisodeRepository episodes,
      UserTaskRepository tasks,
      PathwayProperties properties,
      Clock clock) {
    this.timelines = timelines;
    this.episodes = episodes;
    this.tasks = tasks;
    this.properties = properties;
    this.clock = clock;
  }

  @JobWorker(type = PathwayModel.JobTypes.ASSEMBLE_GRADING_INPUTS, fetchVariables = PATIENT_ID)
  public Inputs assemble(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String patientId = vars.string(PATIENT_ID);
    Timeline timeline =
        timelines.load(patientId).orElseThrow(() -> vars.dataError(PATIENT_ID, "names no enrolled patient"));
    Instant now = clock.instant();
    return new Inputs(
        GradingInputs.crs(timeline, now),
        GradingInputs.icans(timeline, now, properties.rules().featurePolicy()),
        GradingInputs.tocilizumabHistory(timeline, now),
        episodes.findOpen(patientId, CareEpisode.Syndrome.CRS).isPresent(),
        episodes.findOpen(patientId, CareEpisode.Syndrome.ICANS).isPresent(),
        (int) timeline.patient().dayPostInfusion(now),
        // CRS the vitals cannot grade goes to one physician's review at a time
        tasks.findOpen(patientId, null).stream().anyMatch(t -> t.elementId().equals(REVIEW_UNGRADED_CRS)),
        // an episode woken by observations it has graded already waits again
        timeline.vitals().size() + timeline.neuro().size() + timeline.treatments().size()
            + timeline.findings().size());
  }
}
