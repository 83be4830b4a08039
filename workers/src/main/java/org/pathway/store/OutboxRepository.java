package org.pathway.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

@Repository
public class OutboxRepository {

  /** A message waiting to be published to the engine. */
  public record OutboxMessage(
      long id,
      String messageName,
      String correlationKey,
      String messageId,
      String variablesJson,
      int attempts) {}

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
   * Enqueues a message once per message id (the engine de-duplicates on the same id). Inside the
   * caller's transaction, a message of the same name for the same correlation key that no publisher
   * has tried yet carries this one too: one wake-up for all results stored before it is published.
   *
   * <p>That waiting message is locked until the caller commits, so no publisher claims it (claims
   * skip locked rows) and wakes the pathway before the data it wakes for is visible. A message
   * already claimed or tried may be in the engine's hands, and the assessment it starts may have
   * read the patient before this commit: then a new message is added. Without a transaction the
   * lock would not outlast this call, so a new message is added too.
   */
  public boolean enqueue(
      String messageName, String correlationKey, String messageId, String variablesJson, Instant at) {
    if (TransactionSynchronizationManager.isActualTransactionActive()
        && jdbc.sql(
                """
                select id from outbox_message
                where message_name = :name and correlation_key = :key and published_at is null
                  and claimed_until is null and attempts = 0
                order by id limit 1
                for update skip locked
                """)
            .param("name", messageName)
            .param("key", correlationKey)
            .query(Long.class)
            .optional()
            .isPresent()) {
      return false;
    }
    return insert(messageName, correlationKey, messageId, variablesJson, at);
  }

  /**
   * Enqueues a message that names what it wakes for (its variables), never folded into another
   * waiting one: each is published. Its row, uncommitted, is invisible to the publishers until the
   * caller commits, so it cannot wake the pathway before its data is visible. False when a message
   * of this id is already in the outbox.
   */
  public boolean enqueueDistinct(
      String messageName, String correlationKey, String messageId, String variablesJson, Instant at) {
    return insert(messageName, correlationKey, messageId, variablesJson, at);
  }

  private boolean insert(
      String messageName, String correlationKey, String messageId, String variablesJson, Instant at) {
    return jdbc.sql(
                """
                insert into outbox_message (message_name, correlation_key, message_id, variables,
                    created_at)
                values (:name, :key, :mid, :vars, :at)
                on conflict do nothing
                """)
            .param("name", messageName)
            .param("key", correlationKey)
            .param("mid", messageId)
            .param("vars", variablesJson)
            .param("at", PatientRepository.utc(at))
            .update()
        == 1;
  }

  /**
   * Claims the oldest message waiting that no instance holds a claim on, for {@code lease} by the
   * database's clock, and returns it; empty when there is none. The row lock of FOR UPDATE SKIP
   * LOCKED lasts only this short transaction: instances claiming at the same moment take different
   * messages, and none waits for another.
   */
  public Optional<OutboxMessage> claimNext(String instance, Duration lease) {
    return claiming.execute(status -> {
      Optional<OutboxMessage> next = jdbc.sql(
              """
              select id, message_name, correlation_key, message_id, variables, attempts
              from outbox_message
              where published_at is null
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
                      rs.getInt("attempts")))
          .optional();
      next.ifPresent(m -> jdbc.sql(
              "update outbox_message set claimed_by = :instance,"
                  + " claimed_until = current_timestamp + cast(:seconds as integer) * interval '1' second"
                  + " where id = :id")
          .param("instance", instance)
          .param("seconds", Math.max(1, lease.toSeconds()))
          .param("id", m.id())
          .update());
      return next;
    });
  }

  public void markPublished(long id, Instant at) {
    jdbc.sql(
            "update outbox_message set published_at = :at, attempts = attempts + 1,"
                + " last_error = null where id = :id")
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
