package org.pathway.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.pathway.PathwayProperties;
import org.pathway.clinical.PlausibilityLimits;
import org.pathway.clinical.ReceivedLab;
import org.pathway.clinical.Timeline;
import org.pathway.clinical.InputError;
import org.pathway.clinical.TimelineParser;
import org.pathway.store.BedsideRepository;
import org.pathway.store.Enrollment;
import org.pathway.store.PatientRepository;
import org.pathway.store.PatientTimelines;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Vitals, neuro exams, treatments and findings in the evaluation contract's shapes. Each batch is
 * validated by the timeline parser itself, inside a timeline of the stored patient, so what is
 * accepted here is exactly what ./pathway evaluate accepts; all of a batch is stored or none of it.
 */
@Service
public class BedsideIntakeService {

  /** The batch was refused: what is wrong, by JSON pointer into the request body. */
  public static final class Refused extends RuntimeException {
    private final List<InputError> errors;

    public Refused(List<InputError> errors) {
      super("refused: " + errors);
      this.errors = errors;
    }

    public List<InputError> errors() {
      return errors;
    }
  }

  private final PatientRepository patients;
  private final PatientTimelines timelines;
  private final BedsideRepository bedside;
  private final WakeUps wakeUps;
  private final com.fasterxml.jackson.databind.ObjectMapper json;
  private final PathwayProperties properties;
  private final Clock clock;

  public BedsideIntakeService(
      PatientRepository patients,
      PatientTimelines timelines,
      BedsideRepository bedside,
      WakeUps wakeUps,
      com.fasterxml.jackson.databind.ObjectMapper json,
      PathwayProperties properties,
      Clock clock) {
    this.patients = patients;
    this.timelines = timelines;
    this.bedside = bedside;
    this.wakeUps = wakeUps;
    this.json = json;
    this.properties = properties;
    this.clock = clock;
  }

  /** Refuses the batch when an entry's time lies beyond the clock-skew allowance ahead of now. */
  static void refuseFutureTimes(String field, List<Instant> times, Instant now, java.time.Duration skew) {
    List<InputError> future = new java.util.ArrayList<>();
    for (int i = 0; i < times.size(); i++) {
      try {
        PlausibilityLimits.checkNotFuture(times.get(i), now, skew);
      } catch (ReceivedLab.Implausible e) {
        future.add(new InputError("/" + field + "/" + i + "/at", e.getMessage()));
      }
    }
    if (!future.isEmpty()) {
      throw new Refused(future);
    }
  }

  /**
   * How many entries were stored, and what the sender is told when the patient's pathway has
   * completed ({@link Enrollment#notAssessed}; null while it runs).
   */
  public record Stored(int count, String notAssessed) {}

  /** Stores the entries under {@code body.get(kind.field())}. */
  @Transactional
  public Stored store(String patientId, BedsideRepository.Kind kind, JsonNode body) {
    return store(patientId, kind, body, null);
  }

  /** One entry a pathway step recorded (a form's values as a contract entry), once per source key. */
  @Transactional
  public void storeEntry(String patientId, BedsideRepository.Kind kind, Object entry, String sourceKey) {
    ObjectNode body = json.createObjectNode();
    body.set(kind.field(), json.createArrayNode().add(json.valueToTree(entry)));
    store(patientId, kind, body, sourceKey);
  }

  /**
   * As {@link #store(String, BedsideRepository.Kind, JsonNode)}, for a pathway step: with its
   * source key, the entries (one per key) are stored once however often the step runs.
   */
  @Transactional
  public Stored store(String patientId, BedsideRepository.Kind kind, JsonNode body, String sourceKey) {
    Enrollment enrollment =
        patients.find(patientId).orElseThrow(() -> new LabIntakeService.UnknownPatient(patientId, 0));
    JsonNode entries = body == null ? null : body.get(kind.field());
    if (entries == null || !entries.isArray() || entries.isEmpty()) {
      throw new Refused(List.of(new InputError("/" + kind.field(), "must be a non-empty array")));
    }
    ObjectNode doc = timelines.skeleton(enrollment.patient());
    doc.set(kind.field(), entries);
    TimelineParser.Parsed parsed = TimelineParser.parse(doc);
    if (!parsed.ok()) {
      throw new Refused(parsed.errors());
    }
    Timeline t = parsed.timeline();
    List<Instant> times =
        switch (kind) {
          case VITALS -> t.vitals().stream().map(Timeline.Vitals::at).toList();
          case NEURO -> t.neuro().stream().map(Timeline.NeuroExam::at).toList();
          case TREATMENT -> t.treatments().stream().map(Timeline.Treatment::at).toList();
          case FINDING -> t.findings().stream().map(Timeline.Finding::at).toList();
          case HOME_READING -> throw new IllegalArgumentException("home readings: HomeReadingIntakeService");
        };
    Instant now = clock.instant();
    refuseFutureTimes(kind.field(), times, now, properties.intake().clockSkew());
    int stored = 0;
    for (int i = 0; i < entries.size(); i++) {
      String key = sourceKey == null ? null : entries.size() == 1 ? sourceKey : sourceKey + "/" + i;
      // what the contract defines is stored, a sender's other fields are not
      String entry = TimelineParser.known(kind.field(), entries.get(i)).toString();
      stored += bedside.insert(patientId, kind, times.get(i), entry, now, key) ? 1 : 0;
    }
    if (stored > 0) {
      // in the same transaction: the pathway grades CRS and ICANS once the entries are in
      wakeUps.bedsideObservations(patientId, kind == BedsideRepository.Kind.FINDING, now);
    }
    return new Stored(stored, enrollment.notAssessed());
  }
}
