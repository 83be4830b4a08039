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
 */
@Component
public class OutboxPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);

  private final OutboxRepository outbox;
  private final CamundaClient client;
  private final PathwayProperties properties;
  private final Clock clock;

  public OutboxPublisher(
      OutboxRepository outbox, CamundaClient client, PathwayProperties properties, Clock clock) {
    this.outbox = outbox;
    this.client = client;
    this.properties = properties;
    this.clock = clock;
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

  /**
   * Lab results wait for the pathway as configured. Bedside observations wake only what waits for
   * them now (the monitoring pathway; an episode between checks): an episode busy recording its own
   * check must not be woken by that check once it waits again. A worsening tells only a review of
   * the suspicion open now, never one raised later.
   */
  private Duration timeToLive(String messageName) {
    return switch (messageName) {
      case org.pathway.model.PathwayModel.Messages.BEDSIDE_OBSERVATIONS_RECEIVED,
          org.pathway.model.PathwayModel.Messages.IEC_HS_WORSENED_DURING_REVIEW -> Duration.ZERO;
      default -> properties.outbox().messageTimeToLive();
    };
  }

  /** Publishes what is pending; returns how many messages the engine confirmed. */
  public synchronized int drain() {
    int published = 0;
    for (OutboxMessage message : outbox.pending(properties.outbox().batchSize())) {
      try {
        client
            .newPublishMessageCommand()
            .messageName(message.messageName())
            .correlationKey(message.correlationKey())
            .messageId(message.messageId())
            .timeToLive(timeToLive(message.messageName()))
            .variables(message.variablesJson())
            .requestTimeout(Duration.ofSeconds(5))
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
        // the engine is likely down: keep the order and try again on the next tick
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
