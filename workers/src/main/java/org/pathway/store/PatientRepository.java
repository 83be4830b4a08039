package org.pathway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.pathway.clinical.Patient;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class PatientRepository {

  private final JdbcClient jdbc;

  public PatientRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts the enrollment; a second enrollment of the same id fails with DuplicateKeyException. */
  public void insert(Enrollment e) {
    Patient p = e.patient();
    jdbc.sql(
            """
            insert into patient (id, ward, age_years, weight_kg, developmental_delay, therapy_class,
                product, indication, infusion_at, immunosuppressed, monitoring_days, enrolled_at)
            values (:id, :ward, :age, :weight, :dd, :therapy, :product, :indication, :infusion,
                :immuno, :days, :enrolled)
            """)
        .param("id", p.id())
        .param("ward", e.ward())
        .param("age", p.ageYears())
        .param("weight", p.weightKg())
        .param("dd", p.developmentalDelay())
        .param("therapy", p.therapyClass().name())
        .param("product", p.product())
        .param("indication", p.indication())
        .param("infusion", utc(p.infusionAt()))
        .param("immuno", p.immunosuppressed())
        .param("days", e.monitoringDays())
        .param("enrolled", utc(e.enrolledAt()))
        .update();
  }

  public void setProcessInstanceKey(String patientId, long key) {
    jdbc.sql("update patient set process_instance_key = :key where id = :id")
        .param("key", key)
        .param("id", patientId)
        .update();
  }

  /**
   * The patient's pathway instance completed at {@code at}; the first time counts (a job delivered
   * twice records it once). Returns whether this call recorded it.
   */
  public boolean markMonitoringEnded(String patientId, java.time.Instant at) {
    return jdbc.sql("update patient set monitoring_ended_at = :at where id = :id and monitoring_ended_at is null")
        .param("at", utc(at))
        .param("id", patientId)
        .update() == 1;
  }

  public Optional<Enrollment> find(String patientId) {
    return jdbc.sql("select * from patient where id = :id")
        .param("id", patientId)
        .query(PatientRepository::map)
        .optional();
  }

  private static Enrollment map(ResultSet rs, int row) throws SQLException {
    Patient p =
        new Patient(
            rs.getString("id"),
            rs.getBigDecimal("age_years"),
            rs.getBigDecimal("weight_kg"),
            rs.getBoolean("developmental_delay"),
            Patient.TherapyClass.valueOf(rs.getString("therapy_class")),
            rs.getString("product"),
            rs.getString("indication"),
            rs.getObject("infusion_at", OffsetDateTime.class).toInstant(),
            rs.getBoolean("immunosuppressed"));
    long key = rs.getLong("process_instance_key");
    boolean noKey = rs.wasNull();
    OffsetDateTime ended = rs.getObject("monitoring_ended_at", OffsetDateTime.class);
    return new Enrollment(
        p,
        rs.getString("ward"),
        rs.getInt("monitoring_days"),
        rs.getObject("enrolled_at", OffsetDateTime.class).toInstant(),
        noKey ? null : key,
        ended == null ? null : ended.toInstant());
  }

  static OffsetDateTime utc(java.time.Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
