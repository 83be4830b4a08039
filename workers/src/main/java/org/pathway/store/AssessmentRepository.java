package org.pathway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class AssessmentRepository {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  public AssessmentRepository(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * Stores the assessment once per element instance: a job delivered again (timeout, retry), also
   * to another instance while the first still runs it, finds its assessment there and stores
   * nothing.
   */
  public boolean insertIfAbsent(AssessmentRecord a) {
    return jdbc.sql(
                """
                insert into assessment (patient_id, process_instance_key, element_instance_key,
                    day_post_infusion, assessed_at, decision_id, rules_version, suspected, labs_seen, findings,
                    reasons, inputs, outputs, review_raised, labs_read, results_read)
                values (:patient, :pi, :ei, :day, :at, :decision, :rules, :suspected, :labsSeen, :findings,
                    :reasons, :inputs, :outputs, :reviewRaised, :labsRead, :resultsRead)
                on conflict do nothing
                """)
            .param("patient", a.patientId())
            .param("pi", a.processInstanceKey())
            .param("ei", a.elementInstanceKey())
            .param("day", a.dayPostInfusion())
            .param("at", PatientRepository.utc(a.assessedAt()))
            .param("decision", a.decisionId())
            .param("rules", a.rulesVersion())
            .param("suspected", a.suspected())
            .param("labsSeen", a.labsSeen())
            .param("findings", write(a.findings()))
            .param("reasons", write(a.reasons()))
            .param("inputs", a.inputsJson())
            .param("outputs", a.outputsJson())
            .param("reviewRaised", a.reviewRaised())
            .param("labsRead", a.labsRead())
            .param("resultsRead", write(a.resultsRead()))
            .update()
        == 1;
  }

  public Optional<AssessmentRecord> latest(String patientId) {
    return jdbc.sql(
            "select * from assessment where patient_id = :patient"
                + " order by assessed_at desc, id desc limit 1")
        .param("patient", patientId)
        .query(this::map)
        .optional();
  }

  /**
   * The latest assessment that put its suspicion (or a worsening) to a physician, other than the one
   * of this element instance (a job delivered again compares with what came before it).
   */
  public Optional<AssessmentRecord> latestRaisedOtherThan(String patientId, long elementInstanceKey) {
    return jdbc.sql(
            "select * from assessment where patient_id = :patient and review_raised"
                + " and element_instance_key <> :ei order by assessed_at desc, id desc limit 1")
        .param("patient", patientId)
        .param("ei", elementInstanceKey)
        .query(this::map)
        .optional();
  }

  /** The latest assessment of a patient other than the one of this element instance. */
  public Optional<AssessmentRecord> latestOtherThan(String patientId, long elementInstanceKey) {
    return jdbc.sql(
            "select * from assessment where patient_id = :patient and element_instance_key <> :ei"
                + " order by assessed_at desc, id desc limit 1")
        .param("patient", patientId)
        .param("ei", elementInstanceKey)
        .query(this::map)
        .optional();
  }

  /**
   * The assessment that read the most of the patient's results and findings (other than the one of
   * {@code exceptElementInstanceKey}, when given): assessments of overlapping deliveries run side by
   * side and may be recorded out of order, so "the latest" is not "the one that read the most".
   */
  /**
   * Locks the patient until the caller's transaction ends, so that assessments of one patient are
   * recorded one after the other; false when no such patient is enrolled.
   */
  public boolean lockPatient(String patientId) {
    return jdbc.sql("select id from patient where id = :patient for update")
        .param("patient", patientId)
        .query(String.class)
        .optional()
        .isPresent();
  }

  public Optional<AssessmentRecord> furthest(String patientId, Long exceptElementInstanceKey) {
    return jdbc.sql(
            "select * from assessment where patient_id = :patient"
                + (exceptElementInstanceKey == null ? "" : " and element_instance_key <> :ei")
                + " order by labs_seen desc, labs_read desc, assessed_at desc, id desc limit 1")
        .param("patient", patientId)
        .param("ei", exceptElementInstanceKey)
        .query(this::map)
        .optional();
  }

  /**
   * Flags the patient's assessments made since a result was stored as having used it, now that it
   * is retracted (reference §5.2: "past assessments that used it are flagged for review"). Returns
   * the assessments flagged.
   */
  public List<AssessmentRecord> flagRetracted(String patientId, String identifier, Instant storedAt) {
    List<AssessmentRecord> used =
        jdbc.sql("select * from assessment where patient_id = :patient and assessed_at >= :since order by assessed_at, id")
            .param("patient", patientId)
            .param("since", PatientRepository.utc(storedAt))
            .query(this::map)
            .list();
    for (AssessmentRecord a : used) {
      List<String> retracted = new java.util.ArrayList<>(a.retractedResults());
      if (retracted.contains(identifier)) {
        continue; // flagged already (the result was retracted before, stored again, and retracted again)
      }
      retracted.add(identifier);
      jdbc.sql("update assessment set retracted_results = :retracted where element_instance_key = :ei")
          .param("retracted", String.join("\n", retracted))
          .param("ei", a.elementInstanceKey())
          .update();
    }
    return used;
  }

  /** The patient's assessments that used a result retracted since, oldest first. */
  public List<AssessmentRecord> usingRetractedResults(String patientId) {
    return jdbc.sql(
            "select * from assessment where patient_id = :patient and retracted_results is not null"
                + " order by assessed_at, id")
        .param("patient", patientId)
        .query(this::map)
        .list();
  }

  public List<AssessmentRecord> findByPatient(String patientId) {
    return jdbc.sql("select * from assessment where patient_id = :patient order by assessed_at, id")
        .param("patient", patientId)
        .query(this::map)
        .list();
  }

  private AssessmentRecord map(ResultSet rs, int row) throws SQLException {
    String retracted = rs.getString("retracted_results");
    return new AssessmentRecord(
        rs.getString("patient_id"),
        rs.getLong("process_instance_key"),
        rs.getLong("element_instance_key"),
        rs.getInt("day_post_infusion"),
        UserTaskRepository.instant(rs, "assessed_at"),
        rs.getString("decision_id"),
        rs.getString("rules_version"),
        rs.getBoolean("suspected"),
        rs.getInt("labs_seen"),
        read(rs.getString("findings")),
        read(rs.getString("reasons")),
        rs.getString("inputs"),
        rs.getString("outputs"),
        rs.getBoolean("review_raised"),
        retracted == null ? List.of() : List.of(retracted.split("\n")),
        (Integer) rs.getObject("labs_read"),
        rs.getString("results_read") == null ? List.of() : read(rs.getString("results_read")));
  }

  private String write(List<String> values) {
    try {
      return json.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private List<String> read(String text) {
    try {
      return json.readValue(text, STRINGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored assessment is not valid JSON", e);
    }
  }
}
