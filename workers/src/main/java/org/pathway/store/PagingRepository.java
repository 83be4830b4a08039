package org.pathway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Urgent pages, their delivery attempts, and the on-call chains changed through the API. */
@Repository
public class PagingRepository {

  /** One person of a ward's escalation chain, in order; email and pager are their channels. */
  public record OnCallRow(String role, String name, String email, String pager) {}

  public record Page(
      String pageId,
      long processInstanceKey,
      String patientId,
      String ward,
      String pageEvent,
      Integer grade,
      String reason,
      String whatHappened,
      Instant requestedAt,
      Instant acknowledgedAt,
      String acknowledgedBy,
      Instant unansweredAt) {}

  public record Delivery(
      String pageId,
      long sendKey,
      int chainLevel,
      int pageRound,
      String recipient,
      String channel,
      int attempt,
      String outcome,
      String error,
      Instant attemptedAt) {}

  public static final String DELIVERED = "DELIVERED";
  public static final String FAILED = "FAILED";

  private final JdbcClient jdbc;

  public PagingRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The ward's chain as last changed through the API; empty when it never was. */
  public List<OnCallRow> onCall(String ward) {
    return jdbc.sql("select * from on_call where ward = :ward order by chain_position")
        .param("ward", ward)
        .query((rs, n) -> new OnCallRow(rs.getString("role"), rs.getString("name"), rs.getString("email"), rs.getString("pager")))
        .list();
  }

  @Transactional
  public void replaceOnCall(String ward, List<OnCallRow> chain, String changedBy, Instant at) {
    jdbc.sql("delete from on_call where ward = :ward").param("ward", ward).update();
    for (int i = 0; i < chain.size(); i++) {
      OnCallRow row = chain.get(i);
      jdbc.sql(
              """
              insert into on_call (ward, chain_position, role, name, email, pager, changed_by, changed_at)
              values (:ward, :pos, :role, :name, :email, :pager, :by, :at)
              """)
          .param("ward", ward)
          .param("pos", i + 1)
          .param("role", row.role())
          .param("name", row.name())
          .param("email", row.email())
          .param("pager", row.pager())
          .param("by", changedBy)
          .param("at", PatientRepository.utc(at))
          .update();
    }
  }

  /** Records the page once; a job delivered again finds it there. */
  public void recordPage(Page page) {
    jdbc.sql(
            """
            insert into page (page_id, process_instance_key, patient_id, ward, page_event, grade,
                reason, what_happened, requested_at)
            values (:id, :pi, :patient, :ward, :event, :grade, :reason, :what, :at)
            on conflict do nothing
            """)
        .param("id", page.pageId())
        .param("pi", page.processInstanceKey())
        .param("patient", page.patientId())
        .param("ward", page.ward())
        .param("event", page.pageEvent())
        .param("grade", page.grade())
        .param("reason", page.reason())
        .param("what", page.whatHappened())
        .param("at", PatientRepository.utc(page.requestedAt()))
        .update();
  }

  public Optional<Page> find(String pageId) {
    return jdbc.sql("select * from page where page_id = :id")
        .param("id", pageId)
        .query(PagingRepository::page)
        .optional();
  }

  /** Records the acknowledgement; false when the page was acknowledged before (the first stays). */
  public boolean acknowledge(String pageId, String by, Instant at) {
    return jdbc.sql(
                """
                update page set acknowledged_at = :at, acknowledged_by = :by
                where page_id = :id and acknowledged_at is null
                """)
            .param("at", PatientRepository.utc(at))
            .param("by", by)
            .param("id", pageId)
            .update()
        == 1;
  }

  /** Marks that the whole chain was paged without an answer (the first time only). */
  public void markUnanswered(String pageId, Instant at) {
    jdbc.sql("update page set unanswered_at = :at where page_id = :id and unanswered_at is null")
        .param("at", PatientRepository.utc(at))
        .param("id", pageId)
        .update();
  }

  /** The patient's pages, newest first (the ward app's patient page, where a physician acknowledges). */
  public List<Page> ofPatient(String patientId) {
    return jdbc.sql("select * from page where patient_id = :patient order by requested_at desc, page_id")
        .param("patient", patientId)
        .query(PagingRepository::page)
        .list();
  }

  /** Pages requested in [from, to), oldest first. */
  public List<Page> requestedBetween(Instant from, Instant to) {
    return jdbc.sql("select * from page where requested_at >= :from and requested_at < :to order by requested_at")
        .param("from", PatientRepository.utc(from))
        .param("to", PatientRepository.utc(to))
        .query(PagingRepository::page)
        .list();
  }

  public void recordDelivery(Delivery d) {
    jdbc.sql(
            """
            insert into page_delivery (page_id, send_key, chain_level, page_round, recipient, channel,
                attempt, outcome, error, attempted_at)
            values (:page, :send, :level, :round, :recipient, :channel, :attempt, :outcome, :error, :at)
            """)
        .param("page", d.pageId())
        .param("send", d.sendKey())
        .param("level", d.chainLevel())
        .param("round", d.pageRound())
        .param("recipient", d.recipient())
        .param("channel", d.channel())
        .param("attempt", d.attempt())
        .param("outcome", d.outcome())
        .param("error", d.error())
        .param("at", PatientRepository.utc(d.attemptedAt()))
        .update();
  }

  /** The page's delivery attempts, in order. */
  public List<Delivery> deliveries(String pageId) {
    return jdbc.sql("select * from page_delivery where page_id = :id order by id")
        .param("id", pageId)
        .query(
            (rs, n) ->
                new Delivery(
                    rs.getString("page_id"),
                    rs.getLong("send_key"),
                    rs.getInt("chain_level"),
                    rs.getInt("page_round"),
                    rs.getString("recipient"),
                    rs.getString("channel"),
                    rs.getInt("attempt"),
                    rs.getString("outcome"),
                    rs.getString("error"),
                    rs.getObject("attempted_at", OffsetDateTime.class).toInstant()))
        .list();
  }

  private static Page page(ResultSet rs, int row) throws SQLException {
    int grade = rs.getInt("grade");
    Integer gradeOrNull = rs.wasNull() ? null : grade;
    return new Page(
        rs.getString("page_id"),
        rs.getLong("process_instance_key"),
        rs.getString("patient_id"),
        rs.getString("ward"),
        rs.getString("page_event"),
        gradeOrNull,
        rs.getString("reason"),
        rs.getString("what_happened"),
        rs.getObject("requested_at", OffsetDateTime.class).toInstant(),
        instant(rs.getObject("acknowledged_at", OffsetDateTime.class)),
        rs.getString("acknowledged_by"),
        instant(rs.getObject("unanswered_at", OffsetDateTime.class)));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
