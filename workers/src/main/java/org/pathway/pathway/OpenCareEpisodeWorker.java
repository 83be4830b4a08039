package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.pathway.model.PathwayModel.Vars.*;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
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
  public Map<String, Object> open(ActivatedJob job) {
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
    Map<String, Object> out = new HashMap<>();
    out.put(EPISODE_OPENED, opened);
    if (!opened) {
      return out;
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
    out.put(EPISODE_STARTED_AT, start.toString());
    out.put(PHYSICIAN_TASK_WITHIN, config.physicianTaskWithin().toString());
    out.put(BEDSIDE_TASK_WITHIN, config.bedsideTaskWithin().toString());
    out.put(GRADE_HISTORY, new ArrayList<>());
    out.put(PREVIOUS_GRADE, null);
    out.put(TREATMENTS_ORDERED, new ArrayList<>());
    out.put(ICU_HANDOVERS, new ArrayList<>());
    out.put(RESOLUTION_CONFIRMED, null);
    out.put(
        TOCILIZUMAB_ROUNDING_TOLERANCE_MG,
        properties.rules().featurePolicy().tocilizumabRoundingToleranceMg());
    out.put(TOCILIZUMAB_ORDER_REFUSAL, null);
    if (syndrome == CareEpisode.Syndrome.IEC_HS) {
      PathwayProperties.WorkupDue due = config.workupDue();
      out.put(REASSESSMENT_INTERVAL, config.iecHsReassessment().toString());
      out.put(TREATMENT_LINE, 0);
      out.put(CLINICAL_RESPONSE, null);
      out.put(REASSESSMENT_REQUEST_REASON, null);
      out.put(CURRENT_FINDINGS, null);
      out.put("infectionWorkupDueAt", at(start, due.infection()));
      out.put("relapseWorkupDueAt", at(start, due.relapse()));
      out.put("hlhPanelDueAt", at(start, due.hlhPanel()));
      out.put("boneMarrowDueAt", at(start, due.boneMarrow()));
      out.put("drugReviewDueAt", at(start, due.drugReview()));
      out.put("icansAssessmentDueAt", at(start, due.icansAssessment()));
    }
    return out;
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
