package org.pathway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathway.clinical.LabResult;
import org.pathway.clinical.Patient;
import org.pathway.clinical.ReceivedLab;
import org.pathway.store.Enrollment;
import org.pathway.store.LabResultRepository;
import org.pathway.store.OutboxRepository;
import org.pathway.store.PatientRepository;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Intake against the real PostgreSQL: a batch is stored whole or not at all, with its wake-up. */
class IntakePostgresTest {

  static final Instant AT = Instant.parse("2026-03-14T06:00:00Z");

  DataSource ds;
  LabIntakeService intake;
  LabResultRepository labs;
  OutboxRepository outbox;
  TransactionTemplate tx;

  @BeforeEach
  void setUp() {
    String url = System.getenv("PATHWAY_TEST_DB_URL");
    if (url == null || url.isBlank()) {
      if ("required".equals(System.getenv("PATHWAY_TEST_POSTGRES"))) {
        throw new IllegalStateException("PATHWAY_TEST_DB_URL is required for the PostgreSQL tests");
      }
      org.junit.jupiter.api.Assumptions.abort("no PostgreSQL: run ./pathway test");
    }
    ds = new DriverManagerDataSource(url, System.getenv("PATHWAY_TEST_DB_USER"), System.getenv("PATHWAY_TEST_DB_PASSWORD"));
    org.pathway.store.TestDatabases.migrateClean(ds);
    JdbcClient jdbc = JdbcClient.create(ds);
    PatientRepository patients = new PatientRepository(jdbc);
    labs = new LabResultRepository(jdbc);
    outbox = new OutboxRepository(ds);
    intake = new LabIntakeService(patients, labs, new WakeUps(outbox, new ObjectMapper()),
        new org.pathway.store.AssessmentRepository(jdbc, new ObjectMapper()), new org.pathway.store.AuditLog(ds, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
        org.pathway.PathwayProperties.load(), Clock.systemUTC());
    tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
    patients.insert(new Enrollment(new Patient("PG-1", BigDecimal.TEN, BigDecimal.TEN, false,
        Patient.TherapyClass.CAR_T, null, null, AT.minusSeconds(864000), false), "H7", 28, AT, null, null));
  }

  static LabIntakeService.Delivery delivery(String patient, String id, String unit) throws Exception {
    return new LabIntakeService.Delivery(patient,
        ReceivedLab.check(new LabResult("2276-4", new BigDecimal("900"), unit, null, null, AT)),
        new LabResultRepository.Source("urn:lab", id, "1"), "final");
  }

  @Test
  void aBatchThatFailsHalfWayLeavesNothingBehind() throws Exception {
    // the second row breaks a column limit inside the transaction: the first must roll back too
    LabIntakeService.Delivery tooLong = new LabIntakeService.Delivery("PG-1",
        new ReceivedLab(new LabResult("2276-4", BigDecimal.ONE, "x".repeat(40), null, null, AT),
            null, List.of()),
        new LabResultRepository.Source("urn:lab", "B", "1"), "final");
    List<LabIntakeService.Delivery> batch = List.of(delivery("PG-1", "A", "ng/mL"), tooLong);
    assertThatThrownBy(() -> tx.executeWithoutResult(s -> intake.store(batch)))
        .isInstanceOf(org.springframework.dao.DataAccessException.class);
    assertThat(labs.history("PG-1")).isEmpty();
    assertThat(outbox.countPending()).isZero();
  }

  @Test
  void anUnknownPatientRejectsTheBatchAndStoresNothing() throws Exception {
    List<LabIntakeService.Delivery> batch =
        List.of(delivery("PG-1", "A", "ng/mL"), delivery("NOBODY", "B", "ng/mL"));
    assertThatThrownBy(() -> tx.executeWithoutResult(s -> intake.store(batch)))
        .isInstanceOf(LabIntakeService.UnknownPatient.class)
        .hasMessageContaining("NOBODY");
    assertThat(labs.history("PG-1")).isEmpty();
    assertThat(outbox.countPending()).isZero();
  }

  @Test
  void aStoredBatchWakesThePatientOnce() throws Exception {
    var accepted = tx.execute(s -> {
      try {
        return intake.store(List.of(delivery("PG-1", "A", "ng/mL"), delivery("PG-1", "A", "ng/mL"),
            delivery("PG-1", "C", "ng/mL")));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(accepted.stored()).containsExactly(true, false, true);
    assertThat(labs.history("PG-1")).hasSize(2);
    assertThat(outbox.countPending()).isEqualTo(1);
  }
}
