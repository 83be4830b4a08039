package org.pathway.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log: who did what to which resource (and patient), when, with which outcome. Entries
 * are only ever appended; each carries a gapless sequence number and the SHA-256 of the entry
 * before it, so {@link #verify()} finds the first entry that was altered, removed or inserted.
 * The chain's head is kept by the database (audit_head), so any number of service instances append
 * to one chain.
 */
@org.springframework.stereotype.Repository
public class AuditLog {

  /** What is recorded. {@code at} is server time (UTC). */
  public record Event(
      Instant at,
      String actor,
      String role,
      String action,
      String resource,
      String patientId,
      String outcome,
      String requestId,
      String detail) {}

  /** A stored entry: the event, its place in the chain, and the hashes. */
  public record Entry(long seq, Event event, String prevHash, String hash) {}

  /** The chain checked: intact, or the first entry where it breaks and why. */
  public record Verification(long entries, Long brokenAt, String problem) {
    public boolean intact() {
      return brokenAt == null;
    }
  }

  static final String GENESIS = "0".repeat(64);

  /** How often an append that could not get the chain's head in time (lock timeout) tries again. */
  private static final int ATTEMPTS = 5;

  /** Entries appended: with the chain's length, a gap in appends shows that auditing stopped. */
  public static final String APPENDS = "pathway.audit.appends";

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final Counter appends;

  public AuditLog(DataSource dataSource, MeterRegistry meters) {
    this.jdbc = JdbcClient.create(dataSource);
    this.appends = meters.counter(APPENDS);
    // joins the caller's transaction when there is one (the entry commits or rolls back with what it
    // records), else a short one of its own
    this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  /**
   * Appends an event at the end of the chain. The chain's head (last sequence number and hash) is
   * the single row of audit_head, locked with SELECT ... FOR UPDATE in the transaction that inserts
   * the entry and moves the head: appends are serialised by the database, whichever service
   * instance or thread makes them, and no query looks for the last entry.
   */
  public Entry append(Event given) {
    // the databases keep microseconds: the hash must cover what is stored
    Event event =
        new Event(given.at().truncatedTo(java.time.temporal.ChronoUnit.MICROS), given.actor(),
            given.role(), given.action(), given.resource(), given.patientId(), given.outcome(),
            given.requestId(), given.detail());
    boolean joined = TransactionSynchronizationManager.isActualTransactionActive();
    for (int attempt = 1; ; attempt++) {
      try {
        Entry appended = transaction.execute(status -> appendLocked(event));
        appends.increment();
        return appended;
      } catch (ConcurrencyFailureException e) {
        // waited too long for the head (H2's lock timeout; a deadlock PostgreSQL broke): in a
        // transaction of our own nothing was written, so try again; a caller's is the caller's
        if (joined || attempt >= ATTEMPTS) {
          throw e;
        }
      } catch (TransactionException e) {
        // no connection for the transaction, or its commit failed: the database, as the callers
        // expect it to be reported (a job backs off on a DataAccessException)
        throw new DataAccessResourceFailureException("audit append: " + e.getMessage(), e);
      }
    }
  }

  private Entry appendLocked(Event event) {
    Head head = jdbc.sql("select seq, hash from audit_head where id = 1 for update")
        .query((rs, row) -> new Head(rs.getLong("seq"), rs.getString("hash")))
        .optional()
        .orElseThrow(() -> new IllegalStateException(
            "audit_head has no row: the audit chain's head is missing (see the audit section of the README)"));
    long seq = head.seq() + 1;
    String prev = head.hash();
    String hash = hash(seq, event, prev);
    jdbc.sql(
            """
            insert into audit_event (seq, at, actor, role, action, resource, patient_id, outcome,
                request_id, detail, prev_hash, hash)
            values (:seq, :at, :actor, :role, :action, :resource, :patient, :outcome, :request,
                :detail, :prev, :hash)
            """)
        .param("seq", seq)
        .param("at", PatientRepository.utc(event.at()))
        .param("actor", event.actor())
        .param("role", event.role())
        .param("action", event.action())
        .param("resource", event.resource())
        .param("patient", event.patientId())
        .param("outcome", event.outcome())
        .param("request", event.requestId())
        .param("detail", event.detail())
        .param("prev", prev)
        .param("hash", hash)
        .update();
    jdbc.sql("update audit_head set seq = :seq, hash = :hash where id = 1")
        .param("seq", seq)
        .param("hash", hash)
        .update();
    return new Entry(seq, event, prev, hash);
  }

  private record Head(long seq, String hash) {}

  /** Recomputes the whole chain in order and reports the first entry that does not fit. */
  public Verification verify() {
    List<Entry> entries = jdbc.sql("select * from audit_event order by seq").query(AuditLog::map).list();
    long expectedSeq = 1;
    String prev = GENESIS;
    for (Entry e : entries) {
      if (e.seq() != expectedSeq) {
        return new Verification(entries.size(), expectedSeq,
            "entry " + expectedSeq + " is missing (the next entry is " + e.seq() + ")");
      }
      if (!e.prevHash().equals(prev)) {
        return new Verification(entries.size(), e.seq(),
            "entry " + e.seq() + " does not follow the entry before it (previous hash differs)");
      }
      if (!hash(e.seq(), e.event(), e.prevHash()).equals(e.hash())) {
        return new Verification(entries.size(), e.seq(),
            "entry " + e.seq() + " was altered (its content no longer matches its hash)");
      }
      prev = e.hash();
      expectedSeq++;
    }
    return new Verification(entries.size(), null, null);
  }

  /** Entries about a patient within [from, to], oldest first. */
  public List<Entry> find(String patientId, Instant from, Instant to) {
    return jdbc.sql(
            """
            select * from audit_event
            where (cast(:patient as varchar) is null or patient_id = :patient)
              and at >= :from and at <= :to
            order by at, seq
            """)
        .param("patient", patientId)
        .param("from", PatientRepository.utc(from))
        .param("to", PatientRepository.utc(to))
        .query(AuditLog::map)
        .list();
  }

  static String hash(long seq, Event e, String prev) {
    String canonical =
        String.join(
            "\u001f",
            Long.toString(seq),
            e.at().toString(),
            e.actor(),
            String.valueOf(e.role()),
            e.action(),
            e.resource(),
            String.valueOf(e.patientId()),
            e.outcome(),
            String.valueOf(e.requestId()),
            String.valueOf(e.detail()),
            prev);
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static Entry map(ResultSet rs, int row) throws SQLException {
    return new Entry(
        rs.getLong("seq"),
        new Event(
            UserTaskRepository.instant(rs, "at"),
            rs.getString("actor"),
            rs.getString("role"),
            rs.getString("action"),
            rs.getString("resource"),
            rs.getString("patient_id"),
            rs.getString("outcome"),
            rs.getString("request_id"),
            rs.getString("detail")),
        rs.getString("prev_hash"),
        rs.getString("hash"));
  }
}
