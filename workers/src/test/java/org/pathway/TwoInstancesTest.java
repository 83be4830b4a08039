package org.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.MessageIntent;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.MessageRecordValue;
import io.camunda.zeebe.protocol.record.value.UserTaskRecordValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.pathway.api.security.Role;
import org.pathway.engine.EmbeddedEngine;
import org.pathway.store.AssessmentRecord;
import org.pathway.store.AssessmentRepository;
import org.pathway.store.AuditVerifyCommand;
import org.pathway.store.TestDatabases;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two service processes on one PostgreSQL database and one engine (issue 13, item 4): instance 1
 * runs here with the embedded engine; instance 2 is a separate JVM in {@code remote} mode whose
 * Camunda client talks gRPC to instance 1's engine gateway (the in-memory engine has no REST API,
 * so user tasks are completed through instance 1, whose completer writes to the engine's log).
 * Patients are enrolled and their results posted to both instances at once while their tasks are
 * completed. Then: the audit chain verifies, every outbox message reached the engine exactly once
 * (itself, or the one it was folded into), every user task is projected once, every stored result
 * was read by exactly one assessment, no job failed, and the job workers and outbox publishers of
 * both instances took part.
 */
class TwoInstancesTest {

  static final int PATIENTS = 6;
  static final int BATCHES_PER_PATIENT = 6;
  static final String PASSWORD = "two-instances-demo-password";
  static final Path LOGS = Path.of("target", "two-instances");
  static final ObjectMapper JSON = new ObjectMapper();

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void twoInstancesOnOneDatabaseAndOneEngineDoEverythingOnce() throws Exception {
    DriverManagerDataSource ds = (DriverManagerDataSource) TestDatabases.postgres();
    TestDatabases.migrateClean(ds);
    Files.createDirectories(LOGS);
    Path log2 = LOGS.resolve("instance-2.log");
    int enginePort = freePort();
    List<String> args1 = new ArrayList<>(common(ds, 0));
    args1.add("--pathway.engine.embedded-port=" + enginePort);
    CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture.supplyAsync(
        () -> new SpringApplicationBuilder(PathwayApplication.class).run(args1.toArray(String[]::new)));
    ConfigurableApplicationContext one = null;
    Process two = null;
    try {
      // instance 2 boots beside instance 1 once instance 1's engine listens (both take a while)
      awaitListening(enginePort, starting);
      int port2 = freePort();
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx768m", "-cp", System.getProperty("java.class.path"), PathwayApplication.class.getName(),
          "--pathway.engine.mode=remote",
          "--camunda.client.mode=self-managed",
          "--camunda.client.auth.method=none",
          // the in-memory engine answers gRPC only: every command instance 2 sends goes that way
          "--camunda.client.prefer-rest-over-grpc=false",
          "--camunda.client.grpc-address=http://127.0.0.1:" + enginePort));
      command.addAll(common(ds, port2));
      two = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log2.toFile()).start();
      one = starting.join();
      String url1 = "http://127.0.0.1:" + one.getEnvironment().getProperty("local.server.port");
      String url2 = "http://127.0.0.1:" + port2;
      try {
        awaitReady(url2, two);
        run(ds, one.getBean(EmbeddedEngine.class), url1, url2, two.pid());
      } catch (Throwable e) {
        System.err.println("---- instance 2 (" + log2.toAbsolutePath() + "), last lines:");
        List<String> lines = Files.readAllLines(log2);
        lines.subList(Math.max(0, lines.size() - 150), lines.size()).forEach(System.err::println);
        throw e;
      }
    } finally {
      if (two != null) {
        two.destroyForcibly().waitFor();
      }
      if (one != null) {
        one.close();
      } else {
        starting.thenAccept(ConfigurableApplicationContext::close);
      }
    }
  }

  /** The properties both instances share: the database, the demo users, quick outbox polling. */
  static List<String> common(DriverManagerDataSource ds, int httpPort) {
    return List.of(
        "--server.port=" + httpPort,
        "--spring.datasource.url=" + ds.getUrl(),
        "--spring.datasource.username=" + ds.getUsername(),
        "--spring.datasource.password=" + ds.getPassword(),
        "--spring.flyway.placeholders.runtimeRole=" + ds.getUsername(),
        "--pathway.security.demo-password=" + PASSWORD,
        "--pathway.outbox.poll-interval=PT0.2S");
  }

  /** Until the port accepts connections; fails at once if instance 1 failed to start. */
  static void awaitListening(int port, CompletableFuture<?> starting) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
      if (starting.isCompletedExceptionally()) {
        starting.join();
      }
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return true;
      } catch (IOException e) {
        return false;
      }
    });
  }

  void run(DataSource ds, EmbeddedEngine engine, String url1, String url2, long pid2) throws Exception {
    JdbcClient jdbc = JdbcClient.create(ds);
    Instant infusion = Instant.now().minus(Duration.ofDays(12)).minus(Duration.ofHours(2));
    List<String> patients = new ArrayList<>();
    for (int p = 0; p < PATIENTS; p++) {
      String id = "TWO-" + p;
      patients.add(id);
      HttpResponse<String> enrolled = send(p % 2 == 0 ? url1 : url2, Role.PHYSICIAN, "POST",
          "/api/v1/patients", patient(id, infusion));
      assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
    }

    // results to both instances at once, while instance 1's users complete the tasks
    AtomicBoolean posting = new AtomicBoolean(true);
    List<Long> completed = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(5)) {
      Future<?> completer = pool.submit(() -> {
        while (posting.get() || !completable(url1).isEmpty()) {
          for (JsonNode task : completable(url1)) {
            HttpResponse<String> done = complete(url1, task);
            assertThat(done.statusCode()).as(done.body()).isIn(200, 404, 409);
            if (done.statusCode() == 200) {
              completed.add(task.path("key").asLong());
            }
          }
          Thread.sleep(200);
        }
        return null;
      });
      List<Future<HttpResponse<String>>> posts = new ArrayList<>();
      for (int b = 0; b < BATCHES_PER_PATIENT; b++) {
        for (int p = 0; p < PATIENTS; p++) {
          String url = (b + p) % 2 == 0 ? url1 : url2;
          Map<String, Object> batch = Map.of("labs", labs(p, b, infusion));
          String path = "/api/v1/patients/" + patients.get(p) + "/labs";
          posts.add(pool.submit(() -> send(url, Role.INTEGRATION, "POST", path, batch)));
        }
      }
      for (Future<HttpResponse<String>> post : posts) {
        assertThat(post.get().statusCode()).as(post.get().body()).isEqualTo(202);
      }
      // the reviews raised by the last results are completed too
      awaitAssessed(jdbc, patients);
      posting.set(false);
      completer.get();
    }
    awaitAssessed(jdbc, patients);
    await().atMost(Duration.ofSeconds(30)).until(() ->
        jdbc.sql("select count(*) from outbox_message where published_at is null").query(Long.class).single() == 0);
    engine.waitForIdleState(Duration.ofSeconds(30));

    List<Record<?>> records = StreamSupport.stream(engine.records().getRecords().spliterator(), false)
        .<Record<?>>map(r -> r)
        .toList();

    // the audit chain, as ./pathway audit verify checks it
    ByteArrayOutputStream verified = new ByteArrayOutputStream();
    assertThat(AuditVerifyCommand.run(ds, new PrintStream(verified, true, StandardCharsets.UTF_8)))
        .as(verified.toString(StandardCharsets.UTF_8)).isEqualTo(AuditVerifyCommand.INTACT);
    assertThat(jdbc.sql("select count(*) from audit_event").query(Long.class).single())
        .isGreaterThan((long) PATIENTS * (BATCHES_PER_PATIENT + 1));

    // every message of the outbox reached the engine exactly once, published by both instances
    Map<String, Long> publishCommands = records.stream()
        .filter(r -> r.getValueType() == ValueType.MESSAGE && r.getRecordType() == RecordType.COMMAND)
        .filter(r -> r.getIntent() == MessageIntent.PUBLISH)
        .collect(Collectors.groupingBy(r -> ((MessageRecordValue) r.getValue()).getMessageId(),
            Collectors.counting()));
    // a wake-up folded into the one a publisher claimed was delivered by that one
    List<String> messageIds = jdbc.sql(
            "select coalesce(c.message_id, m.message_id) from outbox_message m"
                + " left join outbox_message c on c.id = m.folded_into")
        .query(String.class).list();
    assertThat(messageIds).hasSizeGreaterThanOrEqualTo(PATIENTS);
    assertThat(messageIds).allSatisfy(id -> assertThat(publishCommands.get(id)).as(id).isEqualTo(1L));
    Map<String, Long> publishedBy = count(
        jdbc.sql("select claimed_by from outbox_message where folded_into is null").query(String.class).list().stream());
    assertThat(publishedBy.keySet()).as("outbox messages by the instance that published them")
        .anyMatch(instance -> instance.startsWith(pid2 + "@"))
        .anyMatch(instance -> instance.startsWith(ProcessHandle.current().pid() + "@"));

    // every user task the engine created is in the worklist once
    Set<Long> created = records.stream()
        .filter(r -> r.getValueType() == ValueType.USER_TASK && r.getIntent() == UserTaskIntent.CREATED)
        .map(r -> ((UserTaskRecordValue) r.getValue()).getUserTaskKey())
        .collect(Collectors.toSet());
    List<Long> projected = jdbc.sql("select user_task_key from user_task").query(Long.class).list();
    assertThat(projected).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
    assertThat(completed).as("tasks completed through instance 1").hasSizeGreaterThanOrEqualTo(PATIENTS);
    assertThat(jdbc.sql("select user_task_key from user_task where state = 'COMPLETED'").query(Long.class).list())
        .containsAll(completed);

    // every stored result was read by exactly one assessment (an overtaken one records nothing)
    AssessmentRepository assessments = new AssessmentRepository(jdbc, JSON);
    for (String patient : patients) {
      long rows = jdbc.sql("select count(*) from lab_result where patient_id = :p").param("p", patient)
          .query(Long.class).single();
      List<AssessmentRecord> done = assessments.findByPatient(patient);
      List<String> read = done.stream().flatMap(a -> a.resultsRead().stream()).toList();
      String described = done.stream().map(a -> "labsRead=" + a.labsRead() + " " + a.resultsRead())
          .collect(Collectors.joining("\n"));
      assertThat(read).as(patient + "\n" + described).hasSize((int) rows).doesNotHaveDuplicates();
      assertThat(done.stream().map(AssessmentRecord::labsRead).toList()).as(described).doesNotHaveDuplicates();
    }

    // nothing failed: no job was failed back to the engine and no incident was raised
    assertThat(records.stream()
        .filter(r -> r.getValueType() == ValueType.JOB && r.getIntent() == JobIntent.FAILED)
        .map(r -> ((JobRecordValue) r.getValue()).getType() + ": "
            + ((JobRecordValue) r.getValue()).getErrorMessage()))
        .isEmpty();
    assertThat(records.stream()
        .filter(r -> r.getValueType() == ValueType.INCIDENT && r.getIntent() == IncidentIntent.CREATED))
        .isEmpty();

    // the job workers of both instances took part. Their own counters say so: the in-memory
    // engine's job stream records every pushed job under the worker name of the instance that
    // opened the stream of its type first, whichever instance it pushed the job to
    double jobs1 = jobsHandled(url1);
    double jobs2 = jobsHandled(url2);
    System.out.println("jobs handled: instance 1 " + jobs1 + ", instance 2 " + jobs2
        + "; outbox messages published by: " + publishedBy);
    assertThat(jobs1).isPositive();
    assertThat(jobs2).isPositive();
  }

  /** Jobs the instance's workers completed, by the Camunda client's counter. */
  double jobsHandled(String url) throws Exception {
    HttpResponse<String> metric = send(url, Role.MANAGER, "GET",
        "/actuator/metrics/camunda.job.invocations?tag=action:completed", null);
    assertThat(metric.statusCode()).as(metric.body()).isEqualTo(200);
    return JSON.readTree(metric.body()).path("measurements").path(0).path("value").asDouble();
  }

  static <T> Map<T, Long> count(Stream<T> values) {
    return values.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  /** Until every patient's latest assessment read all their stored results. */
  void awaitAssessed(JdbcClient jdbc, List<String> patients) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
        patients.stream().allMatch(p -> jdbc.sql(
                "select coalesce(max(labs_read), -1) = (select count(*) from lab_result where patient_id = :p)"
                    + " from assessment where patient_id = :p")
            .param("p", p).query(Boolean.class).single()));
  }

  /** Open tasks this test completes: the daily draw (a nurse) and the review (a physician). */
  List<JsonNode> completable(String url) throws Exception {
    List<JsonNode> tasks = new ArrayList<>();
    JSON.readTree(send(url, Role.PHYSICIAN, "GET", "/api/v1/tasks", null).body()).forEach(tasks::add);
    return tasks.stream()
        .filter(t -> Set.of("draw-daily-labs", "review-suspected-iec-hs").contains(t.path("elementId").asText()))
        .toList();
  }

  HttpResponse<String> complete(String url, JsonNode task) throws Exception {
    boolean draw = task.path("elementId").asText().equals("draw-daily-labs");
    Map<String, Object> variables = draw
        ? Map.of("labsDrawn", "DRAWN", "drawnAt", Instant.now().minusSeconds(60).toString())
        : Map.of("reviewDecision", "ALTERNATIVE_CAUSE", "alternativeCause", "INFECTION",
            "reviewReason", "two instances test");
    return send(url, draw ? Role.NURSE : Role.PHYSICIAN, "POST",
        "/api/v1/tasks/" + task.path("key").asLong() + "/complete", Map.of("variables", variables));
  }

  /**
   * Two results per batch, each its own identity; patient 0's second batch is reference TC-07's
   * day-12 picture (a suspicion goes to a physician), the others stay unremarkable.
   */
  static List<Map<String, Object>> labs(int patient, int batch, Instant infusion) {
    Instant at = Instant.now().minus(Duration.ofMinutes(30L - batch));
    boolean suspicious = patient % 3 == 0 && batch >= 1;
    List<Map<String, Object>> labs = new ArrayList<>();
    labs.add(lab(patient, batch, at, "2276-4", suspicious ? 900 + batch : 120 + batch, "ng/mL", null, 300));
    labs.add(lab(patient, batch, at, "3255-7", suspicious ? 1.5 : 3.2, "g/L", 2.0, null));
    if (batch == 0) { // the baseline before infusion
      labs.add(lab(patient, batch, infusion.minus(Duration.ofHours(6)), "2276-4", 450, "ng/mL", null, 300));
      labs.add(lab(patient, batch, infusion.minus(Duration.ofHours(6)), "3255-7", 3.2, "g/L", 2.0, null));
    }
    return labs;
  }

  static Map<String, Object> lab(int patient, int batch, Instant at, String loinc, Object value,
      String unit, Object low, Object high) {
    Map<String, Object> lab = new HashMap<>(PathwayTestSupport.lab(at, loinc, value, unit, low, high));
    // one result per patient, batch, analyte and time: the patients share the times
    lab.put("id", "urn:two-instances:lab|P" + patient + "-B" + batch + "-" + loinc + "@" + at);
    return lab;
  }

  static Map<String, Object> patient(String id, Instant infusionAt) {
    return Map.of("id", id, "ageYears", 66, "weightKg", 72.0, "developmentalDelay", false,
        "therapyClass", "CAR_T", "product", "cilta-cel", "indication", "MM",
        "infusionAt", infusionAt.toString(), "immunosuppressed", false, "ward", "H7");
  }

  HttpResponse<String> send(String url, Role role, String method, String path, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (role.userName() + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json");
    request.method(method, body == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Until instance 2 reports ready (engine reached, models deployed, database up). */
  void awaitReady(String url, Process process) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("instance 2 exited with " + process.exitValue());
      }
      try {
        return http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health/readiness")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
      } catch (IOException e) {
        return false; // not listening yet
      }
    });
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
