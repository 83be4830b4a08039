package org.pathway.store;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Vitals, neuro exams, treatments and findings, each kept in the contract's JSON shape. */
@Repository
public class BedsideRepository {

  public enum Kind {
    VITALS("vitals"),
    NEURO("neuro"),
    TREATMENT("treatments"),
    FINDING("findings");

    private final String field;

    Kind(String field) {
      this.field = field;
    }

    /** The timeline field these entries belong to. */
    public String field() {
      return field;
    }
  }

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

  /** The stored entries of one kind as JSON text, in time order. */
  public List<String> payloads(String patientId, Kind kind) {
    return jdbc.sql(
            "select payload from bedside_entry where patient_id = :patient and kind = :kind"
                + " order by observed_at, id")
        .param("patient", patientId)
        .param("kind", kind.name())
        .query(String.class)
        .list();
  }
}
