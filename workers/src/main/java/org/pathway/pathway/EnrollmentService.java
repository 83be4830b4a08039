package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.pathway.model.PathwayModel.Vars.*;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.pathway.PathwayProperties;
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
  public static final class EngineUnavailable extends RuntimeException {
    public EngineUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

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

    Map<String, Object> variables = new HashMap<>();
    variables.put(PATIENT_ID, patient.id());
    variables.put(WARD, ward);
    variables.put(INFUSION_AT, patient.infusionAt().toString());
    variables.put(ENROLLED_AT, now.toString());
    variables.put(MONITORING_DAYS, days);
    variables.put(DAILY_DRAW_TIME, properties.monitoring().dailyDrawTime().toString());
    variables.put(WARD_TIME_ZONE, properties.monitoring().wardTimeZone().getId());
    variables.put(RESULTS_SLA, properties.monitoring().resultsSla().toString());
    // a physician's review (e.g. of CRS the vitals cannot grade) is due, and then overdue, after this
    variables.put(PHYSICIAN_TASK_WITHIN, properties.episodes().physicianTaskWithin().toString());
    variables.put(THERAPY_CLASS, patient.therapyClass().name());
    variables.put(AGE_YEARS, patient.ageYears());
    variables.put(WEIGHT_KG, patient.weightKg());
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
