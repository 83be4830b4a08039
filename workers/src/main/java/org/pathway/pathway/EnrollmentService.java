package org.pathway.pathway;

import org.pathway.model.PathwayModel;

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
 * Enrolls a patient and starts the monitoring pathway. The patient row and the pathway start
 * succeed together: if the engine cannot start the pathway the enrollment is rolled back, so the
 * caller can simply retry.
 */
@Service
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
      @JsonProperty(THERAPY_CLASS) String therapyClass,
      @JsonProperty(AGE_YEARS) BigDecimal ageYears,
      @JsonProperty(WEIGHT_KG) BigDecimal weightKg) {}

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
    Enrollment enrollment = new Enrollment(patient, ward, days, now, null);
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
    return new Enrollment(patient, ward, days, now, instance.getProcessInstanceKey());
  }
}
