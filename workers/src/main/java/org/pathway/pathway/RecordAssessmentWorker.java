package org.pathway.pathway;

import static org.pathway.pathway.PathwayModel.Vars.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pathway.engine.ModelResources;
import org.pathway.store.AssessmentRecord;
import org.pathway.store.AssessmentRepository;
import org.springframework.stereotype.Component;

/**
 * Stores the day's assessment (inputs, decision output, reasons, rules version) and prepares the
 * summary a physician sees when a suspicion is raised. Idempotent per element instance.
 */
@Component
public class RecordAssessmentWorker {

  private final AssessmentRepository assessments;
  private final ModelResources models;
  private final ObjectMapper json;
  private final Clock clock;

  public RecordAssessmentWorker(
      AssessmentRepository assessments, ModelResources models, ObjectMapper json, Clock clock) {
    this.assessments = assessments;
    this.models = models;
    this.json = json;
    this.clock = clock;
  }

  @JobWorker(
      type = PathwayModel.JobTypes.RECORD_ASSESSMENT,
      fetchVariables = {PATIENT_ID, CYCLE_DAY, FEATURES, LABS_SEEN, IEC_HS_SUSPICION})
  public Map<String, Object> record(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    Map<String, Object> suspicion = vars.map(IEC_HS_SUSPICION);
    boolean suspected = Boolean.TRUE.equals(suspicion.get("suspected"));
    List<String> findings = strings(suspicion.get("findings"));
    List<String> reasons = strings(suspicion.get("reasons"));
    List<String> notEvaluable = strings(suspicion.get("notEvaluable"));
    Instant now = clock.instant();

    assessments.insertIfAbsent(
        new AssessmentRecord(
            vars.string(PATIENT_ID),
            job.getProcessInstanceKey(),
            job.getElementInstanceKey(),
            vars.integer(CYCLE_DAY),
            now,
            PathwayModel.Decisions.IEC_HS_SUSPICION,
            models.rulesVersion(),
            suspected,
            vars.integer(LABS_SEEN),
            findings,
            reasons,
            write(vars.map(FEATURES)),
            write(suspicion)));

    Map<String, Object> out = new HashMap<>();
    out.put(SUSPICION_SUMMARY, summary(suspected, reasons, notEvaluable));
    out.put(REVIEW_DUE_AT, now.toString());
    return out;
  }

  static String summary(boolean suspected, List<String> reasons, List<String> notEvaluable) {
    StringBuilder text = new StringBuilder();
    text.append(
        suspected
            ? "Suspicion rule met (reference §5.2a): ferritin criterion plus another core finding."
            : "Suspicion rule not met.");
    text.append("\nFindings:");
    if (reasons.isEmpty()) {
      text.append("\n- none");
    }
    reasons.forEach(r -> text.append("\n- ").append(r));
    if (!notEvaluable.isEmpty()) {
      text.append("\nCould not be evaluated:");
      notEvaluable.forEach(r -> text.append("\n- ").append(r));
    }
    return text.toString();
  }

  private static List<String> strings(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return List.of();
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
