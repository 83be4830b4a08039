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
import java.util.Map;
import org.pathway.clinical.Patient;
import org.pathway.model.PathwayModel;
import org.springframework.stereotype.Component;

/**
 * The next dose of the dosing cycle: from the product's verified schedule row
 * (dmn/tce-dosing-schedule: mg/kg times the patient's weight, days after the previous dose) or, for
 * a product without one, from the physician's plan (forms/plan-next-dose.form). The first dose is
 * due at the start of treatment (the contract's infusionAt: the first step-up dose for TCE); a
 * restarted or repeated dose at once.
 */
@Component
public class PlanNextDoseWorker {

  /** The dose the nurse is asked to give, and when. */
  public record Planned(
      @JsonProperty(PLANNED_DOSE) Map<String, Object> plannedDose,
      @JsonProperty(DOSE_DUE_NOW) boolean doseDueNow,
      @JsonProperty(DAY_POST_INFUSION) long dayPostInfusion) {}

  private final Clock clock;

  public PlanNextDoseWorker(Clock clock) {
    this.clock = clock;
  }

  @JobWorker(type = PathwayModel.JobTypes.PLAN_NEXT_DOSE)
  public Planned plan(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    Instant now = clock.instant();
    Instant infusionAt = vars.instant(INFUSION_AT);
    int step = vars.integer(DOSE_STEP);
    Map<String, Object> schedule = vars.map(SCHEDULED_DOSE);
    Map<String, Object> dose = new LinkedHashMap<>();
    dose.put("step", step);
    int daysAfterPrevious;
    if (Boolean.TRUE.equals(schedule.get("known"))) {
      BigDecimal mgPerKg = vars.decimal(SCHEDULED_DOSE + ".mgPerKg", schedule.get("mgPerKg"));
      BigDecimal weightKg = vars.decimal(WEIGHT_KG);
      dose.put("name", schedule.get("doseName"));
      dose.put("mgPerKg", mgPerKg);
      // exact: the product of two decimals; rounding to what can be drawn up is the pharmacy's
      dose.put("doseMg", mgPerKg.multiply(weightKg));
      dose.put("pretreatment", Boolean.TRUE.equals(schedule.get("pretreatment")));
      dose.put("monitoringHours", vars.decimal(SCHEDULED_DOSE + ".monitoringHours", schedule.get("monitoringHours")));
      daysAfterPrevious = vars.decimal(SCHEDULED_DOSE + ".daysAfterPrevious", schedule.get("daysAfterPrevious")).intValueExact();
    } else {
      dose.put("name", "Dose " + step + " as the physician planned it");
      dose.put("mgPerKg", null);
      dose.put("doseMg", vars.decimal(PLANNED_DOSE_MG));
      dose.put("pretreatment", "YES".equals(vars.raw(PLAN_PRETREATMENT)));
      dose.put("monitoringHours", vars.decimal(PLAN_MONITORING_HOURS));
      daysAfterPrevious = vars.decimal(PLANNED_DAYS_AFTER_PREVIOUS).intValue();
    }
    dose.put("source", schedule.get("source"));
    Object lastDoseAt = vars.raw(LAST_DOSE_AT);
    Instant due;
    if (Boolean.TRUE.equals(vars.raw(DOSE_DUE_NOW))) {
      due = now;
    } else if (lastDoseAt == null) {
      due = infusionAt;
    } else {
      due = vars.instant(LAST_DOSE_AT).plus(Duration.ofDays(daysAfterPrevious));
    }
    dose.put("dueAt", due.toString());
    return new Planned(dose, false, Patient.dayPostInfusion(infusionAt, now));
  }
}
