package org.pathway.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.pathway.clinical.LabResult;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class LabResultRepository {

  private final JdbcClient jdbc;

  public LabResultRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(String patientId, LabResult lab, Instant receivedAt) {
    jdbc.sql(
            """
            insert into lab_result (patient_id, loinc, result_value, unit, ref_low, ref_high, observed_at,
                received_at)
            values (:patient, :loinc, :value, :unit, :low, :high, :at, :received)
            """)
        .param("patient", patientId)
        .param("loinc", lab.loinc())
        .param("value", lab.value())
        .param("unit", lab.unit())
        .param("low", lab.low())
        .param("high", lab.high())
        .param("at", PatientRepository.utc(lab.at()))
        .param("received", PatientRepository.utc(receivedAt))
        .update();
  }

  /** All results of a patient, oldest first. */
  public List<LabResult> findByPatient(String patientId) {
    return jdbc.sql(
            """
            select loinc, result_value, unit, ref_low, ref_high, observed_at from lab_result
            where patient_id = :patient order by observed_at, id
            """)
        .param("patient", patientId)
        .query(
            (rs, row) ->
                new LabResult(
                    rs.getString("loinc"),
                    rs.getBigDecimal("result_value"),
                    rs.getString("unit"),
                    rs.getBigDecimal("ref_low"),
                    rs.getBigDecimal("ref_high"),
                    rs.getObject("observed_at", OffsetDateTime.class).toInstant()))
        .list();
  }
}
