package org.pathway.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.pathway.PathwayProperties;
import org.pathway.clinical.DecisionInputs;
import org.pathway.clinical.LabResult;
import org.pathway.clinical.ReceivedLab;
import org.pathway.store.AssessmentRepository;
import org.pathway.store.AuditLog;
import org.pathway.store.Enrollment;
import org.pathway.store.LabResultRepository;
import org.pathway.store.PatientRepository;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores checked lab results and, in the same transaction, the message that wakes each patient's
 * pathway: either all of it is stored or none of it. A result already stored under the same source
 * identity and version is a duplicate and stored once; a newer version supersedes the older. A
 * retraction (reference §5.2 "Retracted and censored results") is one more row of the result it
 * names, audited in the same transaction, and flags the assessments that may have used the result.
 */
@Service
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

  /** A retraction the store cannot take: the result it names was never stored, or was final. */
  public static final class RetractionRefused extends RuntimeException {
    private final boolean unknownResult;
    private final int index;

    RetractionRefused(String message, boolean unknownResult, int index) {
      super(message);
      this.unknownResult = unknownResult;
      this.index = index;
    }

    /** Whether no result with the identifier is stored (else: a cancellation of a final result). */
    public boolean unknownResult() {
      return unknownResult;
    }

    /** Which delivery of the batch it was. */
    public int index() {
      return index;
    }
  }

  /**
   * One result to store: whose, what, from where, with which status; a retraction has no lab. The
   * source identity is required: without it the same result sent twice would be stored twice and
   * could never be corrected or retracted.
   */
  public record Delivery(
      String patientId, ReceivedLab lab, LabResultRepository.Source source, String status) {
    public Delivery {
      java.util.Objects.requireNonNull(source, "a result's source identity");
    }

    public boolean retracts() {
      return LabResultRepository.RETRACTIONS.contains(status);
    }
  }

  /**
   * What happened to each delivery, in order: stored, or already stored; and the stored version
   * it is (the new one, or the one delivered before). {@code notAssessed}: for each patient whose
   * pathway has completed, what the sender is told ({@link Enrollment#notAssessed}).
   */
  public record Accepted(
      String batchId, List<Boolean> stored, List<LabResultRepository.Version> versions, Instant receivedAt,
      Map<String, String> notAssessed) {
    public int storedCount() {
      return (int) stored.stream().filter(s -> s).count();
    }
  }

  private final PatientRepository patients;
  private final LabResultRepository labs;
  private final WakeUps wakeUps;
  private final AssessmentRepository assessments;
  private final AuditLog audit;
  private final PathwayProperties properties;
  private final Clock clock;

  public LabIntakeService(
      PatientRepository patients,
      LabResultRepository labs,
      WakeUps wakeUps,
      AssessmentRepository assessments,
      AuditLog audit,
      PathwayProperties properties,
      Clock clock) {
    this.patients = patients;
    this.labs = labs;
    this.wakeUps = wakeUps;
    this.assessments = assessments;
    this.audit = audit;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * The result's time checked against the patient's course and this service's clock (refused in
   * the future beyond the allowed clock skew; flagged NOT_CURRENT before anything a criterion
   * reads), by every door before {@link #store}.
   */
  public ReceivedLab timed(ReceivedLab lab, Enrollment enrolled) throws ReceivedLab.Implausible {
    return lab.timed(
        DecisionInputs.earliestCurrent(enrolled.patient(), properties.rules().featurePolicy()),
        clock.instant(),
        properties.intake().clockSkew());
  }

  @Transactional
  public Accepted store(List<Delivery> deliveries) {
    Map<String, String> notAssessed = new java.util.HashMap<>();
    Set<String> known = new LinkedHashSet<>();
    for (int i = 0; i < deliveries.size(); i++) {
      String patientId = deliveries.get(i).patientId();
      if (!known.contains(patientId)) {
        Optional<Enrollment> enrolled = patients.find(patientId);
        if (enrolled.isEmpty()) {
          throw new UnknownPatient(patientId, i);
        }
        String told = enrolled.get().notAssessed();
        if (told != null) {
          notAssessed.put(patientId, told);
        }
        known.add(patientId);
      }
    }
    Instant now = clock.instant();
    String batchId = UUID.randomUUID().toString();
    List<Boolean> stored = new ArrayList<>();
    List<LabResultRepository.Version> versions = new ArrayList<>();
    Set<String> woken = new LinkedHashSet<>();
    for (int i = 0; i < deliveries.size(); i++) {
      Delivery d = deliveries.get(i);
      Optional<Long> row = d.retracts() ? retract(d, i, now) : storeResult(d, now);
      boolean isNew = row.isPresent();
      stored.add(isNew);
      versions.add(
          labs.version(d.patientId(), d.retracts() ? d.source().retraction(d.status()) : d.source()).orElseThrow());
      if (isNew) {
        woken.add(d.patientId());
      }
    }
    for (String patientId : woken) {
      wakeUps.labResults(patientId, batchId, now);
    }
    return new Accepted(batchId, List.copyOf(stored), List.copyOf(versions), now, Map.copyOf(notAssessed));
  }

  private Optional<Long> storeResult(Delivery d, Instant now) {
    Optional<Long> row = labs.insertIfNew(d.patientId(), d.lab(), d.source(), d.status(), now);
    if (row.isPresent()) {
      labs.supersedeOlderVersions(d.patientId(), d.source());
    }
    return row;
  }

  /** Why a retraction cannot be stored, if it cannot (checked again by {@link #store}). */
  public Optional<RetractionRefused> refusal(Delivery d, int index) {
    List<String> statuses = labs.statuses(d.patientId(), d.source());
    String identifier = d.source().identifier();
    if (statuses.isEmpty()) {
      return Optional.of(new RetractionRefused(
          "no result with identifier '" + identifier + "' is stored for patient '" + d.patientId()
              + "': nothing to retract", true, index));
    }
    if ("cancelled".equals(d.status()) && statuses.stream().anyMatch(LabResultRepository.GRADED::contains)) {
      return Optional.of(new RetractionRefused(
          "result '" + identifier + "' was final: a final result is retracted as entered-in-error, not cancelled",
          false, index));
    }
    return Optional.empty();
  }

  private Optional<Long> retract(Delivery d, int index, Instant now) {
    refusal(d, index).ifPresent(r -> {
      throw r;
    });
    Optional<Long> row = labs.insertRetraction(d.patientId(), d.source(), d.status(), now);
    if (row.isEmpty()) {
      return row; // the same retraction delivered again
    }
    String identifier = d.source().identifier();
    List<String> flagged = assessments.flagRetracted(d.patientId(), identifier, labs.firstReceived(d.patientId(), d.source()))
        .stream()
        .map(a -> "D+" + a.dayPostInfusion() + " at " + a.assessedAt() + (a.suspected() ? " (suspected)" : ""))
        .toList();
    Authentication caller = SecurityContextHolder.getContext().getAuthentication();
    audit.append(new AuditLog.Event(
        now,
        caller == null ? "intake" : caller.getName(),
        null,
        "lab.retracted",
        "lab-result/" + identifier,
        d.patientId(),
        "SUCCESS",
        null,
        d.status() + "; assessments that used it, flagged for review: " + flagged));
    return row;
  }

  /** The digest input of a result: what makes two deliveries the same version. */
  public static String content(String status, LabResult r) {
    return status + "|" + r.loinc() + "|" + r.value().toPlainString() + "|" + r.unit() + "|" + r.at() + "|"
        + r.low() + "|" + r.high()
        // only bounds carry it, so the versions of results stored before comparators did are unchanged
        + (r.comparator() == null ? "" : "|" + r.comparator());
  }

  /**
   * A source identity with the sender's version, else a digest of the content, so that the same
   * result sent again is recognised and a changed one (amended, corrected) is a new version. A
   * digest contains ':', which a FHIR id (meta.versionId) and a contract version cannot.
   */
  public static LabResultRepository.Source source(String system, String id, String version, String content) {
    if (version != null) {
      return new LabResultRepository.Source(system, id, version);
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return new LabResultRepository.Source(system, id, "sha256:" + HexFormat.of().formatHex(hash, 0, 12));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
