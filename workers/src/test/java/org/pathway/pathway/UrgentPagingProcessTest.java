package org.pathway.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.api.security.Role;
import org.pathway.intake.OutboxPublisher;
import org.pathway.intake.WakeUps;
import org.pathway.model.PathwayModel.Vars;
import org.pathway.store.AuditLog;
import org.pathway.store.PagingRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Urgent pages (bpmn/urgent-page.bpmn) against a real SMTP server (GreenMail) and a local HTTP
 * receiver standing in for the hospital's paging gateway, on the in-memory engine with its clock:
 * delivered, re-paged, escalated, acknowledged and then silent; a failing gateway retried and
 * reported; the whole chain unanswered; and a CRS grade 3 in the real pathway paging end to end.
 */
// a context of its own (its own in-memory engine): closed after the class, so that no second
// engine keeps running beside the shared context's for the rest of the suite (zeebe-process-test's
// gRPC response writer keeps its buffers in static fields: two live engines corrupt each other's
// job activations, seen as "Could not deserialize object [JobBatchRecord]")
@org.springframework.test.annotation.DirtiesContext(classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_CLASS)
class UrgentPagingProcessTest extends PathwayTestSupport {

  private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
  private static final HttpServer GATEWAY;
  /** The JSON bodies the paging gateway received. */
  private static final List<Map<String, Object>> GATEWAY_RECEIVED = new CopyOnWriteArrayList<>();

  static {
    SMTP.start();
    try {
      GATEWAY = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ObjectMapper json = new ObjectMapper();
    GATEWAY.createContext(
        "/page",
        exchange -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> body = json.readValue(exchange.getRequestBody(), Map.class);
          GATEWAY_RECEIVED.add(body);
          @SuppressWarnings("unchecked")
          String pager = String.valueOf(((Map<String, Object>) body.get("recipient")).get("pager"));
          boolean bearer = "Bearer gateway-test-token".equals(exchange.getRequestHeaders().getFirst("Authorization"));
          // a pager the gateway does not know: it answers 503, as an overloaded gateway would
          int status = !bearer ? 401 : pager.startsWith("broken-") ? 503 : 202;
          byte[] answer = (status == 202 ? "{\"queued\":true}" : "{\"error\":\"unavailable\"}").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    GATEWAY.start();
  }

  @DynamicPropertySource
  static void channels(DynamicPropertyRegistry registry) {
    // its own database: the outbox of another test context must not publish into this engine
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:pathway-paging-tests;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    registry.add("pathway.paging.email.host", () -> "127.0.0.1");
    registry.add("pathway.paging.email.port", () -> SMTP.getSmtp().getPort());
    registry.add("pathway.paging.email.starttls", () -> false);
    registry.add("pathway.paging.email.from", () -> "pathway@hospital.test");
    registry.add("pathway.paging.webhook.url", () -> "http://127.0.0.1:" + GATEWAY.getAddress().getPort() + "/page");
    registry.add("pathway.paging.webhook.token", () -> "gateway-test-token");
    registry.add("pathway.paging.repage-every", () -> "PT5M");
    registry.add("pathway.paging.repeats-before-escalation", () -> 1);
    // the engine schedules a job's back-off in real time: short here
    registry.add("pathway.paging.retry-backoff", () -> "PT1S");
  }

  @AfterAll
  static void stop() {
    SMTP.stop();
    GATEWAY.stop(0);
  }

  @Autowired WakeUps wakeUps;
  @Autowired OutboxPublisher publisher;
  @Autowired PagingRepository pages;
  @Autowired AuditLog audit;
  @Autowired io.micrometer.core.instrument.MeterRegistry meters;

  private static final Duration REPAGE = Duration.ofMinutes(5);

  /** Sets the ward's on-call chain as a manager would: {role, name, email, pager} each. */
  private void onCall(String ward, List<Map<String, Object>> chain) {
    ResponseEntity<Map<String, Object>> r = as(Role.MANAGER).exchange(
        "/api/v1/wards/" + ward + "/on-call", HttpMethod.PUT, new HttpEntity<>(Map.of("chain", chain)), JSON);
    assertThat(r.getStatusCode()).as(String.valueOf(r.getBody())).isEqualTo(HttpStatus.OK);
  }

  private static Map<String, Object> person(String role, String name, String email, String pager) {
    return vars("role", role, "name", name, "email", email, "pager", pager);
  }

  /** A page requested as a pathway step requests it (RequestPageWorker's message). */
  private String requestPage(String pageId, String patientId, String ward, String event, Integer grade) {
    Map<String, Object> page = new HashMap<>();
    page.put(Vars.PAGE_ID, pageId);
    page.put(Vars.PATIENT_ID, patientId);
    page.put(Vars.WARD, ward);
    page.put(Vars.PAGE_EVENT, event);
    page.put(Vars.GRADE, grade);
    page.put(Vars.PREVIOUS_GRADE, null);
    page.put(Vars.WHAT_HAPPENED, event + " grade " + grade + " on day 3");
    page.put(Vars.PATIENT_LINK, "http://127.0.0.1:8080/patients/" + patientId);
    page.put(Vars.REQUESTED_AT, now().toString());
    wakeUps.pageRequested(pageId, page, now());
    publisher.drainSoon();
    return pageId;
  }

  private long processOf(String pageId) {
    return await().atMost(WAIT).until(() -> pages.find(pageId), java.util.Optional::isPresent)
        .orElseThrow().processInstanceKey();
  }

  /** E-mails the SMTP server received for this address about this patient. */
  private static List<MimeMessage> mails(String to, String patientId) {
    return Arrays.stream(SMTP.getReceivedMessages())
        .filter(m -> {
          try {
            return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(to))
                && m.getSubject().contains(patientId);
          } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
          }
        })
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> gateway(String pager, String patientId) {
    return GATEWAY_RECEIVED.stream()
        .filter(b -> pager.equals(((Map<String, Object>) b.get("recipient")).get("pager")))
        .filter(b -> patientId.equals(b.get("patientId")))
        .toList();
  }

  private void awaitMails(String to, String patientId, int count) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(mails(to, patientId)).hasSize(count));
  }

  private ResponseEntity<Map<String, Object>> acknowledge(Role role, String pageId) {
    return as(role).exchange("/api/v1/pages/" + pageId + "/acknowledge", HttpMethod.POST, HttpEntity.EMPTY, JSON);
  }

  private List<String> auditActions(String patientId) {
    return audit.find(patientId, Instant.EPOCH, now().plus(Duration.ofDays(1))).stream()
        .map(e -> e.event().action())
        .filter(a -> a.startsWith("page."))
        .toList();
  }

  @Test
  void aPageIsDeliveredRepagedEscalatedAndAfterAcknowledgementNothingMoreIsSent() throws Exception {
    onCall("PG1", List.of(
        person("WARD_PHYSICIAN", "Dr Ward", "ward-pg1@hospital.test", "pg1-ward"),
        person("SENIOR_PHYSICIAN", "Dr Senior", "senior-pg1@hospital.test", "pg1-senior"),
        person("ICU", "ICU outreach", "icu-pg1@hospital.test", "pg1-icu")));
    String pageId = requestPage("page-test-1", "PAGE-P1", "PG1", "CRS_GRADE", 3);
    long process = processOf(pageId);

    // the ward physician, by e-mail and through the gateway, with the patient, what happened and the links
    awaitMails("ward-pg1@hospital.test", "PAGE-P1", 1);
    MimeMessage mail = mails("ward-pg1@hospital.test", "PAGE-P1").getFirst();
    assertThat(mail.getSubject()).isEqualTo("URGENT: CRS grade 3 (ASTCT, reference §3.1): urgent physician review - patient PAGE-P1, ward PG1");
    assertThat((String) mail.getContent())
        .contains("What happened: CRS_GRADE grade 3 on day 3")
        .contains("http://127.0.0.1:8080/patients/PAGE-P1")
        .contains("/api/v1/pages/page-test-1/acknowledge");
    await().atMost(WAIT).until(() -> gateway("pg1-ward", "PAGE-P1").size() == 1);
    assertThat(gateway("pg1-ward", "PAGE-P1").getFirst())
        .containsEntry("pageId", "page-test-1").containsEntry("ward", "PG1").containsEntry("grade", 3)
        .containsEntry("patientLink", "http://127.0.0.1:8080/patients/PAGE-P1");
    assertThat(mails("senior-pg1@hospital.test", "PAGE-P1")).isEmpty();

    // not acknowledged within 5 min: the same physician again
    advancePastTimer(process, "repage-due", REPAGE);
    awaitMails("ward-pg1@hospital.test", "PAGE-P1", 2);
    assertThat(mails("senior-pg1@hospital.test", "PAGE-P1")).isEmpty();

    // after one re-page: the senior
    advancePastTimer(process, "repage-due", REPAGE);
    awaitMails("senior-pg1@hospital.test", "PAGE-P1", 1);
    await().atMost(WAIT).until(() -> gateway("pg1-senior", "PAGE-P1").size() == 1);
    assertThat(mails("ward-pg1@hospital.test", "PAGE-P1")).hasSize(2);

    // a nurse may not acknowledge; the physician does, and is recorded with the time
    assertThat(acknowledge(Role.NURSE, pageId).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    Instant before = now();
    ResponseEntity<Map<String, Object>> ack = acknowledge(Role.PHYSICIAN, pageId);
    assertThat(ack.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(ack.getBody()).containsEntry("acknowledgedBy", "physician").containsEntry("alreadyAcknowledged", false);
    Instant acknowledgedAt = Instant.parse((String) ack.getBody().get("acknowledgedAt"));
    assertThat(acknowledgedAt).isBetween(before, now());
    await().atMost(WAIT).until(() -> completions(process, "acknowledged") == 1);
    assertThat(variable(process, Vars.ACKNOWLEDGED_BY)).isEqualTo("\"physician\"");

    // acknowledged again: the first acknowledgement stands
    advance(Duration.ofMinutes(1));
    assertThat(acknowledge(Role.PHYSICIAN, pageId).getBody())
        .containsEntry("alreadyAcknowledged", true).containsEntry("acknowledgedAt", acknowledgedAt.toString());

    // nothing is sent after the acknowledgement, however long the clock runs
    int deliveries = pages.deliveries(pageId).size();
    advance(REPAGE.multipliedBy(4));
    assertThat(pendingTimers(process)).isEmpty();
    assertThat(pages.deliveries(pageId)).hasSize(deliveries);
    assertThat(mails("ward-pg1@hospital.test", "PAGE-P1")).hasSize(2);
    assertThat(mails("senior-pg1@hospital.test", "PAGE-P1")).hasSize(1);
    assertThat(mails("icu-pg1@hospital.test", "PAGE-P1")).isEmpty();
    assertThat(deliveries).isEqualTo(6); // 3 pagings, e-mail and gateway each
    assertThat(pages.deliveries(pageId)).allSatisfy(d -> assertThat(d.outcome()).isEqualTo("DELIVERED"));
    assertThat(auditActions("PAGE-P1")).containsExactly(
        "page.requested", "page.sent", "page.repaged", "page.escalated", "page.acknowledged");

    // the managers' report: acknowledged 10 minutes (and the test's own seconds) after the request
    PagingRepository.Page page = pages.find(pageId).orElseThrow();
    ResponseEntity<Map<String, Object>> report = as(Role.MANAGER).exchange(
        "/api/v1/reports/compliance?from=" + page.requestedAt() + "&to=" + page.requestedAt().plusMillis(1),
        HttpMethod.GET, null, JSON);
    assertThat(report.getBody().toString()).doesNotContain("PAGE-P1");
    @SuppressWarnings("unchecked")
    Map<String, Object> crsPages = ((List<Map<String, Object>>) report.getBody().get("pages")).getFirst();
    assertThat(crsPages).containsEntry("event", "CRS_GRADE").containsEntry("paged", 1).containsEntry("acknowledged", 1);
    assertThat(((Number) crsPages.get("medianSecondsToAcknowledge")).longValue())
        .isEqualTo(Duration.between(page.requestedAt(), page.acknowledgedAt()).toSeconds())
        .isBetween(600L, 660L);
  }

  @Test
  void aRequestDeliveredTwiceStartsOnePage() {
    onCall("PG2", List.of(person("WARD_PHYSICIAN", "Dr Two", "ward-pg2@hospital.test", null)));
    requestPage("page-test-2", "PAGE-P2", "PG2", "IEC_HS_SUSPECTED", null);
    requestPage("page-test-2", "PAGE-P2", "PG2", "IEC_HS_SUSPECTED", null);
    long process = processOf("page-test-2");
    awaitMails("ward-pg2@hospital.test", "PAGE-P2", 1);
    engine.waitForIdleState(IDLE);
    assertThat(completions(0, "page-requested")).isPositive();
    assertThat(mails("ward-pg2@hospital.test", "PAGE-P2")).hasSize(1);
    assertThat(acknowledge(Role.PHYSICIAN, "page-test-2").getStatusCode()).isEqualTo(HttpStatus.OK);
    await().atMost(WAIT).until(() -> completions(process, "acknowledged") == 1);
  }

  @Test
  void whatThePolicyDoesNotPageSendsNothing() {
    requestPage("page-test-3", "PAGE-P3", "H7", "CRS_GRADE", 2);
    await().atMost(WAIT).until(() -> completions(0, "not-paged") >= 1 && pages.find("page-test-3").isEmpty());
    engine.waitForIdleState(IDLE);
    assertThat(pages.find("page-test-3")).isEmpty();
    assertThat(Arrays.stream(SMTP.getReceivedMessages()).filter(m -> GreenMailUtil.getHeaders(m).contains("PAGE-P3"))).isEmpty();
    assertThat(acknowledge(Role.PHYSICIAN, "page-test-3").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aFailingGatewayIsRetriedThenReportedAndThePageGoesOn() {
    onCall("PG4", List.of(
        person("WARD_PHYSICIAN", "Dr Unreachable", null, "broken-pg4"),
        person("SENIOR_PHYSICIAN", "Dr Reachable", "senior-pg4@hospital.test", null)));
    double undeliveredBefore = meters.counter(ReportUndeliveredPageWorker.UNDELIVERED).count();
    String pageId = requestPage("page-test-4", "PAGE-P4", "PG4", "ICANS_GRADE", 4);
    long process = processOf(pageId);

    // three attempts (the job's retries, with back-off), each answered 503
    await().atMost(WAIT).until(() -> completions(process, "report-undelivered-page") == 1);
    List<PagingRepository.Delivery> attempts = pages.deliveries(pageId);
    assertThat(attempts).extracting(PagingRepository.Delivery::attempt).containsExactly(1, 2, 3);
    assertThat(attempts).allSatisfy(d -> {
      assertThat(d.outcome()).isEqualTo("FAILED");
      assertThat(d.channel()).isEqualTo("WEBHOOK");
      assertThat(d.error()).contains("answered HTTP 503");
    });
    assertThat(gateway("broken-pg4", "PAGE-P4")).hasSize(3);
    assertThat(auditActions("PAGE-P4")).containsExactly(
        "page.requested", "page.delivery-failed", "page.delivery-failed", "page.delivery-failed", "page.undelivered");
    assertThat(incidentsOf(process)).isEmpty();
    assertThat(meters.counter(ReportUndeliveredPageWorker.UNDELIVERED).count()).isEqualTo(undeliveredBefore + 1);

    // the escalation goes on: re-paged (fails again), then the senior, reached by e-mail
    advancePastTimer(process, "repage-due", REPAGE);
    await().atMost(WAIT).until(() -> completions(process, "report-undelivered-page") == 2);
    assertThat(pages.deliveries(pageId)).hasSize(6);
    advancePastTimer(process, "repage-due", REPAGE);
    awaitMails("senior-pg4@hospital.test", "PAGE-P4", 1);
    assertThat(acknowledge(Role.PHYSICIAN, pageId).getStatusCode()).isEqualTo(HttpStatus.OK);
    await().atMost(WAIT).until(() -> completions(process, "acknowledged") == 1);
  }

  @Test
  void whenNobodyInTheChainAnswersItIsReportedAndTheLastIsPagedOn() {
    onCall("PG5", List.of(person("WARD_PHYSICIAN", "Dr Alone", "alone-pg5@hospital.test", null)));
    String pageId = requestPage("page-test-5", "PAGE-P5", "PG5", "PHYSICIAN_REVIEW_OVERDUE", null);
    long process = processOf(pageId);
    awaitMails("alone-pg5@hospital.test", "PAGE-P5", 1);
    advancePastTimer(process, "repage-due", REPAGE);
    awaitMails("alone-pg5@hospital.test", "PAGE-P5", 2);
    assertThat(pages.find(pageId).orElseThrow().unansweredAt()).isNull();
    advancePastTimer(process, "repage-due", REPAGE);
    await().atMost(WAIT).until(() -> completions(process, "report-unanswered-page") == 1);
    assertThat(pages.find(pageId).orElseThrow().unansweredAt()).isNotNull();
    awaitMails("alone-pg5@hospital.test", "PAGE-P5", 3);
    assertThat(auditActions("PAGE-P5")).contains("page.unanswered");
    assertThat(acknowledge(Role.PHYSICIAN, pageId).getStatusCode()).isEqualTo(HttpStatus.OK);
    await().atMost(WAIT).until(() -> completions(process, "acknowledged") == 1);
  }

  @Test
  void theOnCallChainIsConfiguredChangedByTheApiAndWardScoped() {
    ResponseEntity<Map<String, Object>> configured = as(Role.NURSE).exchange("/api/v1/wards/H7/on-call", HttpMethod.GET, null, JSON);
    assertThat(configured.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(configured.getBody()).containsEntry("source", "CONFIGURATION");
    assertThat((List<?>) configured.getBody().get("people")).hasSize(3);

    onCall("PG6", List.of(person("WARD_PHYSICIAN", "Dr Six", "six@hospital.test", "606")));
    ResponseEntity<Map<String, Object>> stored = as(Role.MANAGER).exchange("/api/v1/wards/PG6/on-call", HttpMethod.GET, null, JSON);
    assertThat(stored.getBody()).containsEntry("source", "DATABASE");
    assertThat(stored.getBody().get("people").toString()).contains("Dr Six", "six@hospital.test", "606");
    assertThat(audit.find(null, Instant.EPOCH, now().plusSeconds(60)).stream().map(e -> e.event()))
        .anySatisfy(e -> {
          assertThat(e.action()).isEqualTo("on-call.changed");
          assertThat(e.resource()).isEqualTo("ward/PG6/on-call");
          assertThat(e.actor()).isEqualTo("manager");
        });

    // the nurse of H7 may not read another ward's chain, nor change her own
    assertThat(as(Role.NURSE).exchange("/api/v1/wards/PG6/on-call", HttpMethod.GET, null, JSON).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as(Role.NURSE).exchange("/api/v1/wards/H7/on-call", HttpMethod.PUT,
            new HttpEntity<>(Map.of("chain", List.of(person("WARD_PHYSICIAN", "X", "x@hospital.test", null)))), JSON)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    // a person nobody can reach is refused, naming them
    ResponseEntity<Map<String, Object>> unreachable = as(Role.MANAGER).exchange("/api/v1/wards/PG6/on-call", HttpMethod.PUT,
        new HttpEntity<>(Map.of("chain", List.of(person("WARD_PHYSICIAN", "Dr Nobody", null, null)))), JSON);
    assertThat(unreachable.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unreachable.getBody().toString()).contains("/chain/0").contains("an email or a pager");
    assertThat(as(Role.MANAGER).exchange("/api/v1/wards/PG6/on-call", HttpMethod.PUT,
            new HttpEntity<>(Map.of("chain", List.of())), JSON).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(as(Role.MANAGER).exchange("/api/v1/wards/PG6/on-call", HttpMethod.GET, null, JSON).getBody().get("people").toString())
        .contains("Dr Six");
  }

  @Test
  void crsGradeThreeInThePathwayPagesTheWardsOnCallPhysician() throws Exception {
    String id = "PAGE-CRS3";
    Instant infusion = now().minus(Duration.ofDays(3)).minus(Duration.ofHours(2));
    assertThat(enroll(patient(id, infusion)).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    Map<String, Object> oxygen = new HashMap<>();
    oxygen.put("device", "NON_REBREATHER");
    oxygen.put("flowLpm", 10.0);
    ResponseEntity<Map<String, Object>> posted = http.exchange("/api/v1/patients/" + id + "/vitals", HttpMethod.POST,
        new HttpEntity<>(Map.of("vitals", List.of(vars("at", now().toString(), "temperature", Map.of("value", 38.7, "unit", "Cel"),
            "hypotension", false, "vasopressors", List.of(), "oxygen", oxygen)))), JSON);
    assertThat(posted.getStatusCode().is2xxSuccessful()).as(String.valueOf(posted.getBody())).isTrue();

    // ward H7's chain as configured in application.yml: its ward physician first
    awaitMails("h7-physician-on-call@localhost", id, 1);
    MimeMessage mail = mails("h7-physician-on-call@localhost", id).getFirst();
    assertThat(mail.getSubject()).startsWith("URGENT: CRS grade 3");
    assertThat((String) mail.getContent()).contains("What happened: CRS grade 3 on day 3").contains("/patients/" + id);
    await().atMost(WAIT).until(() -> gateway("7001", id).size() == 1);
    List<String> actions = new ArrayList<>(auditActions(id));
    assertThat(actions).startsWith("page.requested", "page.sent");
    String pageId = gateway("7001", id).getFirst().get("pageId").toString();
    assertThat(acknowledge(Role.PHYSICIAN, pageId).getStatusCode()).isEqualTo(HttpStatus.OK);
    long process = pages.find(pageId).orElseThrow().processInstanceKey();
    await().atMost(WAIT).until(() -> completions(process, "acknowledged") == 1);
  }

  @Test
  void aSuspectedIecHsPagesAndItsReviewLeftOverduePagesAgain() throws Exception {
    String id = "PAGE-IECHS";
    Instant infusion = now().minus(Duration.ofDays(12)).minus(Duration.ofHours(2));
    assertThat(enroll(patient(id, infusion)).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(postLabs(id, tc07Labs(infusion, now().minusSeconds(600))).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    long workup = processInstanceKey(awaitOpenTask(id, "review-suspected-iec-hs"));

    awaitMails("h7-physician-on-call@localhost", id, 1);
    MimeMessage suspected = mails("h7-physician-on-call@localhost", id).getFirst();
    assertThat(suspected.getSubject()).startsWith("URGENT: IEC-HS suspected (reference §5.2a)");
    assertThat((String) suspected.getContent()).contains("What happened: IEC-HS suspected");
    await().atMost(WAIT).until(() -> gateway("7001", id).size() == 1);
    assertThat(acknowledge(Role.PHYSICIAN, gateway("7001", id).getFirst().get("pageId").toString()).getStatusCode())
        .isEqualTo(HttpStatus.OK);

    // the review not done by its due time: the on-call physician is paged for it
    Instant due = awaitTimer(workup, "review-suspected-iec-hs-overdue");
    advance(Duration.between(now(), due).plusMinutes(1));
    awaitMails("h7-physician-on-call@localhost", id, 2);
    assertThat(mails("h7-physician-on-call@localhost", id).get(1).getSubject())
        .startsWith("URGENT: A physician review is overdue");
    assertThat((String) mails("h7-physician-on-call@localhost", id).get(1).getContent())
        .contains("What happened: Review of suspected IEC-HS not done by " + due);
    await().atMost(WAIT).until(() -> gateway("7001", id).size() == 2);
    assertThat(acknowledge(Role.PHYSICIAN, gateway("7001", id).get(1).get("pageId").toString()).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }
}
