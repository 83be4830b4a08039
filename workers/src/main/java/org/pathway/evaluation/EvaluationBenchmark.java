package org.pathway.evaluation;

import org.pathway.grading.EvaluationResult;
import org.pathway.grading.TimelineEvaluator;
import org.pathway.clinical.TimelineParser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.pathway.clinical.FeaturePolicy;
import org.pathway.engine.DecisionEvaluator;
import org.pathway.engine.ModelResources;

/**
 * {@code ./pathway bench-evaluate [timelines] [days]}: start-up plus the evaluation of synthetic
 * timelines (daily labs, vitals every 6 h, neuro exams every 12 h), timed in one process: timelines
 * and timeline-days per second and the latency of one evaluation (one time point, all grades) on
 * one thread, the same timelines on all cores, and the rate at 10, 30, 90 and 180 days (each with
 * about as many timeline-days as the main run), which stays flat while the cost is linear in length.
 */
public final class EvaluationBenchmark {

  static final int[] LENGTHS = {10, 30, 90, 180};
  static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(FeaturePolicy policy, String[] args) {
    int timelines = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    // everything before this line: the JVM, the launcher and the site policies
    double launched = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
    long start = System.nanoTime();
    ObjectMapper json = new ObjectMapper();
    ModelResources models = ModelResources.load();
    TimelineEvaluator evaluator =
        new TimelineEvaluator(new DecisionEvaluator(models), models, policy);
    long ready = System.nanoTime();
    // warm-up on a copy, so the JIT is measured apart from the run
    evaluator.evaluate(synthetic(json, "WARM-UP", days, new SplittableRandom(1)));
    long warm = System.nanoTime();

    List<JsonNode> docs = timelines(json, timelines, days);
    Run one = run(evaluator, docs, 1);
    int cores = Runtime.getRuntime().availableProcessors();
    Run all = run(evaluator, docs, cores);
    System.out.printf(
        Locale.ROOT,
        "machine: %d cores, Java %s, %s%n"
            + "start-up (models, DMN parse): %.2f s (process start to ready %.2f s: JVM, launcher and"
            + " site policies %.2f s; first timeline, class loading and compilation %.2f s more)%n"
            + "timelines: %d x %d days, %d evaluations (time points), %.2f s on one thread%n"
            + "throughput: %.1f timelines/s, %.0f timeline-days/s, %.0f evaluations/s"
            + " (per CPU second of the grading thread: %.0f timeline-days)%n"
            + "per-evaluation latency (timeline mean): p50 %.3f ms, p99 %.3f ms%n"
            + "on all %d cores: %.1f timelines/s, %.0f timeline-days/s, %.0f evaluations/s (%.2f s)%n",
        cores,
        System.getProperty("java.version"),
        System.getProperty("os.arch"),
        (ready - start) / 1e9,
        launched + (ready - start) / 1e9,
        launched,
        (warm - ready) / 1e9,
        timelines,
        days,
        one.evaluations(),
        one.seconds(),
        timelines / one.seconds(),
        (double) timelines * days / one.seconds(),
        one.evaluations() / one.seconds(),
        (double) timelines * days / one.cpuSeconds(),
        one.percentile(0.50) / 1e6,
        one.percentile(0.99) / 1e6,
        cores,
        timelines / all.seconds(),
        (double) timelines * days / all.seconds(),
        all.evaluations() / all.seconds(),
        all.seconds());
    for (int length : LENGTHS) {
      int n = Math.max(1, Math.round((float) timelines * days / length));
      Run r = run(evaluator, timelines(json, n, length), 1);
      System.out.printf(
          Locale.ROOT,
          "length %3d days (%d timelines, one thread): %.0f timeline-days/s, %.3f ms per evaluation"
              + " (per CPU second: %.0f timeline-days, %.3f ms)%n",
          length,
          n,
          (double) n * length / r.seconds(),
          r.seconds() * 1e3 / r.evaluations(),
          (double) n * length / r.cpuSeconds(),
          r.cpuSeconds() * 1e3 / r.evaluations());
    }
    System.out.printf(Locale.ROOT, "total with start-up: %.2f s%n", (System.nanoTime() - start) / 1e9);
  }

  private static List<JsonNode> timelines(ObjectMapper json, int n, int days) {
    List<JsonNode> docs = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < n; i++) {
      docs.add(synthetic(json, "BENCH-" + i, days, random));
    }
    return docs;
  }

  /**
   * A timed run: its seconds, the CPU seconds of the threads grading (what a shared machine's other
   * load does not inflate; the JIT and GC threads are not in it), its evaluations and each evaluation's time
   * (its timeline's mean), sorted.
   */
  private record Run(double seconds, double cpuSeconds, long evaluations, List<Long> perEvaluationNanos) {
    long percentile(double p) {
      List<Long> sorted = perEvaluationNanos;
      return sorted.isEmpty()
          ? 0
          : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }
  }

  /** Grades the timelines on that many threads, each timeline on one. */
  private static Run run(TimelineEvaluator evaluator, List<JsonNode> docs, int threads) {
    List<java.util.concurrent.Callable<long[]>> tasks = new ArrayList<>();
    for (JsonNode doc : docs) {
      tasks.add(() -> {
        long t0 = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        EvaluationResult result = evaluator.evaluate(doc);
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        long elapsed = System.nanoTime() - t0;
        if (result.failed()) {
          throw new IllegalStateException("synthetic timeline rejected: " + result.errors());
        }
        return new long[] {elapsed, result.evaluations().size(), cpu};
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<long[]>> done = pool.invokeAll(tasks);
      double seconds = (System.nanoTime() - start) / 1e9;
      List<Long> perEvaluationNanos = new ArrayList<>();
      long evaluations = 0;
      long cpuNanos = 0;
      for (Future<long[]> timeline : done) {
        long[] timed = timeline.get();
        evaluations += timed[1];
        cpuNanos += timed[2];
        for (int k = 0; k < timed[1]; k++) {
          perEvaluationNanos.add(timed[0] / timed[1]);
        }
      }
      perEvaluationNanos.sort(null);
      return new Run(seconds, cpuNanos / 1e9, evaluations, perEvaluationNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** A plausible course: CRS around day 5-8, a ferritin peak, falling counts; seeded, repeatable. */
  public static JsonNode synthetic(ObjectMapper json, String id, int days, SplittableRandom random) {
    Instant infusion = Instant.parse("2026-01-01T10:00:00Z");
    ObjectNode doc = json.createObjectNode();
    doc.put("schema", TimelineParser.SCHEMA);
    ObjectNode p = doc.putObject("patient");
    p.put("id", id).put("ageYears", 40 + random.nextInt(40)).put("weightKg", 50 + random.nextInt(50));
    p.put("developmentalDelay", false).put("therapyClass", "CAR_T").put("infusionAt", infusion.toString());
    p.put("immunosuppressed", false);
    ArrayNode labs = doc.putArray("labs");
    ArrayNode vitals = doc.putArray("vitals");
    ArrayNode neuro = doc.putArray("neuro");
    doc.putArray("treatments");
    doc.putArray("findings");
    for (int d = 0; d <= days; d++) {
      Instant draw = infusion.plus(Duration.ofDays(d)).minus(Duration.ofHours(4));
      double ferritin = 300 + 400 * d * Math.exp(-d / 8.0) * (1 + random.nextDouble());
      lab(labs, draw, "2276-4", ferritin, "ng/mL", null, 300.0);
      lab(labs, draw, "3255-7", 150 + random.nextInt(250), "mg/dL", 200.0, null);
      lab(labs, draw, "1742-6", 20 + random.nextInt(200), "U/L", null, 40.0);
      lab(labs, draw, "751-8", 0.2 + random.nextDouble() * 3, "10*3/uL", 1.8, 7.7);
      lab(labs, draw, "777-3", 20 + random.nextInt(200), "10*3/uL", 150.0, 400.0);
      for (int h = 0; h < 24; h += 6) {
        Instant at = infusion.plus(Duration.ofDays(d)).plus(Duration.ofHours(h));
        ObjectNode v = vitals.addObject();
        v.put("at", at.toString());
        v.putObject("temperature").put("value", Math.round((36.5 + random.nextDouble() * 3) * 10) / 10.0).put("unit", "Cel");
        boolean crs = d >= 4 && d <= 8;
        v.put("hypotension", crs && random.nextInt(3) == 0);
        ArrayNode pressors = v.putArray("vasopressors");
        if (crs && random.nextInt(6) == 0) {
          pressors.add("norepinephrine");
        }
        ObjectNode o = v.putObject("oxygen");
        if (crs && random.nextBoolean()) {
          o.put("device", "NASAL_CANNULA").put("flowLpm", 1 + random.nextInt(8));
        } else {
          o.put("device", "NONE");
        }
        v.put("feverAttributedToOtherCause", false);
      }
      for (int h = 8; h < 24; h += 12) {
        ObjectNode n = neuro.addObject();
        n.put("at", infusion.plus(Duration.ofDays(d)).plus(Duration.ofHours(h)).toString());
        n.put("ice", 6 + random.nextInt(5)).putNull("capd").put("consciousness", "AWAKE");
        n.put("globalAphasia", false).put("seizure", "NONE").put("deepFocalMotorWeakness", false);
        n.put("cerebralEdema", "NONE").put("raisedIcpSigns", false).put("sedated", false);
      }
    }
    return doc;
  }

  private static void lab(ArrayNode labs, Instant at, String loinc, double value, String unit, Double low, Double high) {
    ObjectNode l = labs.addObject();
    l.put("at", at.toString()).put("loinc", loinc).put("value", Math.round(value * 100) / 100.0).put("unit", unit);
    if (low == null) l.putNull("low"); else l.put("low", low);
    if (high == null) l.putNull("high"); else l.put("high", high);
  }
}
