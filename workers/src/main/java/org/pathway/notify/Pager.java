package org.pathway.notify;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.pathway.store.PagingRepository;
import org.springframework.stereotype.Service;

/**
 * Sends one paging of one person on every channel that reaches them, recording each attempt. A
 * paging tried again (the job's retry) skips the channels that already delivered it, so nobody
 * gets the same page twice from a retry.
 */
@Service
public class Pager {

  /**
   * What one paging achieved: the channels that delivered it, and the failures. Unreachable: no
   * configured channel reaches the person, which no retry can change.
   */
  public record Outcome(List<String> delivered, List<String> failures, boolean unreachable) {
    public boolean deliveredAnywhere() {
      return !delivered.isEmpty();
    }
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Pager.class);

  private final List<Channel> channels;
  private final PagingRepository store;
  private final Clock clock;

  public Pager(List<Channel> channels, PagingRepository store, Clock clock) {
    this.channels = channels;
    this.store = store;
    this.clock = clock;
    if (channels.stream().noneMatch(Channel::configured)) {
      LOG.warn("No paging channel is configured (PATHWAY_SMTP_HOST, PATHWAY_PAGING_WEBHOOK_URL): urgent pages"
          + " will be reported as not delivered");
    }
  }

  /** @param sendKey identifies this paging of this person (the engine's element instance). */
  public Outcome send(PageMessage page, long sendKey) {
    List<PagingRepository.Delivery> before =
        store.deliveries(page.pageId()).stream().filter(d -> d.sendKey() == sendKey).toList();
    Set<String> deliveredBefore =
        before.stream()
            .filter(d -> PagingRepository.DELIVERED.equals(d.outcome()))
            .map(PagingRepository.Delivery::channel)
            .collect(Collectors.toSet());
    List<String> delivered = new ArrayList<>(deliveredBefore);
    List<String> failures = new ArrayList<>();
    List<Channel> reaching = channels.stream().filter(c -> c.reaches(page.recipient())).toList();
    if (reaching.isEmpty()) {
      String error = "no configured channel reaches " + page.recipient().name()
          + " (an e-mail needs pathway.paging.email.host, a pager pathway.paging.webhook.url)";
      failures.add(error);
      record(page, sendKey, NO_CHANNEL, attempt(before, NO_CHANNEL), error);
    }
    for (Channel channel : reaching) {
      if (deliveredBefore.contains(channel.name())) {
        continue;
      }
      String error = null;
      try {
        channel.send(page);
        delivered.add(channel.name());
      } catch (Channel.DeliveryFailed e) {
        error = e.getMessage();
        failures.add(channel.name() + ": " + error);
      }
      record(page, sendKey, channel.name(), attempt(before, channel.name()), error);
    }
    return new Outcome(delivered, failures, reaching.isEmpty());
  }

  /** The channel recorded when none reaches the person. */
  static final String NO_CHANNEL = "NONE";

  private static int attempt(List<PagingRepository.Delivery> before, String channel) {
    return (int) before.stream().filter(d -> d.channel().equals(channel)).count() + 1;
  }

  private void record(PageMessage page, long sendKey, String channel, int attempt, String error) {
    store.recordDelivery(
        new PagingRepository.Delivery(
            page.pageId(),
            sendKey,
            page.chainLevel(),
            page.pageRound(),
            page.recipient().name(),
            channel,
            attempt,
            error == null ? PagingRepository.DELIVERED : PagingRepository.FAILED,
            error == null ? null : error.substring(0, Math.min(2000, error.length())),
            clock.instant()));
  }
}
