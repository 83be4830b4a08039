package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.pathway.model.PathwayModel.FormKeys.*;
import static org.pathway.model.PathwayModel.Vars.NEURO_EXAM;
import static org.pathway.model.PathwayModel.Vars.PATIENT_ID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pathway.clinical.NeuroScores;
import org.pathway.intake.BedsideIntakeService;
import org.pathway.store.BedsideRepository;
import org.springframework.stereotype.Component;

/**
 * Turns the ICANS assessment a nurse completed (ICE or CAPD item by item, and the other ICANS
 * domains) into a neuro exam of the patient's timeline, so the grading sees it like one posted to
 * the bedside API, and validated the same way. The scores are computed here from the items; the
 * form only shows them. Stored once per element instance.
 */
@Component
public class RecordNeuroAssessmentWorker {

  /**
   * The exam as stored (the bedside API's shape) and its scores for the form; the score of the
   * instrument not used is written as null, clearing one from an earlier assessment.
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Recorded(
      @JsonProperty(NEURO_EXAM) Map<String, Object> neuroExam,
      @JsonProperty(ICE_SCORE) Object iceScore,
      @JsonProperty(CAPD_SCORE) Object capdScore) {}

  private final BedsideIntakeService intake;
  private final Clock clock;

  public RecordNeuroAssessmentWorker(BedsideIntakeService intake, Clock clock) {
    this.intake = intake;
    this.clock = clock;
  }

  @JobWorker(type = PathwayModel.JobTypes.RECORD_NEURO_ASSESSMENT)
  public Recorded record(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String patientId = vars.string(PATIENT_ID);
    String instrument = vars.string(NEURO_INSTRUMENT);
    Map<String, Object> exam = new LinkedHashMap<>();
    exam.put("at", clock.instant().toString());
    exam.put("ice", null);
    exam.put("capd", null);
    try {
      switch (instrument) {
        case "ICE" ->
            exam.put(
                "ice",
                NeuroScores.ice(
                    strings(vars, ICE_ORIENTATION),
                    strings(vars, ICE_NAMING),
                    flag(vars, ICE_COMMANDS),
                    flag(vars, ICE_WRITING),
                    flag(vars, ICE_ATTENTION)));
        case "CAPD" -> exam.put("capd", NeuroScores.capd(job.getVariablesAsMap()));
        case "NOT_ASSESSABLE" -> {}
        default -> throw vars.dataError(NEURO_INSTRUMENT, "is not ICE, CAPD or NOT_ASSESSABLE: " + instrument);
      }
    } catch (NeuroScores.InvalidItem e) {
      throw vars.dataError(e.item(), e.getMessage());
    }
    exam.put("consciousness", vars.string(CONSCIOUSNESS));
    exam.put("globalAphasia", "ICE".equals(instrument) && flag(vars, GLOBAL_APHASIA));
    exam.put("seizure", vars.string(SEIZURE));
    exam.put("deepFocalMotorWeakness", flag(vars, DEEP_FOCAL_MOTOR_WEAKNESS));
    exam.put("cerebralEdema", vars.string(CEREBRAL_EDEMA));
    exam.put("raisedIcpSigns", flag(vars, RAISED_ICP_SIGNS));
    exam.put("sedated", "NOT_ASSESSABLE".equals(instrument));
    try {
      intake.storeEntry(patientId, BedsideRepository.Kind.NEURO, exam, "neuro-assessment/" + job.getElementInstanceKey());
    } catch (BedsideIntakeService.Refused e) {
      throw vars.dataError(NEURO_EXAM, "was refused: " + e.errors());
    }
    return new Recorded(exam, exam.get("ice"), exam.get("capd"));
  }

  private static boolean flag(JobVariables vars, String name) {
    return Boolean.TRUE.equals(vars.raw(name));
  }

  private static Collection<String> strings(JobVariables vars, String name) {
    Object value = vars.raw(name);
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    throw vars.dataError(name, "is not a list of ticked items: " + value);
  }
}
