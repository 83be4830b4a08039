package org.pathway.intake;

import io.camunda.client.CamundaClient;
import java.time.Clock;
import java.time.Duration;
import org.pathway.PathwayProperties;
import org.pathway.store.OutboxRepository;
import org.pathway.store.OutboxRepository.OutboxMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes stored messages to the engine until the engine confirms each one. The message id makes
 * a repeated publication harmless: the engine keeps one message per id while it lives.
 *
 * <p>Several instances publish from one outbox: each message is claimed first (OutboxRepository
 * #claimNext), for a lease, not under a row lock held while the engine is called. A lock would keep
 * a transaction and a connection open across the gRPC call, and an instance that hangs, or whose
 * host vanishes without closing its connection, would hold it until the database noticed (TCP
 * keep-alive: hours); a lease runs out on the database's clock whatever became of its instance,
 * and another instance publishes the message then. The lease (default twelve times the
 * publication's timeout, at least twice) outlasts a publication, so an instance publishes a message
 * whose claim ran out only if it stalled longer than the lease. What stays at-least-once is an
 * instance dying after the engine took the message and before it was marked: that message is
 * published again, harmlessly where the engine still keeps its id.
 */
@Component
public class OutboxPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);

  private final OutboxRepository outbox;
  private final CamundaClient client;
  private final PathwayProperties properties;
  private final Clock clock;

  /** Who claims: the process (pid@host), so that a claim names the instance that made it. */
  private static final String INSTANCE =
      java.lang.management.ManagementFactory.getRuntimeMXBean().getName();

  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);

  public OutboxPublisher(
      OutboxRepository outbox, CamundaClient client, PathwayProperties properties, Clock clock) {
    this.outbox = outbox;
    this.client = client;
    this.properties = properties;
    this.clock = clock;
    if (properties.outbox().claimLease().compareTo(PUBLISH_TIMEOUT.multipliedBy(2)) < 0) {
      throw new IllegalStateException("pathway.outbox.claim-lease must be at least "
          + PUBLISH_TIMEOUT.multipliedBy(2) + " (twice the publication's timeout)");
    }
  }

  /** Publishing runs off the request threads: one at a time, started again when asked during one. */
  private final java.util.concurrent.ExecutorService background =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("outbox-publisher").unstarted(r));

  private final java.util.concurrent.atomic.AtomicBoolean queued =
      new java.util.concurrent.atomic.AtomicBoolean();

  @Scheduled(fixedDelayString = "${pathway.outbox.poll-interval}")
  public void scheduled() {
    drain();
  }

  /** Publishes soon, without making the caller wait for the engine. */
  public void drainSoon() {
    if (queued.compareAndSet(false, true)) {
      background.submit(() -> {
        queued.set(false);
        try {
          drain();
        } catch (RuntimeException e) {
          LOG.warn("Outbox publication failed, the scheduled run will retry: {}", e.getMessage());
        }
      });
    }
  }

  @jakarta.annotation.PreDestroy
  void stop() {
    background.shutdownNow();
  }

  /** Publishes what is pending; returns how many messages the engine confirmed. */
  public synchronized int drain() {
    int published = 0;
    for (int n = 0; n < properties.outbox().batchSize(); n++) {
      java.util.Optional<OutboxMessage> claimed =
          outbox.claimNext(INSTANCE, properties.outbox().claimLease());
      if (claimed.isEmpty()) {
        break;
      }
      OutboxMessage message = claimed.get();
      try {
        client
            .newPublishMessageCommand()
            .messageName(message.messageName())
            .correlationKey(message.correlationKey())
            .messageId(message.messageId())
            .timeToLive(WakeUps.timeToLive(message.messageName(), properties.outbox()))
            .variables(message.variablesJson())
            .requestTimeout(PUBLISH_TIMEOUT)
            .send()
            .join();
        outbox.markPublished(message.id(), clock.instant());
        published++;
      } catch (RuntimeException e) {
        if (isAlreadyPublished(e)) {
          outbox.markPublished(message.id(), clock.instant());
          continue;
        }
        outbox.markFailed(message.id(), e.getMessage());
        LOG.warn(
            "Message {} ({}) not yet delivered to the engine, will retry: {}",
            message.messageId(),
            message.messageName(),
            e.getMessage());
        // the engine is likely down: this instance stops here and tries again on the next tick
        break;
      }
    }
    return published;
  }

  private static boolean isAlreadyPublished(RuntimeException e) {
    String text = String.valueOf(e.getMessage());
    return text.contains("ALREADY_EXISTS");
  }
}
