package org.pathway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.pathway.engine.EmbeddedEngine;
import org.pathway.engine.EngineSimulationClock;
import org.pathway.grading.TimelineEvaluator;
import org.pathway.simulation.Cohort;
import org.pathway.simulation.CohortModel;
import org.pathway.simulation.ServiceClient;
import org.pathway.simulation.SimulatedPatient;
import org.pathway.simulation.SimulationParameters;
import org.pathway.simulation.TimelineExport;
import org.pathway.simulation.TruthComparison;
import org.pathway.simulation.WardSimulation;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./pathway simulate --patients N --days D --seed S [--ward W] [--out DIR] [--memory]}:
 * a seeded synthetic cohort worked through the real service on the embedded engine (its clock
 * moved on in 15-minute steps), then what the pathway did, the compliance report, every patient's
 * stored timeline exported with the truth beside it and graded as {@code ./pathway evaluate} grades
 * it against that truth, and the pathway's benchmark beside the raw engine's ceiling.
 */
public final class SimulateCommand {

  static final String USAGE =
      "usage: ./pathway simulate [--patients N] [--days D] [--seed S] [--ward W] [--out DIR] [--memory]";

  /** Infusions are spread over the first days of the run, as admissions come. */
  static final int INFUSION_SPREAD_DAYS = 7;

  /** The heap is measured with this many patients enrolled. */
  static final int[] MEMORY_POINTS = {100, 500, 1000};

  record Options(int patients, int days, long seed, List<String> wards, Path out, boolean memory) {

    static Options parse(String[] args) {
      // what runs in about ten minutes here (README "Simulation" has the figures for larger runs)
      int patients = 12;
      int days = 14;
      long seed = 1;
      List<String> wards = SimulationParameters.defaults().wards();
      Path out = Path.of("simulation-output");
      boolean memory = false;
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--patients" -> patients = number(args[i], value, 1, 5_000);
          case "--days" -> days = number(args[i], value, 1, 60);
          case "--seed" -> seed = Long.parseLong(required(args[i], value));
          case "--ward" -> wards = List.of(required(args[i], value));
          case "--out" -> out = Path.of(required(args[i], value));
          case "--memory" -> {
            memory = true;
            continue;
          }
          default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
        }
        i++;
      }
      return new Options(patients, days, seed, wards, out, memory);
    }

    private static String required(String option, String value) {
      if (value == null || value.startsWith("--")) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return value;
    }

    private static int number(String option, String value, int min, int max) {
      try {
        int n = Integer.parseInt(required(option, value));
        if (n < min || n > max) {
          throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", not " + n);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " must be a whole number, not '" + value + "'");
      }
    }
  }

  /** What one simulation run measured, for the benchmark lines. */
  record Measured(double patientDays, double seconds, long records, long commands, List<Map.Entry<String, Long>> byValueType,
      List<Map.Entry<String, Long>> activated) {}

  private SimulateCommand() {}

  public static void main(String[] args) {
    int status;
    try {
      status = run(Options.parse(args), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("simulate: " + e.getMessage());
      System.err.println(USAGE);
      status = 64;
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    System.out.flush();
    // a closed in-memory engine leaves a non-daemon thread
    System.exit(status);
  }

  /** Runs, prints, writes; the exit status is 1 when the service refused something the ward sent. */
  static int run(Options o, PrintStream out) throws Exception {
    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    WardSimulation.Tally tally;
    Measured measured;
    out.printf(Locale.ROOT, "simulate: %d patients infused over the first %d days, each followed until the last"
            + " reaches D+%d; seed %d, wards %s; writing to %s%n",
        o.patients(), Math.min(INFUSION_SPREAD_DAYS, o.days()), o.days(), o.seed(), o.wards(), o.out().toAbsolutePath());
    Files.createDirectories(o.out());
    Path log = o.out().resolve("service.log");
    out.printf("the service's log: %s%n", log);
    try (ConfigurableApplicationContext service = start(password, o.wards(), "simulate", log)) {
      Simulation s = new Simulation(service, o, password, out);
      tally = s.run();
      measured = s.measured();
      s.report(tally);
    }
    benchmark(measured, out);
    if (o.memory()) {
      memory(out, o.out().resolve("service-memory.log"));
    }
    if (!tally.refused.isEmpty() || !tally.unanswerable.isEmpty()) {
      out.printf("the service refused %d requests and %d tasks had no answer (see above): the run is not clean%n",
          tally.refused.size(), tally.unanswerable.size());
      return 1;
    }
    return 0;
  }

  /** The service as ./pathway serve runs it, on its own in-memory H2 and a random port. */
  static ConfigurableApplicationContext start(String password, List<String> wards, String database, Path log) {
    SimulationParameters defaults = SimulationParameters.defaults();
    return new SpringApplicationBuilder(PathwayApplication.class).logStartupInfo(false).run(
        "--server.port=0",
        "--server.address=127.0.0.1",
        "--pathway.engine.mode=embedded",
        "--pathway.engine.embedded-port=0",
        "--spring.datasource.url=jdbc:h2:mem:" + database
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "--pathway.security.mode=basic",
        "--pathway.security.demo-password=" + password,
        "--pathway.security.demo-nurse-wards=" + String.join(",", wards),
        // the ward's draw time and zone are the cohort model's
        "--pathway.monitoring.daily-draw-time=" + defaults.drawTime(),
        "--pathway.monitoring.ward-time-zone=" + defaults.wardZone(),
        "--pathway.outbox.poll-interval=PT0.05S",
        // the simulated ward has no on-call roster: pages go undelivered; re-paged daily, not every 5 min
        "--pathway.paging.repage-every=P1D",
        "--spring.main.banner-mode=off",
        "--logging.level.root=WARN",
        "--logging.level.org.pathway=INFO",
        // the service's log goes to a file beside the results; the terminal shows the run
        "--logging.threshold.console=OFF",
        "--logging.file.name=" + log);
  }

  /** One run: the cohort through the service, then the summary, export and comparison. */
  static final class Simulation {
    private final ConfigurableApplicationContext service;
    private final Options o;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private final ServiceClient api;
    private final EmbeddedEngine engine;
    private final EngineSimulationClock clock;
    private Cohort cohort;
    private Measured measured;
    private Instant runStart;
    private WardSimulation ward;

    Simulation(ConfigurableApplicationContext service, Options o, String password, PrintStream out) {
      this.service = service;
      this.o = o;
      this.out = out;
      int port = ((WebServerApplicationContext) service).getWebServer().getPort();
      this.api = new ServiceClient(URI.create("http://127.0.0.1:" + port), password, json);
      this.engine = service.getBean(EmbeddedEngine.class);
      this.clock = new EngineSimulationClock(engine, service.getBean(Clock.class), service.getBean(MeterRegistry.class));
    }

    WardSimulation.Tally run() {
      SimulationParameters defaults = SimulationParameters.defaults();
      // the run starts at the ward's next midnight: infusions fall on the following mornings
      Instant start = clock.now().atZone(defaults.wardZone()).toLocalDate().plusDays(1)
          .atTime(LocalTime.MIDNIGHT).atZone(defaults.wardZone()).toInstant();
      clock.advanceTo(start);
      cohort = new CohortModel(defaults.withSchedule(o.wards(), start, Math.min(INFUSION_SPREAD_DAYS, o.days())))
          .generate(o.patients(), o.seed());
      ward = new WardSimulation(cohort, WardSimulation.Settings.of(o.days()), api, clock, json);
      EmbeddedEngine.RecordCounts before = engine.countRecords();
      long t0 = System.nanoTime();
      ProgressBar bar = new ProgressBar(System.err, start);
      WardSimulation.Tally tally = ward.run(bar::at);
      double seconds = (System.nanoTime() - t0) / 1e9;
      bar.done();
      EmbeddedEngine.RecordCounts after = engine.countRecords();
      measured = new Measured(ward.patientDays(), seconds, after.records() - before.records(),
          after.commands() - before.commands(), after.since(before), after.activatedSince(before));
      runStart = start;
      return tally;
    }

    Measured measured() {
      return measured;
    }

    void report(WardSimulation.Tally tally) throws Exception {
      Files.createDirectories(o.out().resolve("timelines"));
      out.printf(Locale.ROOT, "%nthe ward: %d patients enrolled, %d lab results delivered as FHIR transactions,"
              + " %d vitals and %d neuro exams charted; %d tasks seen, %d completed (%d after their due time),"
              + " %d never done (forgotten), %d closed by the pathway before staff came to them%n",
          tally.enrolled, tally.labResultsDelivered, tally.vitalsCharted, tally.neuroExamsCharted, tally.seen.size(),
          tally.tasksCompleted, tally.tasksCompletedLate,
          tally.seen.stream().filter(t -> t.outcome().forgotten()).count(), tally.tasksClosedBeforeStaff);
      Map<String, Long> byElement = tally.seen.stream()
          .collect(Collectors.groupingBy(WardSimulation.SeenTask::elementId, TreeMap::new, Collectors.counting()));
      out.printf("what the pathway did:%n");
      line("escalations (treatment orders)", byElement, "order-crs-treatment", "order-icans-treatment", "order-iec-hs-treatment");
      line("ICU handovers", byElement, "crs-icu-handover", "icans-icu-handover", "icu-handover");
      line("IEC-HS suspicions raised for review", byElement, "review-suspected-iec-hs", "review-worsened-iec-hs");
      line("differential work-ups", byElement, "infection-workup", "relapse-workup", "hlh-panel",
          "bone-marrow-evaluation", "drug-tma-dic-review");
      line("reviews of ungraded or late-onset CRS", byElement, "review-ungraded-crs", "review-late-onset-crs");
      line("dosing-cycle tasks", byElement, "give-dose", "decide-next-dose", "decide-rechallenge", "plan-dose-by-physician");

      JsonNode report = api.get("manager", "/api/v1/reports/compliance?from=" + runStart + "&to=" + clock.now().plusSeconds(1));
      json.writeValue(o.out().resolve("compliance-report.json").toFile(), report);
      out.printf("episodes (compliance report, %s):%n", o.out().resolve("compliance-report.json"));
      for (JsonNode e : report.path("episodes")) {
        out.printf("  %-7s %s%n", e.path("syndrome").asText(), compact(e));
      }
      out.printf("tasks (compliance report): created / completed on time / late / open past due / cancelled%n");
      for (JsonNode t : report.path("tasks")) {
        out.printf(Locale.ROOT, "  %-34s %5d %6d %5d %5d %5d%n", t.path("elementId").asText(), t.path("created").asInt(),
            t.path("completedOnTime").asInt(), t.path("completedLate").asInt(), t.path("openOverdue").asInt(),
            t.path("canceled").asInt());
      }
      if (!tally.refused.isEmpty()) {
        out.printf("REFUSED by the service (%d):%n", tally.refused.size());
        tally.refused.stream().limit(20).forEach(r -> out.println("  " + r));
      }
      tally.unanswerable.stream().limit(20).forEach(u -> out.println("  no answer for " + u));
      compare(tally);
    }

    /** Exports each stored timeline with the truth, grades it as evaluate does and compares. */
    private void compare(WardSimulation.Tally tally) throws Exception {
      TimelineEvaluator evaluator = service.getBean(TimelineEvaluator.class);
      TimelineExport export = new TimelineExport(json);
      TruthComparison evaluated = new TruthComparison();
      TruthComparison.Counts pathway = new TruthComparison.Counts();
      for (SimulatedPatient p : cohort.patients()) {
        ObjectNode doc = (ObjectNode) api.get("physician", "/api/v1/patients/" + p.id() + "/timeline");
        ObjectNode truth = export.truth(p, ward.followUpDays(p.id()));
        doc.set(TimelineExport.TRUTH, truth);
        json.writeValue(o.out().resolve("timelines").resolve(p.id() + ".json").toFile(), doc);
        evaluated.add(truth, json.valueToTree(evaluator.evaluate(doc)));
        boolean raised = tally.seen.stream()
            .anyMatch(t -> t.patientId().equals(p.id()) && t.elementId().equals("review-suspected-iec-hs"));
        pathway.add(TruthComparison.iecHsWithinFollowUp(truth), raised);
      }
      out.printf("%ngrading of the exported timelines against the truth (./pathway evaluate %s gives the same grades):%n",
          o.out().resolve("timelines"));
      out.printf("  CRS    %s%n  ICANS  %s%n", evaluated.crs, evaluated.icans);
      out.printf("  IEC-HS suspected by evaluate (per patient, IEC-HS onset within the follow-up): %s%n", evaluated.iecHs);
      out.printf("  IEC-HS raised for review by the live pathway (per patient):                 %s%n", pathway);
    }

    private void line(String what, Map<String, Long> counts, String... elements) {
      String detail = Arrays.stream(elements).filter(counts::containsKey)
          .map(e -> e + " " + counts.get(e)).collect(Collectors.joining(", "));
      long total = Arrays.stream(elements).mapToLong(e -> counts.getOrDefault(e, 0L)).sum();
      out.printf("  %-40s %4d%s%n", what, total, detail.isEmpty() ? "" : "  (" + detail + ")");
    }

    private static String compact(JsonNode node) {
      return node.toString().replace("\"", "");
    }
  }

  /** The pathway's cost beside the raw engine's ceiling, measured after the service is closed. */
  static void benchmark(Measured m, PrintStream out) throws Exception {
    List<PathwayBenchmark.RawRun> raw = PathwayBenchmark.rawEngine(500);
    double ours = m.records() / m.seconds();
    PathwayBenchmark.RawRun ceiling = raw.getFirst();
    double rawRecords = ceiling.run().perSecond() * ceiling.recordsPerInstance();
    out.printf(Locale.ROOT, "%nbenchmark (%d cores, Java %s):%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    out.printf(Locale.ROOT, "  simulated %.0f patient-days in %.1f s: %.2f patient-days/s%n",
        m.patientDays(), m.seconds(), m.patientDays() / m.seconds());
    out.printf(Locale.ROOT, "  engine: %d commands (%.0f per patient-day), %d records (%.0f per patient-day),"
            + " %.0f records/s%n",
        m.commands(), m.commands() / (double) m.patientDays(), m.records(), m.records() / (double) m.patientDays(), ours);
    out.printf(Locale.ROOT, "  records per patient-day by kind: %s%n", m.byValueType().stream().limit(8)
        .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue() / (double) m.patientDays()))
        .collect(Collectors.joining(", ")));
    out.printf(Locale.ROOT, "  BPMN elements activated per patient-day, most first: %s%n", m.activated().stream().limit(12)
        .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / (double) m.patientDays()))
        .collect(Collectors.joining(", ")));
    for (PathwayBenchmark.RawRun r : raw) {
      out.printf(Locale.ROOT, "  raw engine ceiling (start -> job -> DMN -> job -> end, %4d instances waiting):"
              + " %.0f instances/s, %.0f records/s, p50 %.1f ms%n",
          r.waiting(), r.run().perSecond(), r.run().perSecond() * r.recordsPerInstance(), r.run().p50());
    }
    out.printf(Locale.ROOT, "  the pathway runs the engine at %.2f of the raw ceiling (records/s): each engine record"
        + " costs %.1fx what it costs the raw process%n", ours / rawRecords, rawRecords / ours);
  }

  /**
   * Heap after GC with 0, 100, 500 and 1,000 patients enrolled on a fresh service, and the engine's
   * state files (its state is in RocksDB, off the heap).
   */
  static void memory(PrintStream out, Path log) throws Exception {
    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    List<String> wards = List.of("MEM");
    try (ConfigurableApplicationContext service = start(password, wards, "simulate-memory", log)) {
      int port = ((WebServerApplicationContext) service).getWebServer().getPort();
      ObjectMapper json = new ObjectMapper();
      ServiceClient api = new ServiceClient(URI.create("http://127.0.0.1:" + port), password, json);
      EmbeddedEngine engine = service.getBean(EmbeddedEngine.class);
      EngineSimulationClock clock = new EngineSimulationClock(engine,
          service.getBean(Clock.class), service.getBean(MeterRegistry.class));
      Cohort cohort = new CohortModel(SimulationParameters.defaults().withSchedule(wards, clock.now().minus(Duration.ofDays(2)), 1))
          .generate(MEMORY_POINTS[MEMORY_POINTS.length - 1], 7);
      clock.advanceTo(clock.now());
      long base = heapAfterGc();
      List<String> points = new ArrayList<>();
      int enrolled = 0;
      for (int target : MEMORY_POINTS) {
        for (; enrolled < target; enrolled++) {
          api.post("physician", "/api/v1/patients", WardSimulation.enrolment(json,
              cohort.patients().get(enrolled).patient(), clock.now().minus(Duration.ofHours(1)), "MEM"));
        }
        clock.advanceTo(clock.now());
        long heap = heapAfterGc();
        points.add(String.format(Locale.ROOT, "%d patients %.0f MB (%.0f KB per patient; engine state files %.1f MB)",
            target, heap / 1e6, (heap - base) / 1e3 / target, engine.stateFileBytes() / 1e6));
      }
      out.printf(Locale.ROOT, "  heap after GC: no patients %.0f MB; %s%n", base / 1e6, String.join("; ", points));
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** A one-line bar on the terminal, redrawn at most every half second. */
  static final class ProgressBar {
    private final PrintStream err;
    private final Instant start;
    private final long t0 = System.nanoTime();
    private long drawn;

    ProgressBar(PrintStream err, Instant start) {
      this.err = err;
      this.start = start;
    }

    void at(Instant now, double done) {
      long t = System.nanoTime();
      if (t - drawn < 500_000_000L && done < 1) {
        return;
      }
      drawn = t;
      int width = 40;
      int filled = (int) Math.round(done * width);
      double elapsed = (t - t0) / 1e9;
      err.printf(Locale.ROOT, "\r[%s%s] %3.0f%%  day %.1f of the run  %5.0f s, about %5.0f s to go",
          "#".repeat(filled), ".".repeat(width - filled), 100 * done,
          Duration.between(start, now).toMinutes() / 1440.0, elapsed, done > 0 ? elapsed * (1 - done) / done : 0);
      err.flush();
    }

    void done() {
      err.println();
    }
  }
}
