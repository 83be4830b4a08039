package org.pathway.evaluation;

import org.pathway.grading.EvaluationResult;
import org.pathway.grading.TimelineEvaluator;
import org.pathway.clinical.TimelineParser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.pathway.clinical.FeaturePolicy;
import org.pathway.engine.DecisionEvaluator;
import org.pathway.engine.ModelResources;

/**
 * {@code ./pathway bench-evaluate [timelines] [days]}: start-up plus the evaluation of synthetic
 * timelines (daily labs, vitals every 6 h, neuro exams every 12 h), timed in one process, printing
 * timelines per second and the latency of one evaluation (one time point, all grades).
 */
public final class EvaluationBenchmark {

  public static void main(FeaturePolicy policy, String[] args) {
    int timelines = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    long start = System.nanoTime();
    ObjectMapper json = new ObjectMapper();
    ModelResources models = ModelResources.load();
    TimelineEvaluator evaluator =
        new TimelineEvaluator(new DecisionEvaluator(models), models, policy);
    long ready = System.nanoTime();

    List<JsonNode> docs = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < timelines; i++) {
      docs.add(synthetic(json, "BENCH-" + i, days, random));
    }
    // warm-up on a copy, so the JIT is measured apart from the run
    evaluator.evaluate(docs.getFirst());

    List<Long> perEvaluationNanos = new ArrayList<>();
    long evaluations = 0;
    long runStart = System.nanoTime();
    for (JsonNode doc : docs) {
      long t0 = System.nanoTime();
      EvaluationResult result = evaluator.evaluate(doc);
      long elapsed = System.nanoTime() - t0;
      if (result.failed()) {
        throw new IllegalStateException("synthetic timeline rejected: " + result.errors());
      }
      int n = result.evaluations().size();
      evaluations += n;
      for (int k = 0; k < n; k++) {
        perEvaluationNanos.add(elapsed / n);
      }
    }
    long runEnd = System.nanoTime();
    perEvaluationNanos.sort(null);
    double runSeconds = (runEnd - runStart) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "machine: %d cores, Java %s, %s%n"
            + "start-up (models, DMN parse): %.2f s%n"
            + "timelines: %d x %d days, %d evaluations (time points), %.2f s%n"
            + "throughput: %.1f timelines/s, %.0f evaluations/s%n"
            + "per-evaluation latency (timeline mean): p50 %.3f ms, p99 %.3f ms%n"
            + "total with start-up: %.2f s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("os.arch"),
        (ready - start) / 1e9,
        timelines,
        days,
        evaluations,
        runSeconds,
        timelines / runSeconds,
        evaluations / runSeconds,
        percentile(perEvaluationNanos, 0.50) / 1e6,
        percentile(perEvaluationNanos, 0.99) / 1e6,
        (runEnd - start) / 1e9);
  }

  private static long percentile(List<Long> sorted, double p) {
    return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
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
