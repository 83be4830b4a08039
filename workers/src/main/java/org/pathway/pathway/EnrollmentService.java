package org.pathway.pathway;

import org.pathway.model.PathwayModel;
import org.pathway.model.PublishesMessage;

import static org.pathway.model.PathwayModel.Vars.*;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import java.time.Clock;
import java.time.Duration;
import java.math.BigDecimal;
import java.time.Instant;
import org.pathway.PathwayProperties;
import org.pathway.engine.EngineUnavailable;
import org.pathway.clinical.Patient;
import org.pathway.store.Enrollment;
import org.pathway.store.PatientRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Enrolls a patient and starts the monitoring pathway, and for a T-cell engager or checkpoint
 * inhibitor the dosing cycle beside it. The patient row and the starts succeed together: if the
 * engine cannot start them the enrollment is rolled back (a monitoring instance already started is
 * cancelled), so the caller can simply retry.
 */
@Service
@PublishesMessage(PathwayModel.Messages.DOSING_CYCLE_REQUESTED)
public class EnrollmentService {

  /** The pathway could not be started; nothing was stored. */

  /** The monitoring pathway's start variables; times and durations as ISO-8601 text. */
  public record MonitoringStart(
      @JsonProperty(PATIENT_ID) String patientId,
      @JsonProperty(WARD) String ward,
      @JsonProperty(INFUSION_AT) String infusionAt,
      @JsonProperty(ENROLLED_AT) String enrolledAt,
      @JsonProperty(MONITORING_DAYS) int monitoringDays,
      @JsonProperty(DAILY_DRAW_TIME) String dailyDrawTime,
      @JsonProperty(WARD_TIME_ZONE) String wardTimeZone,
      @JsonProperty(RESULTS_SLA) String resultsSla,
      // a physician's review (e.g. of CRS the vitals cannot grade) is due, and then overdue, after this
      @JsonProperty(PHYSICIAN_TASK_WITHIN) String physicianTaskWithin,
      // the day's draw and a chase of missing results are due this long after they are raised
      @JsonProperty(BEDSIDE_TASK_WITHIN) String bedsideTaskWithin,
      @JsonProperty(THERAPY_CLASS) String therapyClass,
      @JsonProperty(AGE_YEARS) BigDecimal ageYears,
      @JsonProperty(WEIGHT_KG) BigDecimal weightKg) {}

  /** The dosing cycle's start variables (bpmn/tce-dosing-cycle.bpmn). */
  public record DosingCycleStart(
      @JsonProperty(PATIENT_ID) String patientId,
      @JsonProperty(WARD) String ward,
      @JsonProperty(INFUSION_AT) String infusionAt,
      @JsonProperty(DAY_POST_INFUSION) long dayPostInfusion,
      @JsonProperty(THERAPY_CLASS) String therapyClass,
      @JsonProperty(PRODUCT) String product,
      @JsonProperty(PRODUCT_KEY) String productKey,
      @JsonProperty(WEIGHT_KG) BigDecimal weightKg,
      @JsonProperty(LABEL_REGION) String labelRegion,
      @JsonProperty(UNVERIFIED_LABEL_ROWS) boolean unverifiedLabelRows,
      @JsonProperty(PERSISTENT_MODERATE_CRS_HOURS) BigDecimal persistentModerateCrsHours,
      @JsonProperty(HOLD_RECHECK) String holdRecheck,
      @JsonProperty(PHYSICIAN_TASK_WITHIN) String physicianTaskWithin,
      @JsonProperty(BEDSIDE_TASK_WITHIN) String bedsideTaskWithin,
      @JsonProperty(DOSE_STEP) int doseStep,
      @JsonProperty(DOSE_DUE_NOW) boolean doseDueNow,
      @JsonProperty(LAST_DOSE_AT) String lastDoseAt,
      @JsonProperty(LAST_DOSE_STEP) Integer lastDoseStep,
      @JsonProperty(COURSE_FROM) String courseFrom,
      @JsonProperty(PREMEDICATE_NEXT_DOSE) boolean premedicateNextDose,
      @JsonProperty(MONITOR_HOURS_NEXT_DOSE) int monitorHoursNextDose) {}

  private final PatientRepository patients;
  private final CamundaClient client;
  private final PathwayProperties properties;
  private final Clock clock;

  public EnrollmentService(
      PatientRepository patients, CamundaClient client, PathwayProperties properties, Clock clock) {
    this.patients = patients;
    this.client = client;
    this.properties = properties;
    this.clock = clock;
  }

  public Instant now() {
    return clock.instant();
  }

  /** Throws DuplicateKeyException when the patient is already enrolled. */
  @Transactional
  public Enrollment enroll(Patient patient, String ward, Integer monitoringDays) {
    int days = monitoringDays == null ? properties.monitoring().daysFor(patient) : monitoringDays;
    Instant now = clock.instant();
    Enrollment enrollment = new Enrollment(patient, ward, days, now, null, null);
    patients.insert(enrollment);

    MonitoringStart variables =
        new MonitoringStart(
            patient.id(),
            ward,
            patient.infusionAt().toString(),
            now.toString(),
            days,
            properties.monitoring().dailyDrawTime().toString(),
            properties.monitoring().wardTimeZone().getId(),
            properties.monitoring().resultsSla().toString(),
            properties.episodes().physicianTaskWithin().toString(),
            properties.episodes().bedsideTaskWithin().toString(),
            patient.therapyClass().name(),
            patient.ageYears(),
            patient.weightKg());
    ProcessInstanceEvent instance;
    try {
      instance =
          client
              .newCreateInstanceCommand()
              .bpmnProcessId(PathwayModel.MONITORING_PROCESS_ID)
              .latestVersion()
              .variables(variables)
              .requestTimeout(Duration.ofSeconds(10))
              .send()
              .join();
    } catch (RuntimeException e) {
      throw new EngineUnavailable(
          "the monitoring pathway could not be started: " + e.getMessage(), e);
    }
    patients.setProcessInstanceKey(patient.id(), instance.getProcessInstanceKey());
    if (properties.dosing().hasDosingCycle(patient)) {
      startDosingCycle(patient, ward, now, instance.getProcessInstanceKey());
    }
    return new Enrollment(patient, ward, days, now, instance.getProcessInstanceKey(), null);
  }

  /**
   * Publishes the cycle's start message. The engine starts one instance per correlation key while
   * one is active, so a retried enrollment cannot start a second cycle for the patient.
   */
  private void startDosingCycle(Patient patient, String ward, Instant now, long monitoringInstance) {
    PathwayProperties.Dosing dosing = properties.dosing();
    DosingCycleStart variables =
        new DosingCycleStart(
            patient.id(),
            ward,
            patient.infusionAt().toString(),
            patient.dayPostInfusion(now),
            patient.therapyClass().name(),
            patient.product(),
            dosing.productKey(patient.product()),
            patient.weightKg(),
            dosing.labelRegion(),
            dosing.unverifiedLabelRows(),
            dosing.persistentModerateCrsHours(),
            dosing.holdRecheck().toString(),
            properties.episodes().physicianTaskWithin().toString(),
            properties.episodes().bedsideTaskWithin().toString(),
            1,
            false,
            null,
            null,
            patient.infusionAt().toString(),
            false,
            0);
    try {
      client
          .newPublishMessageCommand()
          .messageName(PathwayModel.Messages.DOSING_CYCLE_REQUESTED)
          .correlationKey(patient.id())
          .variables(variables)
          .requestTimeout(Duration.ofSeconds(10))
          .send()
          .join();
    } catch (RuntimeException e) {
      try {
        client.newCancelInstanceCommand(monitoringInstance).send().join();
      } catch (RuntimeException cancelFailed) {
        e.addSuppressed(cancelFailed);
      }
      throw new EngineUnavailable("the dosing cycle could not be started: " + e.getMessage(), e);
    }
  }
}
