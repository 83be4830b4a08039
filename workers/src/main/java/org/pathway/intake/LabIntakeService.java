package org.pathway.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.pathway.clinical.LabResult;
import org.pathway.pathway.PathwayModel;
import org.pathway.pathway.PublishesMessage;
import org.pathway.store.LabResultRepository;
import org.pathway.store.OutboxRepository;
import org.pathway.store.PatientRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a batch of lab results and, in the same transaction, the message that wakes the patient's
 * pathway: either both are stored or neither.
 */
@Service
@PublishesMessage(PathwayModel.Messages.LAB_RESULTS_RECEIVED)
public class LabIntakeService {

  /** The batch names a patient that is not enrolled. */
  public static final class UnknownPatient extends RuntimeException {
    public UnknownPatient(String patientId) {
      super("patient '" + patientId + "' is not enrolled");
    }
  }

  public record Accepted(String batchId, int stored, Instant receivedAt) {}

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
  public Accepted store(String patientId, List<LabResult> results) {
    if (patients.find(patientId).isEmpty()) {
      throw new UnknownPatient(patientId);
    }
    Instant now = clock.instant();
    String batchId = UUID.randomUUID().toString();
    for (LabResult result : results) {
      labs.insert(patientId, result, now);
    }
    outbox.enqueue(
        PathwayModel.Messages.LAB_RESULTS_RECEIVED,
        patientId,
        "labs-" + batchId,
        write(Map.of(PathwayModel.Vars.LAB_BATCH_ID, batchId)),
        now);
    return new Accepted(batchId, results.size(), now);
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
