package org.pathway.pathway;

import static org.pathway.model.PathwayModel.Vars.OLIGURIA_GRADE_3_OR_MORE;
import static org.pathway.model.PathwayModel.Vars.PATIENT_ID;
import static org.pathway.model.PathwayModel.Vars.PULMONARY_EDEMA_GRADE_3_OR_MORE;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pathway.clinical.Timeline;
import org.pathway.intake.BedsideIntakeService;
import org.pathway.model.PathwayModel;
import org.pathway.store.BedsideRepository;
import org.springframework.stereotype.Component;

/**
 * After the review of a suspected IEC-HS (forms/review-suspected-iec-hs.form): grade ≥3 pulmonary
 * oedema and oliguria that the physician ticked are stored as findings of the patient's timeline,
 * as the bedside API would store them, so carHLH reads them (reference §6 criteria 3 and 2) and the
 * suspicion is assessed again. The finding types go beyond iec-timeline/1 (README). Stored once per
 * element instance.
 */
@Component
public class RecordOrganFindingsWorker {

  /** The form's checkbox keys and the finding each one records. */
  private static final Map<String, Timeline.FindingType> FINDINGS = new LinkedHashMap<>();

  static {
    FINDINGS.put(PULMONARY_EDEMA_GRADE_3_OR_MORE, Timeline.FindingType.PULMONARY_EDEMA_GRADE_3_OR_MORE);
    FINDINGS.put(OLIGURIA_GRADE_3_OR_MORE, Timeline.FindingType.OLIGURIA_GRADE_3_OR_MORE);
  }

  private final BedsideIntakeService intake;
  private final ObjectMapper json;
  private final Clock clock;

  public RecordOrganFindingsWorker(BedsideIntakeService intake, ObjectMapper json, Clock clock) {
    this.intake = intake;
    this.json = json;
    this.clock = clock;
  }

  @JobWorker(
      type = PathwayModel.JobTypes.RECORD_ORGAN_FINDINGS,
      fetchVariables = {PATIENT_ID, PULMONARY_EDEMA_GRADE_3_OR_MORE, OLIGURIA_GRADE_3_OR_MORE})
  public void record(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String at = clock.instant().toString();
    ObjectNode body = json.createObjectNode();
    ArrayNode findings = body.putArray(BedsideRepository.Kind.FINDING.field());
    FINDINGS.forEach((key, type) -> {
      if (Boolean.TRUE.equals(vars.raw(key))) {
        findings.addObject().put("at", at).put("type", type.name());
      }
    });
    if (findings.isEmpty()) {
      return;
    }
    try {
      intake.store(vars.string(PATIENT_ID), BedsideRepository.Kind.FINDING, body, "organ-findings/" + job.getElementInstanceKey());
    } catch (BedsideIntakeService.Refused e) {
      throw vars.dataError(PATIENT_ID, "organ findings could not be stored: " + e.errors());
    }
  }
}
