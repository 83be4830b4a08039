package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.pathway.model.PathwayModel.Vars.*;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.pathway.PathwayProperties;
import org.pathway.store.AuditLog;
import org.pathway.store.CareEpisode;
import org.pathway.store.CareEpisodeRepository;
import org.springframework.stereotype.Component;

/**
 * Opens the care episode of the process instance (task header {@code syndrome}), at most one open
 * per syndrome and patient: a second one finds the first open and ends. Sets what the episode's
 * model reads: its deadlines and the tocilizumab rounding tolerance from configuration, and empty
 * histories the model appends to.
 * Idempotent: a job delivered again finds the episode it opened and its start time.
 */
@Component
public class OpenCareEpisodeWorker {

  static final String SYNDROME_HEADER = "syndrome";

  /** Whether this instance opened the episode, and if so what its model reads. */
  public record Opened(
      @JsonProperty(EPISODE_OPENED) boolean episodeOpened,
      @JsonUnwrapped Episode episode,
      @JsonUnwrapped IecHsWorkup iecHsWorkup) {}

  /**
   * Deadlines and tolerance from configuration, empty histories the model appends to, and the
   * variables later steps set, created here (null) so that they live in the process scope.
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Episode(
      @JsonProperty(EPISODE_STARTED_AT) String episodeStartedAt,
      @JsonProperty(PHYSICIAN_TASK_WITHIN) String physicianTaskWithin,
      @JsonProperty(BEDSIDE_TASK_WITHIN) String bedsideTaskWithin,
      @JsonProperty(GRADE_HISTORY) List<Object> gradeHistory,
      @JsonProperty(PREVIOUS_GRADE) Integer previousGrade,
      @JsonProperty(TREATMENTS_ORDERED) List<Object> treatmentsOrdered,
      @JsonProperty(ICU_HANDOVERS) List<Object> icuHandovers,
      @JsonProperty(RESOLUTION_CONFIRMED) String resolutionConfirmed,
      @JsonProperty(TOCILIZUMAB_ROUNDING_TOLERANCE_MG) BigDecimal tocilizumabRoundingToleranceMg,
      @JsonProperty(TOCILIZUMAB_ORDER_REFUSAL) String tocilizumabOrderRefusal) {}

  /** An IEC-HS episode's reassessment cycle and the work-up's due times (ISO-8601 text). */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record IecHsWorkup(
      @JsonProperty(REASSESSMENT_INTERVAL) String reassessmentInterval,
      @JsonProperty(TREATMENT_LINE) int treatmentLine,
      @JsonProperty(CLINICAL_RESPONSE) String clinicalResponse,
      @JsonProperty(REASSESSMENT_REQUEST_REASON) String reassessmentRequestReason,
      @JsonProperty(CURRENT_FINDINGS) List<String> currentFindings,
      @JsonProperty(INFECTION_WORKUP_DUE_AT) String infectionWorkupDueAt,
      @JsonProperty(RELAPSE_WORKUP_DUE_AT) String relapseWorkupDueAt,
      @JsonProperty(HLH_PANEL_DUE_AT) String hlhPanelDueAt,
      @JsonProperty(BONE_MARROW_DUE_AT) String boneMarrowDueAt,
      @JsonProperty(DRUG_REVIEW_DUE_AT) String drugReviewDueAt,
      @JsonProperty(ICANS_ASSESSMENT_DUE_AT) String icansAssessmentDueAt) {}

  private final CareEpisodeRepository episodes;
  private final PathwayProperties properties;
  private final AuditLog audit;
  private final Clock clock;

  public OpenCareEpisodeWorker(
      CareEpisodeRepository episodes, PathwayProperties properties, AuditLog audit, Clock clock) {
    this.episodes = episodes;
    this.properties = properties;
    this.audit = audit;
    this.clock = clock;
  }

  @JobWorker(
      type = PathwayModel.JobTypes.OPEN_CARE_EPISODE,
      fetchVariables = {PATIENT_ID, ASSESSMENT_DAY})
  public Opened open(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String patientId = vars.string(PATIENT_ID);
    CareEpisode.Syndrome syndrome = syndrome(job, vars);
    boolean opened =
        episodes.open(
            patientId,
            syndrome,
            job.getProcessInstanceKey(),
            clock.instant(),
            vars.optionalInteger(ASSESSMENT_DAY));
    if (!opened) {
      return new Opened(false, null, null);
    }
    CareEpisode episode = episodes.findByProcessInstance(job.getProcessInstanceKey()).orElseThrow();
    Instant start = episode.startedAt();
    audit.append(
        new AuditLog.Event(
            clock.instant(),
            "pathway",
            null,
            "episode.opened",
            "process-instance/" + job.getProcessInstanceKey(),
            patientId,
            "SUCCESS",
            "job-" + job.getKey(),
            syndrome + " episode opened on day " + episode.dayPostInfusion()));
    PathwayProperties.Episodes config = properties.episodes();
    Episode variables =
        new Episode(
            start.toString(),
            config.physicianTaskWithin().toString(),
            config.bedsideTaskWithin().toString(),
            List.of(),
            null,
            List.of(),
            List.of(),
            null,
            properties.rules().featurePolicy().tocilizumabRoundingToleranceMg(),
            null);
    if (syndrome != CareEpisode.Syndrome.IEC_HS) {
      return new Opened(true, variables, null);
    }
    PathwayProperties.WorkupDue due = config.workupDue();
    return new Opened(
        true,
        variables,
        new IecHsWorkup(
            config.iecHsReassessment().toString(),
            0,
            null,
            null,
            null,
            at(start, due.infection()),
            at(start, due.relapse()),
            at(start, due.hlhPanel()),
            at(start, due.boneMarrow()),
            at(start, due.drugReview()),
            at(start, due.icansAssessment())));
  }

  static CareEpisode.Syndrome syndrome(ActivatedJob job, JobVariables vars) {
    String header = job.getCustomHeaders().get(SYNDROME_HEADER);
    try {
      return CareEpisode.Syndrome.valueOf(header);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw vars.dataError(
          "header " + SYNDROME_HEADER, "must name the syndrome (IEC_HS, CRS, ICANS): " + header);
    }
  }

  private static String at(Instant start, Duration after) {
    return start.plus(after).toString();
  }
}
