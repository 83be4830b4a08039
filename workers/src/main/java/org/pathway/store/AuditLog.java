package org.pathway.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit log: who did what to which resource (and patient), when, with which outcome. Entries
 * are only ever appended; each carries a gapless sequence number and the SHA-256 of the entry
 * before it, so {@link #verify()} finds the first entry that was altered, removed or inserted.
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

  /** Entries appended: with the chain's length, a gap in appends shows that auditing stopped. */
  public static final String APPENDS = "pathway.audit.appends";

  private final JdbcClient jdbc;
  private final Counter appends;

  public AuditLog(JdbcClient jdbc, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.appends = meters.counter(APPENDS);
  }

  /**
   * Appends an event at the end of the chain. Appends are serialised here; a second writer (another
   * service instance) that takes the same place loses on the primary key and tries again.
   */
  public synchronized Entry append(Event given) {
    // the databases keep microseconds: the hash must cover what is stored
    Event event =
        new Event(given.at().truncatedTo(java.time.temporal.ChronoUnit.MICROS), given.actor(),
            given.role(), given.action(), given.resource(), given.patientId(), given.outcome(),
            given.requestId(), given.detail());
    for (int attempt = 0; ; attempt++) {
      Optional<Entry> last = last();
      long seq = last.map(e -> e.seq() + 1).orElse(1L);
      String prev = last.map(Entry::hash).orElse(GENESIS);
      String hash = hash(seq, event, prev);
      try {
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
        appends.increment();
        return new Entry(seq, event, prev, hash);
      } catch (DuplicateKeyException e) {
        if (attempt >= 10) {
          throw e;
        }
      }
    }
  }

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

  private Optional<Entry> last() {
    return jdbc.sql("select * from audit_event order by seq desc limit 1").query(AuditLog::map).optional();
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
