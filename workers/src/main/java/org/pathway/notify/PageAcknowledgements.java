package org.pathway.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.pathway.intake.OutboxPublisher;
import org.pathway.intake.WakeUps;
import org.pathway.store.AuditLog;
import org.pathway.store.PagingRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Acknowledging a page: who and when are recorded once, audited, and the page's process is told
 * (page-acknowledged, through the outbox in the same transaction) so that it stops paging.
 */
@Service
public class PageAcknowledgements {

  /** The page as acknowledged; {@code now} is false when someone acknowledged it before. */
  public record Acknowledged(PagingRepository.Page page, boolean now) {}

  private final PagingRepository pages;
  private final WakeUps wakeUps;
  private final OutboxPublisher publisher;
  private final AuditLog audit;
  private final TransactionTemplate transaction;
  private final Clock clock;

  public PageAcknowledgements(
      PagingRepository pages,
      WakeUps wakeUps,
      OutboxPublisher publisher,
      AuditLog audit,
      TransactionTemplate transaction,
      Clock clock) {
    this.pages = pages;
    this.wakeUps = wakeUps;
    this.publisher = publisher;
    this.audit = audit;
    this.transaction = transaction;
    this.clock = clock;
  }

  /** Empty when there is no such page. */
  public Optional<Acknowledged> acknowledge(String pageId, String by, String role, String requestId) {
    Optional<Acknowledged> result =
        transaction.execute(
            status -> {
              Instant now = clock.instant();
              if (pages.find(pageId).isEmpty()) {
                return Optional.<Acknowledged>empty();
              }
              boolean first = pages.acknowledge(pageId, by, now);
              PagingRepository.Page page = pages.find(pageId).orElseThrow();
              if (first) {
                wakeUps.pageAcknowledged(pageId, by, now);
                audit.append(
                    new AuditLog.Event(
                        now,
                        by,
                        role,
                        "page.acknowledged",
                        "page/" + pageId,
                        page.patientId(),
                        "SUCCESS",
                        requestId,
                        "acknowledged " + java.time.Duration.between(page.requestedAt(), now).toSeconds()
                            + " s after the request: " + page.reason()));
              }
              return Optional.of(new Acknowledged(page, first));
            });
    publisher.drainSoon();
    return result;
  }
}
