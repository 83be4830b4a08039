package org.pathway.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.pathway.PathwayProperties;
import org.pathway.clinical.HomeReading;
import org.pathway.clinical.InputError;
import org.pathway.clinical.TimelineParser;
import org.pathway.store.BedsideRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Home-monitoring readings of outpatient step-up dosing (reference §12.1), as the bedside API
 * takes them ({@code {"homeReadings": [...]}}). A batch is stored whole or refused whole with every
 * error named; a reading sent again (a device retrying) is stored and assessed once. Each new
 * reading wakes the pathway, which assesses it (dmn/home-monitoring-trigger.dmn).
 */
@Service
public class HomeReadingIntakeService {

  private static final BedsideRepository.Kind KIND = BedsideRepository.Kind.HOME_READING;

  private final org.pathway.store.PatientRepository patients;
  private final BedsideRepository bedside;
  private final WakeUps wakeUps;
  private final PathwayProperties properties;
  private final Clock clock;

  public HomeReadingIntakeService(
      org.pathway.store.PatientRepository patients,
      BedsideRepository bedside,
      WakeUps wakeUps,
      PathwayProperties properties,
      Clock clock) {
    this.patients = patients;
    this.bedside = bedside;
    this.wakeUps = wakeUps;
    this.properties = properties;
    this.clock = clock;
  }

  /** Stores the readings not stored before; counts the new ones. */
  @Transactional
  public BedsideIntakeService.Stored store(String patientId, JsonNode body) {
    org.pathway.store.Enrollment enrollment =
        patients.find(patientId).orElseThrow(() -> new LabIntakeService.UnknownPatient(patientId, 0));
    JsonNode entries = body == null ? null : body.get(TimelineParser.HOME_READINGS);
    if (entries == null || !entries.isArray() || entries.isEmpty()) {
      throw new BedsideIntakeService.Refused(
          List.of(new InputError("/" + TimelineParser.HOME_READINGS, "must be a non-empty array")));
    }
    Map.Entry<List<HomeReading>, List<InputError>> parsed = TimelineParser.homeReadings(body);
    if (!parsed.getValue().isEmpty()) {
      throw new BedsideIntakeService.Refused(parsed.getValue());
    }
    List<HomeReading> readings = parsed.getKey();
    Instant now = clock.instant();
    BedsideIntakeService.refuseFutureTimes(TimelineParser.HOME_READINGS,
        readings.stream().map(HomeReading::at).toList(), now, properties.intake().clockSkew());
    int stored = 0;
    for (int i = 0; i < readings.size(); i++) {
      // what is defined is stored, a sender's other fields are not
      String entry = TimelineParser.known(TimelineParser.HOME_READINGS, entries.get(i)).toString();
      String key = sourceKey(patientId, readings.get(i).at(), entry);
      if (bedside.insert(patientId, KIND, readings.get(i).at(), entry, now, key)) {
        // in the same transaction: the pathway assesses the reading once it is in
        wakeUps.homeReading(patientId, key, now);
        stored++;
      }
    }
    return new BedsideIntakeService.Stored(stored, enrollment.notAssessed());
  }

  /**
   * A reading's identity: the patient, its time and what it says. The same reading sent again is
   * the same; a different reading at the same time is another one, kept too.
   */
  static String sourceKey(String patientId, Instant at, String entry) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((patientId + "\n" + at + "\n" + entry).getBytes(StandardCharsets.UTF_8));
      return "home-reading/" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
