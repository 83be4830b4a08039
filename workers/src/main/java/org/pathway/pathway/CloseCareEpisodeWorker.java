package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.pathway.model.PathwayModel.Vars.*;

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

  /** Form keys of the differential work-up results, by item. */
  static final Map<String, String> WORKUP_ITEMS =
      Map.of(
          "infection", "infectionWorkup",
          "relapse", "relapseWorkup",
          "hlhPanel", "hlhPanel",
          "boneMarrow", "boneMarrow",
          "drugTmaDic", "drugReview");

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
  public Map<String, Object> close(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String patientId = vars.string(PATIENT_ID);
    CareEpisode.Syndrome syndrome = OpenCareEpisodeWorker.syndrome(job, vars);
    CareEpisode episode =
        episodes
            .findByProcessInstance(job.getProcessInstanceKey())
            .orElseThrow(() -> vars.dataError(EPISODE_STARTED_AT, "names no opened episode"));
    if (!episode.open()) {
      return Map.of(EPISODE_OUTCOME, episode.outcome());
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

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("syndrome", syndrome.name());
    summary.put("patientId", patientId);
    summary.put("outcome", outcome);
    summary.put("startedAt", episode.startedAt().toString());
    summary.put("onsetDayPostInfusion", episode.dayPostInfusion());
    summary.put("endedAt", now.toString());
    summary.put("hoursOpen", Duration.between(episode.startedAt(), now).toMinutes() / 60.0);
    summary.put("peakGrade", peak);
    summary.put("gradings", grades);
    summary.put("treatmentsOrdered", maps(vars.raw(TREATMENTS_ORDERED)));
    summary.put("icuHandovers", maps(vars.raw(ICU_HANDOVERS)));
    if (vars.raw("lateOnsetAssessment") != null) {
      summary.put(
          "lateOnsetReview",
          Map.of(
              "assessment", vars.raw("lateOnsetAssessment"),
              "note", Objects.toString(vars.raw("lateOnsetNote"), "")));
    }
    if (syndrome == CareEpisode.Syndrome.IEC_HS) {
      Map<String, Object> review = new LinkedHashMap<>();
      review.put("decision", vars.raw("reviewDecision"));
      review.put("reason", vars.raw("reviewReason"));
      review.put("alternativeCause", vars.raw("alternativeCause"));
      summary.put("review", review);
      Map<String, Object> workup = new LinkedHashMap<>();
      WORKUP_ITEMS.forEach(
          (item, key) -> {
            if (vars.raw(key + "Outcome") != null) {
              workup.put(
                  item,
                  Map.of(
                      "outcome", vars.raw(key + "Outcome"),
                      "details", Objects.toString(vars.raw(key + "Details"), "")));
            }
          });
      if (vars.raw("neuroExam") != null) {
        workup.put("icans", vars.raw("neuroExam"));
      }
      summary.put("workup", workup);
    }
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
                + (vars.raw("reviewReason") == null
                    ? ""
                    : "; review " + vars.raw("reviewDecision") + ": " + vars.raw("reviewReason"))));
    return Map.of(EPISODE_OUTCOME, outcome);
  }

  /**
   * How the episode ended: the physician's review of an IEC-HS suspicion, a confirmed resolution,
   * or the last decided next step.
   */
  static String outcome(CareEpisode.Syndrome syndrome, JobVariables vars) {
    Object review = vars.raw("reviewDecision");
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
