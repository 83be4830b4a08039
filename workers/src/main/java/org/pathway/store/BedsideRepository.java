package org.pathway.store;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Vitals, neuro exams, treatments and findings, each kept in the contract's JSON shape; and home
 * readings (reference §12.1), kept in their own shape beside them.
 */
@Repository
public class BedsideRepository {

  public enum Kind {
    VITALS("vitals"),
    NEURO("neuro"),
    TREATMENT("treatments"),
    FINDING("findings"),
    /** Not part of iec-timeline/1: the contract's vitals need what a home reading cannot state. */
    HOME_READING("homeReadings", false);

    private final String field;
    private final boolean inTimeline;

    Kind(String field) {
      this(field, true);
    }

    Kind(String field, boolean inTimeline) {
      this.field = field;
      this.inTimeline = inTimeline;
    }

    /** The request's field these entries come in (for the timeline's kinds, its field too). */
    public String field() {
      return field;
    }

    /** Whether these entries are part of the patient's iec-timeline/1 document. */
    public boolean inTimeline() {
      return inTimeline;
    }
  }

  /** A stored entry with the key it was stored under. */
  public record Entry(String sourceKey, String payloadJson) {}

  private final JdbcClient jdbc;

  public BedsideRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores an entry; with a source key, only once per key (false: already stored). */
  public boolean insert(
      String patientId,
      Kind kind,
      Instant observedAt,
      String payloadJson,
      Instant receivedAt,
      String sourceKey) {
    return jdbc.sql(
            """
            insert into bedside_entry (patient_id, kind, observed_at, payload, received_at, source_key)
            values (:patient, :kind, :at, :payload, :received, :source)
            on conflict do nothing
            """)
        .param("patient", patientId)
        .param("kind", kind.name())
        .param("at", PatientRepository.utc(observedAt))
        .param("payload", payloadJson)
        .param("received", PatientRepository.utc(receivedAt))
        .param("source", sourceKey)
        .update()
        == 1;
  }

  /** The stored entries of one kind with their source keys, in time order (then as stored). */
  public List<Entry> entries(String patientId, Kind kind) {
    return jdbc.sql(
            "select source_key, payload from bedside_entry where patient_id = :patient and kind = :kind"
                + " order by observed_at, id")
        .param("patient", patientId)
        .param("kind", kind.name())
        .query((rs, n) -> new Entry(rs.getString("source_key"), rs.getString("payload")))
        .list();
  }

  /** The stored entries of one kind as JSON text, in time order. */
  public List<String> payloads(String patientId, Kind kind) {
    return entries(patientId, kind).stream().map(Entry::payloadJson).toList();
  }
}
