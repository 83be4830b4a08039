package org.pathway.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

@Repository
public class OutboxRepository {

  /**
   * A message waiting to be published to the engine; {@code folds}: it only wakes the pathway to
   * read what is stored, and may carry others of its kind ({@link #enqueue}).
   */
  public record OutboxMessage(
      long id,
      String messageName,
      String correlationKey,
      String messageId,
      String variablesJson,
      int attempts,
      boolean folds) {}

  private final JdbcClient jdbc;
  private final TransactionTemplate claiming;

  public OutboxRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
    // a claim commits at once, also when asked inside a caller's transaction: other instances must
    // see it before the message is published
    this.claiming = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.claiming.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Enqueues, in the caller's transaction, a message that wakes the pathway to read what is stored
   * (lab results, bedside observations): once per message id (the engine de-duplicates on the same
   * id). Until a publisher claims one of them, the waiting messages of a name and correlation key
   * are one wake-up: {@link #claimNext} folds them into the one it claims. False when a message of
   * this id is already in the outbox.
   *
   * <p>Nothing is locked here: the row, uncommitted, is invisible to the publishers until the caller
   * commits, so it can neither be claimed nor folded before the data it wakes for is visible.
   */
  public boolean enqueue(
      String messageName, String correlationKey, String messageId, String variablesJson, Instant at) {
    return insert(messageName, correlationKey, messageId, variablesJson, at, true);
  }

  /**
   * Enqueues a message that names what it wakes for (its variables), never folded into another
   * waiting one: each is published. Its row, uncommitted, is invisible to the publishers until the
   * caller commits, so it cannot wake the pathway before its data is visible. False when a message
   * of this id is already in the outbox.
   */
  public boolean enqueueDistinct(
      String messageName, String correlationKey, String messageId, String variablesJson, Instant at) {
    return insert(messageName, correlationKey, messageId, variablesJson, at, false);
  }

  private boolean insert(
      String messageName, String correlationKey, String messageId, String variablesJson, Instant at,
      boolean folds) {
    return jdbc.sql(
                """
                insert into outbox_message (message_name, correlation_key, message_id, variables,
                    created_at, folds)
                values (:name, :key, :mid, :vars, :at, :folds)
                on conflict do nothing
                """)
            .param("name", messageName)
            .param("key", correlationKey)
            .param("mid", messageId)
            .param("vars", variablesJson)
            .param("at", PatientRepository.utc(at))
            .param("folds", folds)
            .update()
        == 1;
  }

  /**
   * Claims the oldest message waiting that no instance holds a claim on, for {@code lease} by the
   * database's clock, and returns it; empty when there is none. The row lock of FOR UPDATE SKIP
   * LOCKED lasts only this short transaction: instances claiming at the same moment take different
   * messages, and none waits for another.
   *
   * <p>A claimed message that folds and was never tried carries the wake-up of every other waiting
   * one of its name and correlation key ({@link #enqueue}): those are committed (else they would
   * not be seen), so the data they wake for is visible to the assessment this message starts after
   * it is published; they are marked published with it. One that was tried may already be in the
   * engine's hands (a timeout after it took it) and its assessment may have run: it carries none.
   */
  public Optional<OutboxMessage> claimNext(String instance, Duration lease) {
    return claiming.execute(status -> jdbc.sql(
              """
              select id, message_name, correlation_key, message_id, variables, attempts, folds
              from outbox_message
              where published_at is null and folded_into is null
                and (claimed_until is null or claimed_until < current_timestamp)
              order by id limit 1
              for update skip locked
              """)
          .query(
              (rs, row) ->
                  new OutboxMessage(
                      rs.getLong("id"),
                      rs.getString("message_name"),
                      rs.getString("correlation_key"),
                      rs.getString("message_id"),
                      rs.getString("variables"),
                      rs.getInt("attempts"),
                      rs.getBoolean("folds")))
          .optional()
          .map(m -> {
            jdbc.sql(
                    "update outbox_message set claimed_by = :instance,"
                        + " claimed_until = current_timestamp + cast(:seconds as integer) * interval '1' second"
                        + " where id = :id")
                .param("instance", instance)
                .param("seconds", Math.max(1, lease.toSeconds()))
                .param("id", m.id())
                .update();
            if (m.folds() && m.attempts() == 0) {
              foldInto(m);
            }
            return m;
          }));
  }

  /** The other waiting, foldable messages of the claimed one's name and key: carried by it. */
  private void foldInto(OutboxMessage claimed) {
    // skip locked: one another instance is claiming right now stays its own
    List<Long> waiting = jdbc.sql(
            """
            select id from outbox_message
            where message_name = :name and correlation_key = :key and id <> :id
              and published_at is null and folded_into is null and folds
              and (claimed_until is null or claimed_until < current_timestamp)
            for update skip locked
            """)
        .param("name", claimed.messageName())
        .param("key", claimed.correlationKey())
        .param("id", claimed.id())
        .query(Long.class)
        .list();
    if (!waiting.isEmpty()) {
      jdbc.sql("update outbox_message set folded_into = :into where id in (:ids)")
          .param("into", claimed.id())
          .param("ids", waiting)
          .update();
    }
  }

  /** The message was delivered to the engine, and with it those folded into it. */
  public void markPublished(long id, Instant at) {
    jdbc.sql(
            "update outbox_message set published_at = :at, attempts = attempts + 1,"
                + " last_error = null where id = :id")
        .param("at", PatientRepository.utc(at))
        .param("id", id)
        .update();
    jdbc.sql("update outbox_message set published_at = :at where folded_into = :id and published_at is null")
        .param("at", PatientRepository.utc(at))
        .param("id", id)
        .update();
  }

  public void markFailed(long id, String error) {
    String trimmed = error == null ? "unknown" : error.substring(0, Math.min(error.length(), 1000));
    jdbc.sql(
            // the claim is given up: the next run of any instance tries again
            "update outbox_message set attempts = attempts + 1, last_error = :error,"
                + " claimed_until = null where id = :id")
        .param("error", trimmed)
        .param("id", id)
        .update();
  }

  public long countPending() {
    return jdbc.sql("select count(*) from outbox_message where published_at is null")
        .query(Long.class)
        .single();
  }

  /** When the oldest message still waiting was stored: how long the engine has not taken it. */
  public Optional<Instant> oldestPendingSince() {
    // the first pending by id, as published: the outbox_pending index answers it
    return jdbc.sql(
            "select created_at from outbox_message where published_at is null order by id limit 1")
        .query((rs, row) -> UserTaskRepository.instant(rs, "created_at"))
        .optional();
  }
}
