package org.pathway.pathway;

import static org.pathway.model.PathwayModel.Vars.*;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pathway.PathwayProperties;
import org.pathway.clinical.HomeReading;
import org.pathway.clinical.InputError;
import org.pathway.clinical.TimelineParser;
import org.pathway.model.PathwayModel;
import org.pathway.store.BedsideRepository;
import org.pathway.store.Enrollment;
import org.pathway.store.PatientRepository;
import org.springframework.stereotype.Component;

/**
 * The inputs of dmn/home-monitoring-trigger.dmn for one stored home reading (reference §12.1): its
 * values, the patient's baseline systolic pressure and the fall from it, how long a fever has
 * lasted in the home readings, and the unknown-baseline policy; with the reading as the nurse reads
 * it and when the tasks it may raise are due. Reads only what is stored at and before the reading,
 * so a job delivered again computes the same.
 */
@Component
public class AssessHomeReadingWorker {

  /** What the decision and the tasks read. */
  public record Assessed(
      @JsonProperty(HOME_READING) Map<String, Object> homeReading,
      @JsonProperty(HOME_READING_SUMMARY) String homeReadingSummary,
      @JsonProperty(ASSESSMENT_DAY) int assessmentDay,
      @JsonProperty(RECONTACT_DUE_AT) String recontactDueAt,
      @JsonProperty(REVIEW_DUE_AT) String reviewDueAt) {}

  private final PatientRepository patients;
  private final BedsideRepository bedside;
  private final PathwayProperties properties;
  private final ObjectMapper json;
  private final Clock clock;

  public AssessHomeReadingWorker(
      PatientRepository patients,
      BedsideRepository bedside,
      PathwayProperties properties,
      ObjectMapper json,
      Clock clock) {
    this.patients = patients;
    this.bedside = bedside;
    this.properties = properties;
    this.json = json;
    this.clock = clock;
  }

  @JobWorker(type = PathwayModel.JobTypes.ASSESS_HOME_READING, fetchVariables = {PATIENT_ID, HOME_READING_KEY})
  public Assessed assess(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String patientId = vars.string(PATIENT_ID);
    String key = vars.string(HOME_READING_KEY);
    Enrollment enrollment =
        patients.find(patientId).orElseThrow(() -> vars.dataError(PATIENT_ID, "names no enrolled patient"));
    List<BedsideRepository.Entry> entries = bedside.entries(patientId, BedsideRepository.Kind.HOME_READING);
    int index = -1;
    ObjectNode stored = json.createObjectNode();
    ArrayNode array = stored.putArray(TimelineParser.HOME_READINGS);
    for (int i = 0; i < entries.size(); i++) {
      array.add(read(entries.get(i).payloadJson()));
      if (key.equals(entries.get(i).sourceKey())) {
        index = i;
      }
    }
    if (index < 0) {
      throw vars.dataError(HOME_READING_KEY, "names no stored home reading of " + patientId);
    }
    Map.Entry<List<HomeReading>, List<InputError>> parsed = TimelineParser.homeReadings(stored);
    if (!parsed.getValue().isEmpty()) {
      throw new IllegalStateException("stored home readings of " + patientId + " are not valid: " + parsed.getValue());
    }
    List<HomeReading> readings = parsed.getKey();
    HomeReading reading = readings.get(index);
    Optional<HomeReading.Baseline> baseline =
        HomeReading.baseline(readings, enrollment.patient().infusionAt(), reading.at());
    Optional<HomeReading.FeverRun> fever = HomeReading.feverRun(readings, index);

    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("at", reading.at().toString());
    inputs.put("temperatureC", reading.temperatureC());
    inputs.put("temperatureText", temperatureText(reading));
    inputs.put("systolicBp", reading.systolicBp());
    inputs.put("spo2", reading.spo2());
    inputs.put("newOrthostaticSymptoms", reading.newOrthostaticSymptoms());
    inputs.put("confusion", reading.confusion());
    inputs.put("baselineSystolicBp", baseline.map(HomeReading.Baseline::systolicBp).orElse(null));
    inputs.put("sbpFallFromBaseline",
        baseline.isPresent() && reading.systolicBp() != null
            ? baseline.get().systolicBp().subtract(reading.systolicBp())
            : null);
    inputs.put("feverSince", fever.map(f -> f.since().toString()).orElse(null));
    inputs.put("feverHours", fever.map(HomeReading.FeverRun::hours).orElse(null));
    inputs.put("feverHoursBefore", fever.map(HomeReading.FeverRun::hoursBefore).orElse(null));
    inputs.put("belowNinetyWithoutBaseline", properties.homeMonitoring().belowNinetyWithoutBaseline());

    Instant now = clock.instant();
    int day = (int) enrollment.patient().dayPostInfusion(reading.at());
    return new Assessed(
        inputs,
        summary(reading, day, baseline, fever),
        day,
        now.plus(properties.homeMonitoring().recontactWithin()).toString(),
        now.plus(properties.episodes().physicianTaskWithin()).toString());
  }

  private static String temperatureText(HomeReading r) {
    if (r.temperature() == null) {
      return null;
    }
    String celsius = r.temperatureC().setScale(1, java.math.RoundingMode.HALF_UP).toPlainString() + " °C";
    return "[degF]".equals(r.temperature().unit())
        ? celsius + " (" + r.temperature().value().toPlainString() + " °F)"
        : r.temperature().value().toPlainString() + " °C";
  }

  /** The reading as the nurse reads it on the task: what was measured, and what was not. */
  private static String summary(
      HomeReading r, int day, Optional<HomeReading.Baseline> baseline, Optional<HomeReading.FeverRun> fever) {
    List<String> parts = new ArrayList<>();
    parts.add("Temperature: " + (r.temperature() == null ? "not taken" : temperatureText(r))
        + fever.filter(f -> f.hoursBefore() != null).map(f -> ", fever since " + f.since()).orElse(""));
    parts.add("Systolic BP: " + (r.systolicBp() == null ? "not taken" : plain(r.systolicBp()) + " mmHg")
        + baseline.map(b -> " (baseline " + plain(b.systolicBp()) + " mmHg, "
            + (b.marked() ? "marked baseline of " : "before the first dose, ") + b.at() + ")")
            .orElse(" (no baseline known)"));
    parts.add("SpO₂: " + (r.spo2() == null ? "not taken" : plain(r.spo2()) + " %"));
    parts.add("New orthostatic symptoms: " + answer(r.newOrthostaticSymptoms()));
    parts.add("Confusion: " + answer(r.confusion()));
    return "Home reading of " + r.at() + " (day " + day + ")\n" + String.join("\n", parts);
  }

  private static String plain(BigDecimal v) {
    return v.stripTrailingZeros().toPlainString();
  }

  private static String answer(Boolean b) {
    return b == null ? "not reported" : b ? "yes" : "no";
  }

  private com.fasterxml.jackson.databind.JsonNode read(String payload) {
    try {
      return json.readTree(payload);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a stored home reading is not JSON", e);
    }
  }
}
