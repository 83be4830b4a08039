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

  /** What one paging achieved: the channels that delivered it, and the failures. */
  public record Outcome(List<String> delivered, List<String> failures) {
    public boolean deliveredAnywhere() {
      return !delivered.isEmpty();
    }
  }

  private final List<Channel> channels;
  private final PagingRepository store;
  private final Clock clock;

  public Pager(List<Channel> channels, PagingRepository store, Clock clock) {
    this.channels = channels;
    this.store = store;
    this.clock = clock;
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
      failures.add("no configured channel reaches " + page.recipient().name()
          + " (an e-mail needs pathway.paging.email.host, a pager pathway.paging.webhook.url)");
    }
    for (Channel channel : reaching) {
      if (deliveredBefore.contains(channel.name())) {
        continue;
      }
      int attempt = (int) before.stream().filter(d -> d.channel().equals(channel.name())).count() + 1;
      String error = null;
      try {
        channel.send(page);
        delivered.add(channel.name());
      } catch (Channel.DeliveryFailed e) {
        error = e.getMessage();
        failures.add(channel.name() + ": " + error);
      }
      store.recordDelivery(
          new PagingRepository.Delivery(
              page.pageId(),
              sendKey,
              page.chainLevel(),
              page.pageRound(),
              page.recipient().name(),
              channel.name(),
              attempt,
              error == null ? PagingRepository.DELIVERED : PagingRepository.FAILED,
              error == null ? null : error.substring(0, Math.min(2000, error.length())),
              clock.instant()));
    }
    return new Outcome(delivered, failures);
  }
}
