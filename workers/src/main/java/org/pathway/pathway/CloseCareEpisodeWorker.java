package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.pathway.model.PathwayModel.FormKeys.*;
import static org.pathway.model.PathwayModel.Vars.*;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pathway.store.AuditLog;
import org.pathway.store.CareEpisode;
import org.pathway.store.CareEpisodeRepository;
import org.springframework.stereotype.Component;

/**
 * Ends the care episode with its summary: how it ended, onset, peak grade, every grading, the
 * treatments ordered, ICU handovers, the work-up results and the times. The summary is stored with
 * the episode and the close is audited; a job delivered again keeps the first summary.
 */
@Component
public class CloseCareEpisodeWorker {

  /** The form keys of one differential work-up result. */
  record WorkupForm(String outcomeKey, String detailsKey) {}

  /** The differential work-up results, by item of the summary. */
  static final Map<String, WorkupForm> WORKUP_ITEMS =
      Map.of(
          "infection", new WorkupForm(INFECTION_WORKUP_OUTCOME, INFECTION_WORKUP_DETAILS),
          "relapse", new WorkupForm(RELAPSE_WORKUP_OUTCOME, RELAPSE_WORKUP_DETAILS),
          "hlhPanel", new WorkupForm(HLH_PANEL_OUTCOME, HLH_PANEL_DETAILS),
          "boneMarrow", new WorkupForm(BONE_MARROW_OUTCOME, BONE_MARROW_DETAILS),
          "drugTmaDic", new WorkupForm(DRUG_REVIEW_OUTCOME, DRUG_REVIEW_DETAILS));

  public record Closed(@JsonProperty(EPISODE_OUTCOME) String episodeOutcome) {}

  /**
   * The summary stored with the episode (GET /patients/{id}/episodes). The late-onset review, the
   * physician's review and the work-up are there only when the episode had them.
   */
  record Summary(
      String syndrome,
      String patientId,
      String outcome,
      String startedAt,
      Integer onsetDayPostInfusion,
      String endedAt,
      double hoursOpen,
      Integer peakGrade,
      List<Map<String, Object>> gradings,
      List<Map<String, Object>> treatmentsOrdered,
      List<Map<String, Object>> icuHandovers,
      @JsonInclude(JsonInclude.Include.NON_NULL) LateOnsetReview lateOnsetReview,
      @JsonInclude(JsonInclude.Include.NON_NULL) Review review,
      @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> workup) {}

  record LateOnsetReview(Object assessment, String note) {}

  record Review(Object decision, Object reason, Object alternativeCause) {}

  record WorkupResult(Object outcome, String details) {}

  private final CareEpisodeRepository episodes;
  private final AuditLog audit;
  private final ObjectMapper json;
  private final Clock clock;

  public CloseCareEpisodeWorker(
      CareEpisodeRepository episodes, AuditLog audit, ObjectMapper json, Clock clock) {
    this.episodes = episodes;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  @JobWorker(type = PathwayModel.JobTypes.CLOSE_CARE_EPISODE)
  public Closed close(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String patientId = vars.string(PATIENT_ID);
    CareEpisode.Syndrome syndrome = OpenCareEpisodeWorker.syndrome(job, vars);
    CareEpisode episode =
        episodes
            .findByProcessInstance(job.getProcessInstanceKey())
            .orElseThrow(() -> vars.dataError(EPISODE_STARTED_AT, "names no opened episode"));
    if (!episode.open()) {
      return new Closed(episode.outcome());
    }
    Instant now = clock.instant();
    List<Map<String, Object>> grades = maps(vars.raw(GRADE_HISTORY));
    Integer peak =
        grades.stream()
            .map(g -> g.get("grade"))
            .filter(Number.class::isInstance)
            .map(g -> ((Number) g).intValue())
            .max(Integer::compare)
            .orElse(null);
    String outcome = outcome(syndrome, vars);

    LateOnsetReview lateOnset =
        vars.raw(LATE_ONSET_ASSESSMENT) == null
            ? null
            : new LateOnsetReview(
                vars.raw(LATE_ONSET_ASSESSMENT), Objects.toString(vars.raw(LATE_ONSET_NOTE), ""));
    Review review = null;
    Map<String, Object> workup = null;
    if (syndrome == CareEpisode.Syndrome.IEC_HS) {
      review = new Review(vars.raw(REVIEW_DECISION), vars.raw(REVIEW_REASON), vars.raw(ALTERNATIVE_CAUSE));
      workup = new LinkedHashMap<>();
      for (var item : WORKUP_ITEMS.entrySet()) {
        WorkupForm form = item.getValue();
        if (vars.raw(form.outcomeKey()) != null) {
          workup.put(
              item.getKey(),
              new WorkupResult(
                  vars.raw(form.outcomeKey()), Objects.toString(vars.raw(form.detailsKey()), "")));
        }
      }
      if (vars.raw(NEURO_EXAM) != null) {
        workup.put("icans", vars.raw(NEURO_EXAM));
      }
    }
    Summary summary =
        new Summary(
            syndrome.name(),
            patientId,
            outcome,
            episode.startedAt().toString(),
            episode.dayPostInfusion(),
            now.toString(),
            Duration.between(episode.startedAt(), now).toMinutes() / 60.0,
            peak,
            grades,
            maps(vars.raw(TREATMENTS_ORDERED)),
            maps(vars.raw(ICU_HANDOVERS)),
            lateOnset,
            review,
            workup);
    episodes.close(job.getProcessInstanceKey(), now, outcome, peak, json.valueToTree(summary).toString());
    audit.append(
        new AuditLog.Event(
            now,
            "pathway",
            null,
            "episode.closed",
            "process-instance/" + job.getProcessInstanceKey(),
            patientId,
            "SUCCESS",
            "job-" + job.getKey(),
            syndrome + " episode ended: " + outcome + ", peak grade " + peak
                + (vars.raw(REVIEW_REASON) == null
                    ? ""
                    : "; review " + vars.raw(REVIEW_DECISION) + ": " + vars.raw(REVIEW_REASON))));
    return new Closed(outcome);
  }

  /**
   * How the episode ended: the physician's review of an IEC-HS suspicion, a confirmed resolution,
   * or the last decided next step.
   */
  static String outcome(CareEpisode.Syndrome syndrome, JobVariables vars) {
    Object review = vars.raw(REVIEW_DECISION);
    if ("REFUTED".equals(review) || "ALTERNATIVE_CAUSE".equals(review)) {
      return (String) review;
    }
    if ("RESOLVED".equals(vars.raw(RESOLUTION_CONFIRMED))) {
      return "RESOLVED";
    }
    String decision =
        switch (syndrome) {
          case IEC_HS -> IEC_HS_RESPONSE;
          case CRS -> CRS_PLAN;
          case ICANS -> ICANS_PLAN;
        };
    Object response = vars.raw(decision);
    Object next = response instanceof Map<?, ?> m ? m.get("nextStep") : null;
    if ("END_RESOLVED".equals(next)) {
      return "RESOLVED";
    }
    if ("END_DEATH".equals(next)) {
      return "DIED";
    }
    throw vars.dataError(decision, "does not say how the " + syndrome + " episode ended: " + response);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> maps(Object value) {
    if (value instanceof List<?> list) {
      return list.stream()
          .filter(Map.class::isInstance)
          .map(m -> (Map<String, Object>) m)
          .toList();
    }
    return List.of();
  }

}
