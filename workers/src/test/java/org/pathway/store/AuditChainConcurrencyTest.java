package org.pathway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit chain's head is kept by the database: appends from several threads of several service
 * instances (each with its own DataSource and connections) make one unbroken chain with every
 * event in it once, on PostgreSQL and H2; and the migration that introduced the head continues the
 * chain that was already stored.
 */
class AuditChainConcurrencyTest {

  static final int INSTANCES = 2;
  static final int THREADS_PER_INSTANCE = 4;
  static final int APPENDS_PER_THREAD = 40;

  @Nested
  class OnPostgres extends Contract {
    @Override
    DataSource dataSource() {
      return TestDatabases.postgres();
    }
  }

  @Nested
  class OnH2 extends Contract {
    @Override
    DataSource dataSource() {
      return TestDatabases.h2("audit-concurrency");
    }
  }

  abstract static class Contract {

    abstract DataSource dataSource();

    DataSource ds;
    JdbcClient jdbc;

    @BeforeEach
    void setUp() {
      ds = dataSource();
      TestDatabases.migrateClean(ds);
      jdbc = JdbcClient.create(ds);
    }

    static AuditLog.Event event(String instance, int thread, int i) {
      return new AuditLog.Event(Instant.parse("2026-03-14T06:00:00Z").plusMillis(i), "integration",
          "INTEGRATION", "POST /api/v1/fhir/Observation", "/api/v1/fhir/Observation", "P-" + thread,
          "SUCCESS", instance + "-t" + thread + "-" + i, "HTTP 201");
    }

    @Test
    void appendsFromManyThreadsOfTwoInstancesMakeOneUnbrokenChain() throws Exception {
      List<AuditLog> instances = new ArrayList<>();
      instances.add(new AuditLog(ds, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
      for (int n = 1; n < INSTANCES; n++) {
        instances.add(new AuditLog(TestDatabases.anotherInstance(ds), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
      }
      int threads = INSTANCES * THREADS_PER_INSTANCE;
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<AuditLog.Entry>>> results = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
        for (int n = 0; n < INSTANCES; n++) {
          AuditLog audit = instances.get(n);
          String instance = "instance" + n;
          for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
              start.await();
              List<AuditLog.Entry> appended = new ArrayList<>();
              for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                appended.add(audit.append(event(instance, thread, i)));
              }
              return appended;
            }));
          }
        }
        start.countDown();
        List<AuditLog.Entry> appended = new ArrayList<>();
        for (Future<List<AuditLog.Entry>> f : results) {
          appended.addAll(f.get());
        }
        int total = threads * APPENDS_PER_THREAD;
        // every append got its own place in the chain
        assertThat(appended).extracting(AuditLog.Entry::seq).doesNotHaveDuplicates()
            .hasSize(total);
        assertThat(appended.stream().mapToLong(AuditLog.Entry::seq).max().orElseThrow()).isEqualTo(total);
      }
      AuditLog.Verification v = instances.get(1).verify();
      assertThat(v.problem()).isNull();
      assertThat(v.intact()).isTrue();
      assertThat(v.entries()).isEqualTo((long) threads * APPENDS_PER_THREAD);
      // each event once
      Map<String, Long> byRequest = jdbc.sql("select request_id from audit_event").query(String.class).list()
          .stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertThat(byRequest).hasSize(threads * APPENDS_PER_THREAD);
      assertThat(byRequest.values()).containsOnly(1L);
      for (int n = 0; n < INSTANCES; n++) {
        for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
          for (int i = 0; i < APPENDS_PER_THREAD; i++) {
            assertThat(byRequest).containsKey("instance" + n + "-t" + t + "-" + i);
          }
        }
      }
      // the head is the last entry
      assertThat(jdbc.sql("select seq from audit_head").query(Long.class).single())
          .isEqualTo((long) threads * APPENDS_PER_THREAD);
      assertThat(AuditVerifyCommand.run(ds, new java.io.PrintStream(java.io.OutputStream.nullOutputStream())))
          .isEqualTo(AuditVerifyCommand.INTACT);
    }

    /** An entry appended in the caller's transaction is rolled back with it, head and all. */
    @Test
    void anAppendInATransactionThatRollsBackLeavesNoGap() {
      AuditLog audit = new AuditLog(ds, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
      audit.append(event("a", 0, 1));
      TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
      assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
        assertThat(audit.append(event("a", 0, 2)).seq()).isEqualTo(2);
        throw new IllegalStateException("the change it recorded failed");
      })).isInstanceOf(IllegalStateException.class);
      assertThat(audit.append(event("a", 0, 3)).seq()).isEqualTo(2);
      tx.executeWithoutResult(s -> audit.append(event("a", 0, 4)));
      AuditLog.Verification v = audit.verify();
      assertThat(v.intact()).isTrue();
      assertThat(v.entries()).isEqualTo(3);
    }

    /** A database with entries from before the head existed: the migration continues its chain. */
    @Test
    void theMigrationStartsTheHeadAtTheLastStoredEntry() {
      Flyway before = Flyway.configure()
          .dataSource(ds)
          .placeholders(Map.of("runtimeRole", ((DriverManagerDataSource) ds).getUsername()))
          .locations("classpath:db/migration",
              "classpath:db/vendor/" + (TestDatabases.isPostgres(ds) ? "postgresql" : "h2"))
          .cleanDisabled(false)
          .target("10")
          .load();
      before.clean();
      before.migrate();
      // appended as before the head: the hash of the entry before each
      String prev = AuditLog.GENESIS;
      for (long seq = 1; seq <= 3; seq++) {
        AuditLog.Event e = event("old", 0, (int) seq);
        String hash = AuditLog.hash(seq, e, prev);
        jdbc.sql("""
                insert into audit_event (seq, at, actor, role, action, resource, patient_id, outcome,
                    request_id, detail, prev_hash, hash)
                values (:seq, :at, :actor, :role, :action, :resource, :patient, :outcome, :request,
                    :detail, :prev, :hash)
                """)
            .param("seq", seq).param("at", PatientRepository.utc(e.at())).param("actor", e.actor())
            .param("role", e.role()).param("action", e.action()).param("resource", e.resource())
            .param("patient", e.patientId()).param("outcome", e.outcome()).param("request", e.requestId())
            .param("detail", e.detail()).param("prev", prev).param("hash", hash)
            .update();
        prev = hash;
      }
      Flyway.configure().configuration(before.getConfiguration()).target("latest").load().migrate();
      AuditLog audit = new AuditLog(ds, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
      AuditLog.Entry fourth = audit.append(event("new", 0, 4));
      assertThat(fourth.seq()).isEqualTo(4);
      assertThat(fourth.prevHash()).isEqualTo(prev);
      assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void anEmptyLogStartsAtTheGenesisHash() {
      AuditLog.Entry first = new AuditLog(ds, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).append(event("a", 0, 1));
      assertThat(first.seq()).isEqualTo(1);
      assertThat(first.prevHash()).isEqualTo(AuditLog.GENESIS);
    }
  }
}
