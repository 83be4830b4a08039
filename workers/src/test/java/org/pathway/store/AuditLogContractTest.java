package org.pathway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The audit hash chain on PostgreSQL and H2: any change made behind the service's back is found. */
class AuditLogContractTest {

  @Nested
  class OnPostgres extends Contract {
    @Override
    DataSource dataSource() {
      return TestDatabases.postgres();
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveAuditEntries() {
      for (String sql :
          List.of("update audit_event set detail = 'x' where seq = 1",
              "delete from audit_event where seq = 5", "truncate audit_event")) {
        assertThatThrownBy(() -> jdbc.sql(sql).update())
            .as(sql)
            .hasMessageContaining("audit_event is append-only");
      }
      assertThat(audit.verify().intact()).isTrue();
    }

    /**
     * Migrations run as the schema owner, the service as its runtime role (./pathway test creates
     * pathway_app): the runtime role works with the pathway's tables but may not change or remove an
     * audit entry, whatever happens to the trigger.
     */
    @Test
    void theServicesRuntimeRoleMayOnlyAppendToAndReadTheAuditLog() {
      String role = System.getenv("PATHWAY_TEST_DB_RUNTIME_USER");
      if (role == null || role.isBlank()) {
        if ("required".equals(System.getenv("PATHWAY_TEST_POSTGRES"))) {
          throw new IllegalStateException("PATHWAY_TEST_DB_RUNTIME_USER and _PASSWORD are required: run"
              + " ./pathway test, or name a login role without privileges that the test user may grant to");
        }
        org.junit.jupiter.api.Assumptions.abort("no runtime role: run ./pathway test");
      }
      TestDatabases.migrateClean(ds, role);
      try {
        runtimeRoleIsRestricted(role);
      } finally {
        TestDatabases.migrateClean(ds); // as the other tests and the smoke test expect it
      }
    }

    private void runtimeRoleIsRestricted(String role) {
      DataSource asService = new org.springframework.jdbc.datasource.DriverManagerDataSource(
          System.getenv("PATHWAY_TEST_DB_URL"), role, System.getenv("PATHWAY_TEST_DB_RUNTIME_PASSWORD"));
      JdbcClient service = JdbcClient.create(asService);
      AuditLog serviceAudit = new AuditLog(asService, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
      serviceAudit.append(new AuditLog.Event(Instant.parse("2026-03-14T07:00:00Z"), "nurse", "NURSE",
          "GET /api/v1/tasks", "/api/v1/tasks", null, "SUCCESS", "req-r", "HTTP 200"));
      assertThat(serviceAudit.verify().intact()).isTrue();
      service.sql("insert into outbox_message (message_name, correlation_key, message_id, variables, created_at)"
          + " values ('m', 'P-1', 'runtime-role', '{}', now())").update();
      service.sql("update outbox_message set attempts = 1 where message_id = 'runtime-role'").update();
      // even with the trigger gone, the runtime role may not change or remove audit entries
      jdbc.sql("drop trigger audit_event_no_update_delete on audit_event").update();
      for (String sql : List.of("update audit_event set detail = 'x' where seq = 1", "delete from audit_event where seq = 1")) {
        assertThatThrownBy(() -> service.sql(sql).update()).as(sql).rootCause().hasMessageContaining("permission denied for table audit_event");
      }
      // it moves the chain's head but may not add or remove its row
      for (String sql : List.of("delete from audit_head", "insert into audit_head (id, seq, hash) values (2, 0, 'x')")) {
        assertThatThrownBy(() -> service.sql(sql).update()).as(sql).rootCause().hasMessageContaining("permission denied for table audit_head");
      }
    }
  }

  @Nested
  class OnH2 extends Contract {
    @Override
    DataSource dataSource() {
      return TestDatabases.h2("audit-contract");
    }
  }

  abstract static class Contract {

    abstract DataSource dataSource();

    DataSource ds;
    JdbcClient jdbc;
    AuditLog audit;

    @BeforeEach
    void setUp() {
      ds = dataSource();
      TestDatabases.migrateClean(ds);
      jdbc = JdbcClient.create(ds);
      audit = new AuditLog(ds, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
      for (int i = 1; i <= 5; i++) {
        // nanoseconds on purpose: the chain must hold after the database rounds to microseconds
        audit.append(new AuditLog.Event(Instant.parse("2026-03-14T06:00:00.123456789Z").plusSeconds(i),
            "physician", "PHYSICIAN", "GET /api/v1/patients/{id}", "/api/v1/patients/P-1", "P-1",
            "SUCCESS", "req-" + i, "HTTP 200"));
      }
    }

    /**
     * Changes the table behind the service's back, as someone with database rights would; on
     * PostgreSQL that means switching the append-only trigger off first.
     */
    void tamper(String sql, Object... params) {
      boolean pg = TestDatabases.isPostgres(ds);
      if (pg) {
        jdbc.sql("alter table audit_event disable trigger user").update();
      }
      var statement = jdbc.sql(sql);
      for (int i = 0; i < params.length; i += 2) {
        statement = statement.param((String) params[i], params[i + 1]);
      }
      statement.update();
      if (pg) {
        jdbc.sql("alter table audit_event enable trigger user").update();
      }
    }

    int verifyExitCode(StringBuilder output) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      int code = AuditVerifyCommand.run(ds, new PrintStream(bytes, true, StandardCharsets.UTF_8));
      output.append(bytes.toString(StandardCharsets.UTF_8));
      return code;
    }

    @Test
    void anUntouchedChainVerifies() {
      assertThat(audit.verify().intact()).isTrue();
      StringBuilder out = new StringBuilder();
      assertThat(verifyExitCode(out)).isZero();
      assertThat(out).contains("intact: 5 entries");
    }

    @Test
    void anAlteredEntryIsFound() {
      tamper("update audit_event set detail = 'HTTP 403' where seq = 3");
      AuditLog.Verification v = audit.verify();
      assertThat(v.brokenAt()).isEqualTo(3);
      assertThat(v.problem()).contains("altered");
      StringBuilder out = new StringBuilder();
      assertThat(verifyExitCode(out)).isEqualTo(3);
      assertThat(out).contains("BROKEN at entry 3");
    }

    @Test
    void aRemovedEntryIsFound() {
      tamper("delete from audit_event where seq = 2");
      AuditLog.Verification v = audit.verify();
      assertThat(v.brokenAt()).isEqualTo(2);
      assertThat(v.problem()).contains("missing");
    }

    @Test
    void anEntryRewrittenWithItsOwnHashStillBreaksTheChain() {
      // a careful forger recomputes the altered entry's hash: the next entry no longer follows
      AuditLog.Entry third = audit.find("P-1", Instant.EPOCH, Instant.parse("9999-12-31T23:59:59Z")).get(2);
      AuditLog.Event forged = new AuditLog.Event(third.event().at(), "somebody-else", "PHYSICIAN",
          third.event().action(), third.event().resource(), "P-1", "SUCCESS", "req-3", "HTTP 200");
      tamper("update audit_event set actor = 'somebody-else', hash = :hash where seq = 3",
          "hash", AuditLog.hash(3, forged, third.prevHash()));
      AuditLog.Verification v = audit.verify();
      assertThat(v.brokenAt()).isEqualTo(4);
      assertThat(v.problem()).contains("does not follow");
    }

    @Test
    void appendingContinuesTheChain() {
      AuditLog.Entry sixth = audit.append(new AuditLog.Event(Instant.parse("2026-03-15T00:00:00Z"),
          "pathway", null, "assessment.recorded", "process-instance/1", "P-1", "SUCCESS", null, "x"));
      assertThat(sixth.seq()).isEqualTo(6);
      assertThat(audit.verify().intact()).isTrue();
      assertThat(audit.find("P-1", Instant.parse("2026-03-14T06:00:03Z"), Instant.parse("9999-12-31T23:59:59Z"))).hasSize(4);
    }
  }
}
