package org.pathway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.MessageIntent;
import io.camunda.zeebe.protocol.record.value.MessageRecordValue;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayProperties;
import org.pathway.engine.EmbeddedEngine;
import org.pathway.store.OutboxRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Results arriving while the engine is unreachable are not lost: the message stays in the outbox
 * and is published, once, when the engine answers again.
 */
class OutboxPublisherTest {

  static EmbeddedEngine engine;
  static CamundaClient live;
  static CamundaClient dead;
  static OutboxRepository outbox;
  static JdbcClient jdbc;
  static PathwayProperties properties;

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    engine = new EmbeddedEngine(freePort());
    live = CamundaClient.newClientBuilder()
        .grpcAddress(URI.create("http://" + engine.gatewayAddress())).preferRestOverGrpc(false).build();
    dead = CamundaClient.newClientBuilder()
        .grpcAddress(URI.create("http://127.0.0.1:" + freePort())).preferRestOverGrpc(false).build();
    var ds = new DriverManagerDataSource(
        "jdbc:h2:mem:outbox-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
    org.pathway.store.TestDatabases.migrateClean(ds);
    outbox = new OutboxRepository(ds);
    jdbc = JdbcClient.create(ds);
    properties = PathwayProperties.load();
  }

  @AfterAll
  static void stop() {
    live.close();
    dead.close();
    engine.close();
  }

  static long published(String messageId) {
    return StreamSupport.stream(engine.records().getRecords().spliterator(), false)
        .filter(r -> r.getValueType() == ValueType.MESSAGE)
        .filter(r -> r.getIntent() == MessageIntent.PUBLISHED)
        .map(Record::getValue)
        .map(v -> (MessageRecordValue) v)
        .filter(v -> v.getMessageId().equals(messageId))
        .count();
  }

  @Test
  void aMessageWaitsInTheOutboxUntilTheEngineIsBackAndIsPublishedOnce() {
    outbox.enqueue("lab-results-received", "P-OUT", "labs-outage-1", "{\"labBatchId\":\"b1\"}", Instant.now());

    OutboxPublisher whileDown = new OutboxPublisher(outbox, dead, properties, Clock.systemUTC());
    assertThat(whileDown.drain()).isZero();
    assertThat(whileDown.drain()).isZero();
    assertThat(outbox.countPending()).isEqualTo(1);
    assertThat(jdbc.sql("select attempts from outbox_message where message_id = 'labs-outage-1'")
        .query(Integer.class).single()).isEqualTo(2);

    OutboxPublisher whenBack = new OutboxPublisher(outbox, live, properties, Clock.systemUTC());
    assertThat(whenBack.drain()).isEqualTo(1);
    assertThat(outbox.countPending()).isZero();
    assertThat(whenBack.drain()).isZero();
    engine.waitForIdleState(java.time.Duration.ofSeconds(5));
    assertThat(published("labs-outage-1")).isEqualTo(1);
  }
}
