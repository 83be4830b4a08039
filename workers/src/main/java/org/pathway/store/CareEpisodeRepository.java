package org.pathway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Care episodes, at most one open per syndrome and patient (enforced by the database). */
@Repository
public class CareEpisodeRepository {

  private final JdbcClient jdbc;

  public CareEpisodeRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Opens the episode of this process instance. True when it is (now or already) this instance's
   * episode; false when another episode of the syndrome is open for the patient, which then stays
   * the only one.
   */
  public boolean open(
      String patientId,
      CareEpisode.Syndrome syndrome,
      long processInstanceKey,
      Instant startedAt,
      Integer dayPostInfusion) {
    if (findByProcessInstance(processInstanceKey).isPresent()) {
      return true; // the job delivered again
    }
    try {
      jdbc.sql(
              """
              insert into care_episode (patient_id, syndrome, process_instance_key, open_key,
                  started_at, day_post_infusion)
              values (:patient, :syndrome, :pi, :openKey, :at, :day)
              """)
          .param("patient", patientId)
          .param("syndrome", syndrome.name())
          .param("pi", processInstanceKey)
          .param("openKey", patientId + "/" + syndrome)
          .param("at", PatientRepository.utc(startedAt))
          .param("day", dayPostInfusion)
          .update();
      return true;
    } catch (DuplicateKeyException e) {
      return findByProcessInstance(processInstanceKey).isPresent();
    }
  }

  /** Ends the episode with its summary; an episode already ended keeps its first summary. */
  public void close(
      long processInstanceKey, Instant endedAt, String outcome, Integer peakGrade, String summaryJson) {
    jdbc.sql(
            """
            update care_episode set open_key = null, ended_at = :at, outcome = :outcome,
                peak_grade = :peak, summary = :summary
            where process_instance_key = :pi and ended_at is null
            """)
        .param("at", PatientRepository.utc(endedAt))
        .param("outcome", outcome)
        .param("peak", peakGrade)
        .param("summary", summaryJson)
        .param("pi", processInstanceKey)
        .update();
  }

  public Optional<CareEpisode> findByProcessInstance(long processInstanceKey) {
    return jdbc.sql("select * from care_episode where process_instance_key = :pi")
        .param("pi", processInstanceKey)
        .query(CareEpisodeRepository::map)
        .optional();
  }

  public Optional<CareEpisode> findOpen(String patientId, CareEpisode.Syndrome syndrome) {
    return jdbc.sql("select * from care_episode where open_key = :openKey")
        .param("openKey", patientId + "/" + syndrome)
        .query(CareEpisodeRepository::map)
        .optional();
  }

  /** The patient's episodes, newest first. */
  public List<CareEpisode> findByPatient(String patientId) {
    return jdbc.sql(
            "select * from care_episode where patient_id = :patient order by started_at desc, id desc")
        .param("patient", patientId)
        .query(CareEpisodeRepository::map)
        .list();
  }

  /** Episodes started in [from, to), oldest first. */
  public List<CareEpisode> startedBetween(Instant from, Instant to) {
    return jdbc.sql(
            "select * from care_episode where started_at >= :from and started_at < :to"
                + " order by started_at, id")
        .param("from", PatientRepository.utc(from))
        .param("to", PatientRepository.utc(to))
        .query(CareEpisodeRepository::map)
        .list();
  }

  private static CareEpisode map(ResultSet rs, int row) throws SQLException {
    int day = rs.getInt("day_post_infusion");
    Integer dayOrNull = rs.wasNull() ? null : day;
    int peak = rs.getInt("peak_grade");
    Integer peakOrNull = rs.wasNull() ? null : peak;
    OffsetDateTime ended = rs.getObject("ended_at", OffsetDateTime.class);
    return new CareEpisode(
        rs.getLong("id"),
        rs.getString("patient_id"),
        CareEpisode.Syndrome.valueOf(rs.getString("syndrome")),
        rs.getLong("process_instance_key"),
        rs.getObject("started_at", OffsetDateTime.class).toInstant(),
        dayOrNull,
        ended == null ? null : ended.toInstant(),
        rs.getString("outcome"),
        peakOrNull,
        rs.getString("summary"));
  }
}
