package org.pathway.pathway;

import static org.pathway.model.PathwayModel.FormKeys.*;
import static org.pathway.model.PathwayModel.Vars.*;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.pathway.clinical.Patient;
import org.pathway.intake.BedsideIntakeService;
import org.pathway.model.PathwayModel;
import org.pathway.store.AuditLog;
import org.pathway.store.BedsideRepository;
import org.springframework.stereotype.Component;

/**
 * What the nurse reported at "Give the dose" (forms/give-dose.form). A dose given becomes a
 * treatment of the patient's timeline (with its mg/kg and cycle day, contract 2026-12), and so
 * does a corticosteroid given as pretreatment, so the grading sees them (a steroid masks fever,
 * reference §3.3). Stored once per element instance; never with an active infection (§12.1) or
 * new symptoms the nurse sees, which are recorded and graded first.
 * The monitoring after the dose lasts the schedule's hours, or longer after CRS (dmn/tce-dose-action).
 */
@Component
public class RecordDoseGivenWorker {

  /** The cycle's state after the nurse's report. */
  public record Recorded(
      @JsonProperty(DOSE_RECORDED) boolean doseRecorded,
      @JsonProperty(LAST_DOSE_AT) String lastDoseAt,
      @JsonProperty(LAST_DOSE_STEP) Integer lastDoseStep,
      @JsonProperty(DOSE_STEP) int doseStep,
      @JsonProperty(COURSE_FROM) String courseFrom,
      @JsonProperty(MONITOR_UNTIL) String monitorUntil,
      @JsonProperty(PREMEDICATE_NEXT_DOSE) boolean premedicateNextDose,
      @JsonProperty(MONITOR_HOURS_NEXT_DOSE) BigDecimal monitorHoursNextDose) {}

  private final BedsideIntakeService intake;
  private final AuditLog audit;
  private final Clock clock;

  public RecordDoseGivenWorker(BedsideIntakeService intake, AuditLog audit, Clock clock) {
    this.intake = intake;
    this.audit = audit;
    this.clock = clock;
  }

  @JobWorker(type = PathwayModel.JobTypes.RECORD_DOSE_GIVEN)
  public Recorded record(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String patientId = vars.string(PATIENT_ID);
    int step = vars.integer(DOSE_STEP);
    Map<String, Object> dose = vars.map(PLANNED_DOSE);
    // new symptoms (to be recorded and graded first) or an active infection: not given, whatever else
    boolean notFit = !"NO".equals(vars.string(NEW_SYMPTOMS)) || !"NO".equals(vars.raw(ACTIVE_INFECTION));
    if (notFit || !"GIVEN".equals(vars.raw(DOSE_GIVEN))) {
      // the cycle stays where it is: held, checked again
      return new Recorded(
          false,
          (String) vars.raw(LAST_DOSE_AT),
          vars.optionalInteger(LAST_DOSE_STEP),
          step,
          vars.string(COURSE_FROM),
          null,
          Boolean.TRUE.equals(vars.raw(PREMEDICATE_NEXT_DOSE)),
          vars.decimal(MONITOR_HOURS_NEXT_DOSE));
    }
    Instant givenAt = clock.instant();
    Instant infusionAt = vars.instant(INFUSION_AT);
    String key = "dose/" + job.getElementInstanceKey();
    Map<String, Object> treatment = new LinkedHashMap<>();
    treatment.put("at", givenAt.toString());
    treatment.put("drug", vars.string(PRODUCT).trim().toLowerCase(Locale.ROOT));
    treatment.put("doseMg", dose.get("doseMg"));
    if (dose.get("mgPerKg") != null) {
      treatment.put("doseMgPerKg", dose.get("mgPerKg"));
    }
    treatment.put("cycleDay", Patient.dayPostInfusion(infusionAt, givenAt) + 1);
    treatment.put("indication", "OTHER");
    treatment.put("proposed", false);
    store(vars, patientId, treatment, key);
    Object steroid = vars.raw(PRETREATMENT_STEROID);
    if (steroid instanceof String s && !"NONE".equals(s)) {
      Map<String, Object> pretreatment = new LinkedHashMap<>();
      pretreatment.put("at", givenAt.toString());
      pretreatment.put("drug", s.toLowerCase(Locale.ROOT));
      pretreatment.put("doseMg", vars.raw(PRETREATMENT_STEROID_MG));
      pretreatment.put("indication", "PROPHYLAXIS");
      pretreatment.put("proposed", false);
      store(vars, patientId, pretreatment, key + "/pretreatment");
    }
    boolean pretreatmentRequired =
        Boolean.TRUE.equals(dose.get("pretreatment")) || Boolean.TRUE.equals(vars.raw(PREMEDICATE_NEXT_DOSE));
    BigDecimal hours = vars.decimal(MONITOR_HOURS_NEXT_DOSE).max(decimal(dose.get("monitoringHours")));
    Instant monitorUntil = givenAt.plus(Duration.ofMinutes(hours.multiply(BigDecimal.valueOf(60)).longValue()));
    audit.append(
        new AuditLog.Event(
            givenAt,
            "pathway",
            null,
            "dose.given",
            "process-instance/" + job.getProcessInstanceKey(),
            patientId,
            "SUCCESS",
            "job-" + job.getKey(),
            dose.get("name") + ": " + dose.get("doseMg") + " mg of " + vars.string(PRODUCT)
                + "; pretreatment " + (pretreatmentRequired ? "required" : "not required")
                + ", corticosteroid given: " + (steroid == null ? "NONE" : steroid + " " + vars.raw(PRETREATMENT_STEROID_MG) + " mg")
                + "; monitor until " + monitorUntil));
    return new Recorded(
        true, givenAt.toString(), step, step + 1, givenAt.toString(), monitorUntil.toString(), false, BigDecimal.ZERO);
  }

  private void store(JobVariables vars, String patientId, Map<String, Object> treatment, String key) {
    try {
      intake.storeEntry(patientId, BedsideRepository.Kind.TREATMENT, treatment, key);
    } catch (BedsideIntakeService.Refused e) {
      throw vars.dataError(PLANNED_DOSE, "was refused as a treatment: " + e.errors());
    }
  }

  private static BigDecimal decimal(Object value) {
    return value instanceof Number n ? new BigDecimal(n.toString()) : BigDecimal.ZERO;
  }
}
