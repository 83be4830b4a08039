package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.pathway.model.PathwayModel.Vars.PATIENT_ID;

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

  /** Form keys of the ICANS assessment (forms/assess-icans.form). */
  static final String INSTRUMENT = "neuroInstrument";

  private final BedsideIntakeService intake;
  private final Clock clock;

  public RecordNeuroAssessmentWorker(BedsideIntakeService intake, Clock clock) {
    this.intake = intake;
    this.clock = clock;
  }

  @JobWorker(type = PathwayModel.JobTypes.RECORD_NEURO_ASSESSMENT)
  public Map<String, Object> record(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String patientId = vars.string(PATIENT_ID);
    String instrument = vars.string(INSTRUMENT);
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
                    strings(vars, "iceOrientation"),
                    strings(vars, "iceNaming"),
                    flag(vars, "iceCommands"),
                    flag(vars, "iceWriting"),
                    flag(vars, "iceAttention")));
        case "CAPD" -> exam.put("capd", NeuroScores.capd(job.getVariablesAsMap()));
        case "NOT_ASSESSABLE" -> {}
        default -> throw vars.dataError(INSTRUMENT, "is not ICE, CAPD or NOT_ASSESSABLE: " + instrument);
      }
    } catch (NeuroScores.InvalidItem e) {
      throw vars.dataError(e.item(), e.getMessage());
    }
    exam.put("consciousness", vars.string("consciousness"));
    exam.put("globalAphasia", "ICE".equals(instrument) && flag(vars, "globalAphasia"));
    exam.put("seizure", vars.string("seizure"));
    exam.put("deepFocalMotorWeakness", flag(vars, "deepFocalMotorWeakness"));
    exam.put("cerebralEdema", vars.string("cerebralEdema"));
    exam.put("raisedIcpSigns", flag(vars, "raisedIcpSigns"));
    exam.put("sedated", "NOT_ASSESSABLE".equals(instrument));
    try {
      intake.storeEntry(patientId, BedsideRepository.Kind.NEURO, exam, "neuro-assessment/" + job.getElementInstanceKey());
    } catch (BedsideIntakeService.Refused e) {
      throw vars.dataError("neuroExam", "was refused: " + e.errors());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("neuroExam", exam);
    out.put("iceScore", exam.get("ice"));
    out.put("capdScore", exam.get("capd"));
    return out;
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
