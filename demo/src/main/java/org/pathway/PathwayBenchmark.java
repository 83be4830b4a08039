package org.pathway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.stream.StreamSupport;
import org.pathway.clinical.LabConcept;
import org.pathway.engine.EmbeddedEngine;
import org.pathway.intake.IntakeBenchmark;
import org.pathway.intake.IntakeBenchmark.Run;

/**
 * {@code ./pathway bench-pathway [patients] [days]}: the daily cycle (the day's labs posted, the
 * assessment stored) of the running service measured from the outside, side by side with the raw
 * in-memory engine's ceiling on this machine for the same shape of work.
 *
 * <p>The raw engine is a fresh {@link EmbeddedEngine} in this process: start, a job, a decision, a
 * job, end, with workers that complete at once; measured with 0, 500 and 2,000 other instances
 * left waiting, because the in-memory engine's cost grows with the state it holds. It is closed
 * before the service is measured, so that the two never share the machine's cores.
 *
 * <p>The service's engine clock cannot be moved from outside, so the patients are enrolled with an
 * infusion {@code days + 1} days ago and each posted day is a past day, as bench-intake does.
 */
public final class PathwayBenchmark {

  static final String RAW_PROCESS = "bench-raw-cycle";
  static final String WAITING_PROCESS = "bench-raw-waiting";
  static final String DECISION = "bench-raw-decision";
  static final int[] WAITING = {0, 500, 2000};
  static final int RAW_WARM_UP = 1000;

  /**
   * What one lab delivery runs in bpmn/post-infusion-monitoring.bpmn when nothing is suspected: the
   * elements the engine activates (checked against the service's model by {@link
   * #checkDailyCycleElements}, so that a changed model fails the benchmark instead of skewing its
   * per-element figure).
   */
  static final List<String> DAILY_CYCLE_ELEMENTS = List.of(
      "lab-results-received-handling", "lab-results-arrived", "assess-results", "assessment-started",
      "assemble-lab-features", "new-results", "evaluate-iec-hs-suspicion", "record-assessment",
      "iec-hs-suspected", "assessment-recorded", "results-handled");

  /** How often the patient is read while the assessment is awaited: finer costs the service CPU. */
  static final Duration POLL = Duration.ofMillis(2);

  static final Duration ASSESSMENT_TIMEOUT = Duration.ofSeconds(30);

  /** The raw engine's measured runs, one per number of instances left waiting. */
  record RawRun(int waiting, Run run, double recordsPerInstance, double elementsPerInstance) {}

  public static void main(String[] args) {
    int status;
    try {
      status = run(args);
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    System.out.flush();
    // exits explicitly, also after a failure: a closed in-memory engine leaves a non-daemon thread
    System.exit(status);
  }

  /** Measures and prints; returns the exit status (1 when a cycle or an instance failed). */
  static int run(String[] args) throws Exception {
    String url = args[0];
    int patients = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int days = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int cycles = patients * days;
    checkDailyCycleElements();
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

    List<RawRun> raw = rawEngine(cycles);
    Pathway.Result ours = new Pathway(url, patients, days).run();
    double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "machine: %d cores, Java %s, load average %.2f before, %.2f after%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadBefore, loadAfter));
    out.append(String.format(Locale.ROOT,
        "raw engine (fresh EmbeddedEngine in this process: start -> job -> DMN -> job -> end, workers"
            + " complete at once, %d instances one after another with their result):%n", cycles));
    for (RawRun r : raw) {
      out.append(String.format(Locale.ROOT,
          "  %5d waiting: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, %.0f instances/s; %.1f records,"
              + " %.1f elements per instance%n",
          r.waiting(), r.run().p50(), r.run().p90(), r.run().p99(), r.run().perSecond(),
          r.recordsPerInstance(), r.elementsPerInstance()));
    }
    Run cycle = ours.cycles();
    out.append(String.format(Locale.ROOT,
        "daily cycle (the service at %s; %d patients x %d days, the day's %d-result panel posted,"
            + " its assessment awaited by reading the patient every %d ms):%n"
            + "  posted -> assessed: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms; %.1f cycles/s; failures %d%n"
            + "  of which labs received -> recording of the assessment started (receivedAt -> assessedAt, the"
            + " service's clock): p50 %.1f ms%n"
            + "  per cycle: %d engine elements (bpmn/post-infusion-monitoring.bpmn), %.2f jobs completed,"
            + " %.2f nurse tasks completed%n",
        url, patients, days, ours.panelSize(), POLL.toMillis(),
        cycle.p50(), cycle.p90(), cycle.p99(), cycle.perSecond(), cycle.failures(),
        IntakeBenchmark.percentile(ours.storedToRecording(), 0.50) / 1e6,
        DAILY_CYCLE_ELEMENTS.size(), ours.jobsCompleted() / (double) cycles,
        ours.tasksCompleted() / (double) cycles));
    RawRun ceiling = raw.getFirst();
    double ratio = cycle.p50() / ceiling.run().p50();
    double perElement = (cycle.p50() / DAILY_CYCLE_ELEMENTS.size())
        / (ceiling.run().p50() / ceiling.elementsPerInstance());
    out.append(String.format(Locale.ROOT,
        "daily cycle p50 / raw engine p50 (nothing waiting): %.1fx; per engine element: %.1fx%n"
            + "target: the daily cycle's p50 within 2x of the raw engine for the same number of engine"
            + " elements: %s (%.1fx)%n",
        ratio, perElement, perElement <= 2.0 ? "met" : "NOT met", perElement));
    System.out.print(out);
    return cycle.failures() > 0 || raw.stream().anyMatch(r -> r.run().failures() > 0) ? 1 : 0;
  }

  static void checkDailyCycleElements() throws java.io.IOException {
    try (java.io.InputStream in =
        PathwayBenchmark.class.getResourceAsStream("/models/bpmn/post-infusion-monitoring.bpmn")) {
      BpmnModelInstance model = Bpmn.readModelFromStream(in);
      List<String> missing =
          DAILY_CYCLE_ELEMENTS.stream().filter(id -> model.getModelElementById(id) == null).toList();
      if (!missing.isEmpty()) {
        throw new IllegalStateException("post-infusion-monitoring.bpmn no longer has " + missing
            + ": count again what one lab delivery runs (PathwayBenchmark.DAILY_CYCLE_ELEMENTS)");
      }
    }
  }

  // --- the raw engine ---------------------------------------------------------------------------

  /** Start, a job, a small decision, a job, end: the shape of the daily assessment. */
  static BpmnModelInstance rawProcess() {
    return Bpmn.createExecutableProcess(RAW_PROCESS)
        .startEvent()
        .serviceTask("first-job", t -> t.zeebeJobType("bench-first"))
        .businessRuleTask("decide", t -> t.zeebeCalledDecisionId(DECISION).zeebeResultVariable("level"))
        .serviceTask("second-job", t -> t.zeebeJobType("bench-second"))
        .endEvent()
        .done();
  }

  /** An instance that waits for a message never sent: state the engine holds, as a ward's pathways. */
  static BpmnModelInstance waitingProcess() {
    return Bpmn.createExecutableProcess(WAITING_PROCESS)
        .startEvent()
        .receiveTask("wait", t -> t.message(m -> m.name("bench-never").zeebeCorrelationKeyExpression("key")))
        .endEvent()
        .done();
  }

  static String rawDecision() {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="bench-raw" name="bench"
                     namespace="http://camunda.org/schema/1.0/dmn">
          <decision id="%s" name="Bench level">
            <decisionTable id="table" hitPolicy="FIRST">
              <input id="in" label="x"><inputExpression id="x" typeRef="number"><text>x</text></inputExpression></input>
              <output id="out" name="level" typeRef="string" />
              <rule id="low"><inputEntry id="l1"><text>&lt; 100</text></inputEntry><outputEntry id="l2"><text>"low"</text></outputEntry></rule>
              <rule id="mid"><inputEntry id="m1"><text>[100..500)</text></inputEntry><outputEntry id="m2"><text>"mid"</text></outputEntry></rule>
              <rule id="high"><inputEntry id="h1"><text>-</text></inputEntry><outputEntry id="h2"><text>"high"</text></outputEntry></rule>
            </decisionTable>
          </decision>
        </definitions>
        """.formatted(DECISION);
  }

  static CamundaClient client(EmbeddedEngine engine) {
    return CamundaClient.newClientBuilder()
        .grpcAddress(URI.create("http://" + engine.gatewayAddress()))
        .preferRestOverGrpc(false)
        .build();
  }

  /** Deploys the raw process, its decision and the waiting process. */
  static void deploy(CamundaClient client) {
    client.newDeployResourceCommand()
        .addProcessModel(rawProcess(), RAW_PROCESS + ".bpmn")
        .addProcessModel(waitingProcess(), WAITING_PROCESS + ".bpmn")
        .addResourceStringUtf8(rawDecision(), DECISION + ".dmn")
        .send()
        .join();
  }

  /** Job workers as the service configures its own (streamed jobs), completing each job at once. */
  static List<JobWorker> workers(CamundaClient client) {
    return List.of("bench-first", "bench-second").stream()
        .map(type -> client.newWorker()
            .jobType(type)
            .handler((jobs, job) -> jobs.newCompleteCommand(job).send())
            .streamEnabled(true)
            .maxJobsActive(32)
            .pollInterval(Duration.ofSeconds(30))
            .open())
        .toList();
  }

  /** One instance of the raw process, started and awaited to its end. */
  static void runOnce(CamundaClient client, int i) {
    client.newCreateInstanceCommand()
        .bpmnProcessId(RAW_PROCESS)
        .latestVersion()
        .variables(Map.of("x", i % 1000))
        .withResult()
        .requestTimeout(Duration.ofSeconds(30))
        .send()
        .join();
  }

  static List<RawRun> rawEngine(int count) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<RawRun> runs = new ArrayList<>();
    try (EmbeddedEngine engine = new EmbeddedEngine(port); CamundaClient client = client(engine)) {
      deploy(client);
      List<JobWorker> workers = workers(client);
      try {
        // warm-up: JIT, caches (with 200 the first measured run was still 1.8x slower than the last)
        for (int i = 0; i < RAW_WARM_UP; i++) {
          runOnce(client, i);
        }
        int waiting = 0;
        for (int target : WAITING) {
          while (waiting < target) {
            // in batches: thousands of commands in flight at once time out in the in-memory engine
            List<CompletionStage<?>> started = new ArrayList<>();
            for (int b = 0; b < 50 && waiting < target; b++, waiting++) {
              started.add(client.newCreateInstanceCommand().bpmnProcessId(WAITING_PROCESS).latestVersion()
                  .variables(Map.of("key", "w" + waiting)).requestTimeout(Duration.ofSeconds(60)).send());
            }
            started.forEach(s -> s.toCompletableFuture().join());
          }
          engine.waitForIdleState(Duration.ofSeconds(60));
          long recordsBefore = count(engine, r -> true);
          long elementsBefore = count(engine, PathwayBenchmark::rawElementActivated);
          Run run = measure(client, count);
          engine.waitForIdleState(Duration.ofSeconds(60));
          runs.add(new RawRun(target, run,
              (count(engine, r -> true) - recordsBefore) / (double) count,
              (count(engine, PathwayBenchmark::rawElementActivated) - elementsBefore) / (double) count));
        }
      } finally {
        workers.forEach(JobWorker::close);
      }
    }
    return runs;
  }

  static Run measure(CamundaClient client, int count) {
    List<Long> latencies = new ArrayList<>(count);
    int failures = 0;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      try {
        runOnce(client, i);
        latencies.add(System.nanoTime() - t0);
      } catch (RuntimeException e) {
        failures++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Collections.sort(latencies);
    return new Run(count, seconds, latencies, failures);
  }

  static boolean rawElementActivated(Record<?> r) {
    return r.getRecordType() == RecordType.EVENT
        && r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED
        && RAW_PROCESS.equals(((ProcessInstanceRecordValue) r.getValue()).getBpmnProcessId());
  }

  static long count(EmbeddedEngine engine, java.util.function.Predicate<Record<?>> which) {
    return StreamSupport.stream(engine.records().getRecords().spliterator(), false).filter(which).count();
  }

  // --- the service -------------------------------------------------------------------------------

  /** The daily cycle through the service's HTTP API, one patient-day after another. */
  static final class Pathway {

    /**
     * The measured cycles; of each, also the service's own time from storing the labs to the start
     * of the step that records the assessment (its receivedAt and the assessment's assessedAt).
     */
    record Result(Run cycles, List<Long> storedToRecording, int panelSize, double jobsCompleted, int tasksCompleted) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String url;
    private final int patients;
    private final int days;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final List<LabConcept> panel = PathwayProperties.load().monitoring().dailyPanel();
    /** Each patient's latest assessment time as last read: a different one is the new assessment. */
    private final Map<String, String> lastAssessed = new HashMap<>();
    private int tasksCompleted;
    private final List<Long> storedToRecording = new ArrayList<>();

    Pathway(String url, int patients, int days) {
      this.url = url;
      this.patients = patients;
      this.days = days;
    }

    Result run() throws Exception {
      Instant infusion = Instant.now().minus(Duration.ofDays(days + 1L));
      for (int p = 0; p < patients; p++) {
        enroll(patient(p), infusion);
      }
      // warm-up, not measured: each patient's pre-infusion labs, the first assessment of each
      for (int p = 0; p < patients; p++) {
        cycle(patient(p), infusion.minus(Duration.ofHours(12)), "warm");
      }
      double jobsBefore = jobsCompleted();
      tasksCompleted = 0;
      storedToRecording.clear();
      List<Long> latencies = new ArrayList<>();
      int failures = 0;
      long start = System.nanoTime();
      for (int d = 1; d <= days; d++) {
        // the ward's morning draw of day d, a past day
        Instant drawn = infusion.plus(Duration.ofDays(d)).plus(Duration.ofHours(6));
        for (int p = 0; p < patients; p++) {
          try {
            latencies.add(cycle(patient(p), drawn, "d" + d));
          } catch (IllegalStateException e) {
            failures++;
            System.err.println("bench-pathway: " + e.getMessage());
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double jobs = jobsCompleted() - jobsBefore;
      Collections.sort(latencies);
      Collections.sort(storedToRecording);
      return new Result(new Run(patients * days, seconds, latencies, failures), List.copyOf(storedToRecording),
          panel.size(), jobs, tasksCompleted);
    }

    private String patient(int p) {
      return "BENCH-" + run + "-" + p;
    }

    private void enroll(String id, Instant infusion) throws Exception {
      String body = json.writeValueAsString(Map.of(
          "id", id, "ageYears", 60, "weightKg", 70, "developmentalDelay", false, "therapyClass", "CAR_T",
          "infusionAt", infusion.toString(), "immunosuppressed", false, "ward", "bench"));
      expect(201, send("POST", "/api/v1/patients", "physician", body), "enrolling " + id);
    }

    /**
     * Posts the day's panel as the laboratory interface, reads the patient until the assessment of
     * it is stored, then completes the nurse's draw task if one is open. Returns posted → assessed
     * (ns).
     */
    private long cycle(String id, Instant drawn, String day) throws Exception {
      String before = lastAssessed.get(id);
      String labs = json.writeValueAsString(Map.of("labs", labs(id, drawn, day)));
      long t0 = System.nanoTime();
      HttpResponse<String> posted = send("POST", "/api/v1/patients/" + id + "/labs", "integration", labs);
      expect(202, posted, "posting labs of " + id);
      JsonNode patient;
      JsonNode assessment;
      do {
        if (System.nanoTime() - t0 > ASSESSMENT_TIMEOUT.toNanos()) {
          throw new IllegalStateException("no assessment of " + id + "'s " + day + " labs within " + ASSESSMENT_TIMEOUT);
        }
        Thread.sleep(POLL);
        HttpResponse<String> read = send("GET", "/api/v1/patients/" + id, "physician", null);
        expect(200, read, "reading " + id);
        patient = json.readTree(read.body());
        assessment = patient.path("lastAssessment");
      } while (!assessment.hasNonNull("assessedAt") || assessment.path("assessedAt").asText().equals(before));
      long latency = System.nanoTime() - t0;
      lastAssessed.put(id, assessment.path("assessedAt").asText());
      if (assessment.path("resultsRead").size() != panel.size()) {
        throw new IllegalStateException(id + "'s " + day + " assessment read " + assessment.path("resultsRead").size()
            + " new results, not the " + panel.size() + " posted");
      }
      storedToRecording.add(Duration.between(
          Instant.parse(json.readTree(posted.body()).path("receivedAt").asText()),
          Instant.parse(assessment.path("assessedAt").asText())).toNanos());
      for (JsonNode task : patient.path("openTasks")) {
        if ("draw-daily-labs".equals(task.path("elementId").asText())) {
          String done = json.writeValueAsString(Map.of("variables",
              Map.of("labsDrawn", "DRAWN", "drawnAt", Instant.now().toString())));
          expect(200, send("POST", "/api/v1/tasks/" + task.path("key").asLong() + "/complete", "nurse", done),
              "completing " + id + "'s draw task");
          tasksCompleted++;
        }
      }
      return latency;
    }

    /** The daily panel (pathway.monitoring.daily-panel), each result within its normal range. */
    private List<Map<String, Object>> labs(String id, Instant at, String day) {
      return panel.stream().map(c -> {
        Map<String, Object> lab = new HashMap<>();
        lab.put("at", at.toString());
        lab.put("loinc", c.loincCodes().getFirst());
        lab.put("value", normal(c));
        lab.put("unit", c.criterionUnit());
        lab.put("id", "urn:bench:" + run + "|" + id + "-" + day + "-" + c.name());
        return lab;
      }).toList();
    }

    /** A value no criterion reads as abnormal, so that no suspicion (and no work-up) is raised. */
    static double normal(LabConcept c) {
      return switch (c) {
        case FERRITIN -> 150;
        case FIBRINOGEN -> 300;
        case ALT, AST -> 25;
        case ANC -> 3.5;
        case PLATELETS -> 250;
        case WBC -> 6.5;
        case HEMOGLOBIN -> 13.5;
        case TRIGLYCERIDES -> 120;
        case BILIRUBIN -> 0.6;
        case CREATININE -> 0.9;
        case LDH -> 180;
        case CRP -> 0.3;
        case SIL2R -> 500;
        case PT -> 12;
        case APTT -> 30;
      };
    }

    /** Jobs the service's workers completed so far (the Camunda client's job metrics, as manager). */
    private double jobsCompleted() throws Exception {
      HttpResponse<String> r = send("GET", "/actuator/metrics/camunda.job.invocations?tag=action:completed", "manager", null);
      expect(200, r, "reading the job metrics");
      return json.readTree(r.body()).path("measurements").path(0).path("value").asDouble();
    }

    private HttpResponse<String> send(String method, String path, String user, String body) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
          .header("authorization", IntakeBenchmark.demoUser(user))
          .timeout(Duration.ofSeconds(30));
      if (body != null) {
        request.header("content-type", "application/json");
      }
      return http.send(
          request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(int status, HttpResponse<String> response, String what) {
      if (response.statusCode() != status) {
        throw new IllegalStateException(what + ": HTTP " + response.statusCode() + " " + response.body());
      }
    }
  }
}
