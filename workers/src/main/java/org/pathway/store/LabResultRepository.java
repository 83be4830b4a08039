package org.pathway.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pathway.clinical.LabResult;
import org.pathway.clinical.LabSeries;
import org.pathway.clinical.ReceivedLab;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class LabResultRepository {

  /** Where a result came from: its identifier (system and value) and version at the source. */
  public record Source(String system, String id, String version) {
    /** The identifier as the timeline's lab {@code id} carries it: system, "|", value. */
    public String identifier() {
      return system + "|" + id;
    }

    /** A retraction is a row of its own: its version names the status, so it is never the result's. */
    public Source retraction(String status) {
      return new Source(system, id, status + ":" + version);
    }
  }

  /** One stored row, as the history shows it. */
  public record StoredLab(
      long id,
      LabResult result,
      String status,
      List<String> flags,
      Source source,
      Long supersededBy) {}

  /**
   * A stored version of a result, as FHIR names it: the result's id is the row id of its first
   * stored version (every version of one source identity shares it), the version its place among
   * the versions stored, 1 for the first (arrival order, whatever the source calls it).
   */
  public record Version(long resultId, int number) {}

  /** Statuses that are graded; preliminary results are stored but not graded. */
  public static final List<String> GRADED = List.of("final", "amended", "corrected");

  /** Statuses that retract a stored result; cancelled only one that was never final. */
  public static final List<String> RETRACTIONS = List.of("entered-in-error", "cancelled");

  private final JdbcClient jdbc;

  public LabResultRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Stores the result unless the same source identity and version is stored already (a repeated
   * delivery, also from another thread at the same moment). Returns the new row's id, or empty for
   * a duplicate.
   */
  public Optional<Long> insertIfNew(
      String patientId, ReceivedLab lab, Source source, String status, Instant receivedAt) {
    LabResult r = lab.result();
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    int inserted =
        jdbc.sql(
                """
                insert into lab_result (patient_id, loinc, result_value, unit, ref_low, ref_high,
                    observed_at, received_at, source_system, source_id, source_version, status,
                    flags, comparator)
                values (:patient, :loinc, :value, :unit, :low, :high, :at, :received, :system,
                    :sourceId, :version, :status, :flags, :comparator)
                on conflict do nothing
                """)
            .param("patient", patientId)
            .param("loinc", r.loinc())
            .param("value", r.value())
            .param("unit", r.unit())
            .param("low", r.low())
            .param("high", r.high())
            .param("at", PatientRepository.utc(r.at()))
            .param("received", PatientRepository.utc(receivedAt))
            .param("system", source == null ? null : source.system())
            .param("sourceId", source == null ? null : source.id())
            .param("version", source == null ? null : source.version())
            .param("status", status)
            .param("flags", lab.flags().isEmpty() ? null : String.join(",", lab.flags()))
            .param("comparator", r.comparator())
            .update(key, "id");
    return inserted == 0 ? Optional.empty() : Optional.of(key.getKey().longValue());
  }

  /** The stored version of a source result (its identity and version), if stored. */
  public Optional<Version> version(String patientId, Source source) {
    List<Row> rows = rows(patientId, source.system(), source.id());
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).version().equals(source.version())) {
        return Optional.of(new Version(rows.getFirst().id(), i + 1));
      }
    }
    return Optional.empty();
  }

  /**
   * The newest stored version of each of the patient's results with this identifier value, by
   * identifier system; a null system matches any.
   */
  public Map<String, Version> newest(String patientId, String system, String id) {
    Map<String, Version> newest = new LinkedHashMap<>();
    for (Row r : rows(patientId, system, id)) {
      newest.merge(r.system(), new Version(r.id(), 1), (v, next) -> new Version(v.resultId(), v.number() + 1));
    }
    return newest;
  }

  private record Row(long id, String system, String version) {}

  /** The rows of source results with this identifier, oldest first. */
  private List<Row> rows(String patientId, String system, String id) {
    return jdbc.sql("select id, source_system, source_version from lab_result"
            + " where patient_id = :patient and source_id = :sourceId"
            + (system == null ? "" : " and source_system = :system") + " order by id")
        .param("patient", patientId)
        .param("sourceId", id)
        .param("system", system)
        .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("source_system"), rs.getString("source_version")))
        .list();
  }

  /**
   * Stores a retraction (entered-in-error, cancelled) of a source result as one more row of it,
   * received now, with the analyte and value of its latest version (the timeline entry needs
   * them). Returns the row's id, or empty when this retraction is stored already. Its stored version
   * is prefixed with the status: a sender reusing the result's version must not make the
   * retraction look like a repeated delivery (and with the ':' it is no sender's version).
   */
  public Optional<Long> insertRetraction(String patientId, Source source, String status, Instant receivedAt) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    int inserted =
        jdbc.sql(
                """
                insert into lab_result (patient_id, loinc, result_value, unit, ref_low, ref_high,
                    observed_at, received_at, source_system, source_id, source_version, status,
                    flags, comparator)
                select patient_id, loinc, result_value, unit, ref_low, ref_high, observed_at, :received,
                    source_system, source_id, :version, :status, flags, comparator
                from lab_result
                where id = (select max(id) from lab_result
                            where patient_id = :patient and source_system = :system and source_id = :sourceId)
                on conflict do nothing
                """)
            .param("received", PatientRepository.utc(receivedAt))
            .param("version", source.retraction(status).version())
            .param("status", status)
            .param("patient", patientId)
            .param("system", source.system())
            .param("sourceId", source.id())
            .update(key, "id");
    return inserted == 0 ? Optional.empty() : Optional.of(key.getKey().longValue());
  }

  /** The statuses of the stored rows of a source result, oldest first; empty if none is stored. */
  public List<String> statuses(String patientId, Source source) {
    return jdbc.sql(
            """
            select status from lab_result
            where patient_id = :patient and source_system = :system and source_id = :sourceId
            order by id
            """)
        .param("patient", patientId)
        .param("system", source.system())
        .param("sourceId", source.id())
        .query(String.class)
        .list();
  }

  /** When the first row of a source result was stored: from then on assessments could use it. */
  public Instant firstReceived(String patientId, Source source) {
    return jdbc.sql(
            """
            select min(received_at) as first_received from lab_result
            where patient_id = :patient and source_system = :system and source_id = :sourceId
            """)
        .param("patient", patientId)
        .param("system", source.system())
        .param("sourceId", source.id())
        .query((rs, n) -> UserTaskRepository.instant(rs, "first_received"))
        .single();
  }

  /**
   * After a new version of a source result was stored: the version that stands is the one the
   * grading takes ({@link LabSeries#newest}: the later sender version, else amended or corrected
   * over final, else the later delivery; a preliminary never over a graded one), every other one is
   * superseded by it (kept, not overwritten).
   */
  public void supersedeOlderVersions(String patientId, Source source) {
    List<Map.Entry<Long, LabResult>> versions =
        jdbc.sql(
                """
                select * from lab_result
                where patient_id = :patient and source_system = :system and source_id = :sourceId
                  and status not in ('entered-in-error', 'cancelled')
                order by id
                """)
            .param("patient", patientId)
            .param("system", source.system())
            .param("sourceId", source.id())
            .query((rs, n) -> Map.entry(rs.getLong("id"), labResult(rs)))
            .list();
    if (versions.size() < 2) {
      return; // a first version supersedes nothing
    }
    LabResult stands = LabSeries.newest(versions.stream().map(Map.Entry::getValue).toList()).orElseThrow();
    long newest = versions.stream().filter(v -> v.getValue() == stands).findFirst().orElseThrow().getKey();
    jdbc.sql(
            """
            update lab_result set superseded_by = case when id = :newest then null else :newest end
            where patient_id = :patient and source_system = :system and source_id = :sourceId
              and status not in ('entered-in-error', 'cancelled')
            """)
        .param("newest", newest)
        .param("patient", patientId)
        .param("system", source.system())
        .param("sourceId", source.id())
        .update();
  }

  /** LOINC codes of the results of a patient received at or after a time (any status). */
  public java.util.Set<String> loincsReceivedSince(String patientId, Instant since) {
    return new java.util.HashSet<>(
        jdbc.sql("select distinct loinc from lab_result where patient_id = :patient and received_at >= :since")
            .param("patient", patientId)
            .param("since", PatientRepository.utc(since))
            .query(String.class)
            .list());
  }

  /**
   * Every stored row of a patient as the timeline's lab entries (evaluation contract, optional lab
   * fields), in the order received: each version with its status, id and version, retractions as
   * entered-in-error at the time they were received. Which of them counts is decided where the
   * evaluator decides it ({@code LabSeries}), for the pathway and ./pathway evaluate alike.
   */
  public List<LabResult> timelineEntries(String patientId) {
    return jdbc.sql("select * from lab_result where patient_id = :patient order by id")
        .param("patient", patientId)
        .query((rs, row) -> labResult(rs))
        .list();
  }

  /** Every stored row of a patient, superseded and preliminary ones included, oldest first. */
  public List<StoredLab> history(String patientId) {
    return jdbc.sql("select * from lab_result where patient_id = :patient order by id")
        .param("patient", patientId)
        .query(
            (rs, row) -> {
              long supersededBy = rs.getLong("superseded_by");
              Long superseded = rs.wasNull() ? null : supersededBy;
              String flags = rs.getString("flags");
              String system = rs.getString("source_system");
              return new StoredLab(
                  rs.getLong("id"),
                  labResult(rs),
                  rs.getString("status"),
                  flags == null ? List.of() : List.of(flags.split(",")),
                  system == null
                      ? null
                      : new Source(system, rs.getString("source_id"), rs.getString("source_version")),
                  superseded);
            })
        .list();
  }

  private static LabResult labResult(java.sql.ResultSet rs) throws java.sql.SQLException {
    String status = rs.getString("status");
    // a cancelled result (never final) is retracted like one entered in error: the contract's term
    boolean retraction = RETRACTIONS.contains(status);
    String system = rs.getString("source_system");
    String version = rs.getString("source_version");
    return new LabResult(
        rs.getString("loinc"),
        rs.getBigDecimal("result_value"),
        rs.getString("unit"),
        rs.getBigDecimal("ref_low"),
        rs.getBigDecimal("ref_high"),
        rs.getObject(retraction ? "received_at" : "observed_at", OffsetDateTime.class).toInstant(),
        retraction ? LabResult.Status.ENTERED_IN_ERROR : LabResult.Status.of(status).orElseThrow(),
        system == null ? null : new Source(system, rs.getString("source_id"), version).identifier(),
        // a digest (it has ':') is ours, not the sender's version: entries then stand in received order
        version == null || version.contains(":") ? null : version,
        rs.getString("comparator"));
  }
}
