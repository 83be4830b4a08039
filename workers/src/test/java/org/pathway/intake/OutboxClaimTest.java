package org.pathway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.MessageIntent;
import io.camunda.zeebe.protocol.record.value.MessageRecordValue;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayProperties;
import org.pathway.engine.EmbeddedEngine;
import org.pathway.store.OutboxRepository;
import org.pathway.store.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two service instances (each its own DataSource and publisher) drain one outbox into one engine
 * at the same time: every message reaches the engine exactly once, counted as the publish commands
 * the engine received per message id (a second publication of an id is a command too, rejected).
 * A claim whose instance died is taken again once its lease has run out. On PostgreSQL and H2.
 */
class OutboxClaimTest {

  static final int MESSAGES = 150;

  static EmbeddedEngine engine;
  static CamundaClient client;
  static PathwayProperties properties;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    engine = new EmbeddedEngine(port);
    client = CamundaClient.newClientBuilder()
        .grpcAddress(URI.create("http://" + engine.gatewayAddress())).preferRestOverGrpc(false).build();
    properties = PathwayProperties.load();
  }

  @AfterAll
  static void stop() {
    client.close();
    engine.close();
  }

  /** The publish commands the engine received, per message id. */
  static Map<String, Long> publishCommands(String idPrefix) {
    engine.waitForIdleState(Duration.ofSeconds(30));
    return StreamSupport.stream(engine.records().getRecords().spliterator(), false)
        .filter(r -> r.getValueType() == ValueType.MESSAGE)
        .filter(r -> r.getRecordType() == RecordType.COMMAND)
        .filter(r -> r.getIntent() == MessageIntent.PUBLISH)
        .map(r -> ((MessageRecordValue) r.getValue()).getMessageId())
        .filter(id -> id.startsWith(idPrefix))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

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
      return TestDatabases.h2("outbox-claim");
    }
  }

  abstract static class Contract {

    abstract DataSource dataSource();

    DataSource ds;
    /** Message ids of this test: the engine lives across the tests. */
    String run;

    @BeforeEach
    void setUp() {
      ds = dataSource();
      TestDatabases.migrateClean(ds);
      run = UUID.randomUUID() + "-";
    }

    /** This instance's publisher and another instance's drain the outbox at once; how many each published, summed. */
    int drainWithTwoInstances(OutboxRepository first) throws Exception {
      List<OutboxPublisher> publishers = List.of(
          new OutboxPublisher(first, client, properties, Clock.systemUTC()),
          new OutboxPublisher(new OutboxRepository(TestDatabases.anotherInstance(ds)), client, properties, Clock.systemUTC()));
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> confirmed = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(publishers.size())) {
        for (OutboxPublisher publisher : publishers) {
          confirmed.add(pool.submit(() -> {
            go.await();
            int n = 0;
            for (int published; (published = publisher.drain()) > 0; ) {
              n += published;
            }
            return n;
          }));
        }
        go.countDown();
        int total = 0;
        for (Future<Integer> f : confirmed) {
          total += f.get();
        }
        return total;
      }
    }

    @Test
    void twoInstancesDrainingOneOutboxPublishEveryMessageOnce() throws Exception {
      OutboxRepository first = new OutboxRepository(ds);
      for (int i = 0; i < MESSAGES; i++) {
        first.enqueue("lab-results-received", "P-" + i, run + i, "{}", Instant.now());
      }
      assertThat(drainWithTwoInstances(first)).isEqualTo(MESSAGES);
      assertThat(first.countPending()).isZero();
      Map<String, Long> commands = publishCommands(run);
      assertThat(commands.values().stream()
              .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())))
          .as("messages by how many times the engine received each")
          .containsExactly(Map.entry(1L, (long) MESSAGES));
      assertThat(JdbcClient.create(ds).sql("select count(*) from outbox_message where attempts <> 1")
          .query(Long.class).single()).isZero();
    }

    /**
     * Wake-ups of the same patients, folded at the claim, by two instances claiming at once: none
     * waits for the other's fold (skip locked), each message is delivered once, by itself or by the
     * one that carries it, and every patient is woken.
     */
    @Test
    void twoInstancesFoldingTheSamePatientsWakeUpsDeliverEachOnce() throws Exception {
      OutboxRepository first = new OutboxRepository(ds);
      for (int i = 0; i < MESSAGES; i++) {
        first.enqueue("lab-results-received", "P-" + (i % 3), run + i, "{}", Instant.now());
      }
      drainWithTwoInstances(first);
      assertThat(first.countPending()).isZero();
      JdbcClient jdbc = JdbcClient.create(ds);
      Map<String, Long> commands = publishCommands(run);
      assertThat(commands.values()).as("no message reached the engine twice").allMatch(n -> n == 1);
      List<Map<String, Object>> rows = jdbc.sql(
              "select m.message_id, m.correlation_key, m.folded_into, c.message_id as carrier"
                  + " from outbox_message m left join outbox_message c on c.id = m.folded_into")
          .query().listOfRows();
      assertThat(rows).hasSize(MESSAGES).allSatisfy(row -> {
        String carrier = row.get("folded_into") == null ? (String) row.get("message_id") : (String) row.get("carrier");
        assertThat(commands).as("delivered by " + carrier).containsKey(carrier);
      });
      assertThat(rows.stream().filter(r -> r.get("folded_into") == null).map(r -> r.get("correlation_key")).distinct())
          .as("every patient woken").hasSize(3);
    }

    @Test
    void aClaimWhoseInstanceDiedIsTakenAgainAfterItsLease() {
      OutboxRepository outbox = new OutboxRepository(ds);
      outbox.enqueue("lab-results-received", "P-crash", run + "crash", "{}", Instant.now());
      // an instance claimed it and died before publishing
      assertThat(outbox.claimNext("died@elsewhere", Duration.ofSeconds(2))).isPresent();
      OutboxPublisher alive =
          new OutboxPublisher(new OutboxRepository(TestDatabases.anotherInstance(ds)), client, properties, Clock.systemUTC());
      assertThat(alive.drain()).as("claimed by the instance that died, lease not run out").isZero();
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
          .until(alive::drain, n -> n == 1);
      assertThat(outbox.countPending()).isZero();
      assertThat(publishCommands(run)).containsExactly(Map.entry(run + "crash", 1L));
      assertThat(JdbcClient.create(ds).sql("select claimed_by from outbox_message").query(String.class).single())
          .isEqualTo(java.lang.management.ManagementFactory.getRuntimeMXBean().getName());
    }
  }
}
