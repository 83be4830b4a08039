package org.pathway.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.pathway.clinical.ReceivedLab;
import org.pathway.pathway.PathwayModel;
import org.pathway.pathway.PublishesMessage;
import org.pathway.store.LabResultRepository;
import org.pathway.store.OutboxRepository;
import org.pathway.store.PatientRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores checked lab results and, in the same transaction, the message that wakes each patient's
 * pathway: either all of it is stored or none of it. A result already stored under the same source
 * identity and version is a duplicate and stored once; a newer version supersedes the older.
 */
@Service
@PublishesMessage(PathwayModel.Messages.LAB_RESULTS_RECEIVED)
public class LabIntakeService {

  /** A delivery names a patient that is not enrolled. */
  public static final class UnknownPatient extends RuntimeException {
    private final int index;

    public UnknownPatient(String patientId, int index) {
      super("patient '" + patientId + "' is not enrolled");
      this.index = index;
    }

    /** Which delivery of the batch named the patient. */
    public int index() {
      return index;
    }
  }

  /** One result to store: whose, what, from where, with which status. */
  public record Delivery(
      String patientId, ReceivedLab lab, LabResultRepository.Source source, String status) {}

  /**
   * What happened to each delivery, in order: stored, or already stored; and the stored version
   * it is (the new one, or the one delivered before).
   */
  public record Accepted(
      String batchId, List<Boolean> stored, List<LabResultRepository.Version> versions, Instant receivedAt) {
    public int storedCount() {
      return (int) stored.stream().filter(s -> s).count();
    }
  }

  private final PatientRepository patients;
  private final LabResultRepository labs;
  private final OutboxRepository outbox;
  private final ObjectMapper json;
  private final Clock clock;

  public LabIntakeService(
      PatientRepository patients,
      LabResultRepository labs,
      OutboxRepository outbox,
      ObjectMapper json,
      Clock clock) {
    this.patients = patients;
    this.labs = labs;
    this.outbox = outbox;
    this.json = json;
    this.clock = clock;
  }

  @Transactional
  public Accepted store(List<Delivery> deliveries) {
    Set<String> known = new LinkedHashSet<>();
    for (int i = 0; i < deliveries.size(); i++) {
      String patientId = deliveries.get(i).patientId();
      if (!known.contains(patientId)) {
        if (patients.find(patientId).isEmpty()) {
          throw new UnknownPatient(patientId, i);
        }
        known.add(patientId);
      }
    }
    Instant now = clock.instant();
    String batchId = UUID.randomUUID().toString();
    List<Boolean> stored = new ArrayList<>();
    List<LabResultRepository.Version> versions = new ArrayList<>();
    Set<String> woken = new LinkedHashSet<>();
    for (Delivery d : deliveries) {
      Optional<Long> row = labs.insertIfNew(d.patientId(), d.lab(), d.source(), d.status(), now);
      boolean isNew = row.isPresent();
      if (isNew && d.source() != null) {
        labs.supersedeOlderVersions(d.patientId(), d.source());
      }
      stored.add(isNew);
      // without a source identity every delivery is a result of its own (never a duplicate)
      versions.add(d.source() == null
          ? new LabResultRepository.Version(row.orElseThrow(), 1)
          : labs.version(d.patientId(), d.source()).orElseThrow());
      if (isNew) {
        woken.add(d.patientId());
      }
    }
    for (String patientId : woken) {
      outbox.enqueue(
          PathwayModel.Messages.LAB_RESULTS_RECEIVED,
          patientId,
          "labs-" + batchId + "-" + patientId,
          write(Map.of(PathwayModel.Vars.LAB_BATCH_ID, batchId)),
          now);
    }
    return new Accepted(batchId, List.copyOf(stored), List.copyOf(versions), now);
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
