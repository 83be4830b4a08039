package org.pathway.grading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.SitePolicies;
import org.pathway.engine.DecisionEvaluator;
import org.pathway.engine.ModelResources;
import org.pathway.evaluation.EvaluationBenchmark;
import org.pathway.engine.ZeebeDmnDecisions;
import org.pathway.fuzz.JsonMutator;
import org.pathway.simulation.CohortModel;
import org.pathway.simulation.SimulatedPatient;
import org.pathway.simulation.SimulationParameters;
import org.pathway.simulation.TimelineExport;
import org.pathway.simulation.WardObservations;

/**
 * A timeline's decisions reuse a result when their inputs recur ({@link TimelineEvaluator}): the
 * grading is the same as with every decision evaluated at every time point, on the reference,
 * synthetic and mutated timelines. And the grading as optimised (results reused, DMN evaluated by
 * {@code DmnInterpreter}) is the same as the unoptimised one (every decision evaluated, through
 * zeebe-dmn as the service did first) on simulated ward timelines.
 */
class DecisionMemoTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static TimelineEvaluator withMemo;
  static TimelineEvaluator everyDecisionEvaluated;
  static TimelineEvaluator unoptimised;

  @BeforeAll
  static void load() {
    ModelResources models = ModelResources.load();
    DecisionEvaluator decisions = new DecisionEvaluator(models);
    withMemo = new TimelineEvaluator(decisions, models, SitePolicies.configured(), true);
    everyDecisionEvaluated = new TimelineEvaluator(decisions, models, SitePolicies.configured(), false);
    unoptimised =
        new TimelineEvaluator(new ZeebeDmnDecisions(models), models, SitePolicies.configured(), false);
  }

  static List<JsonNode> referenceTimelines() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "timelines", "reference"))) {
      List<JsonNode> docs = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        docs.add(JSON.readTree(file.toFile()));
      }
      return docs;
    }
  }

  private static void gradesAlike(String name, JsonNode doc) throws IOException {
    EvaluationResult memo = withMemo.evaluate(doc);
    EvaluationResult every = everyDecisionEvaluated.evaluate(doc);
    assertThat(memo).as(name).isEqualTo(every);
    assertThat(JSON.writeValueAsString(memo)).as(name).isEqualTo(JSON.writeValueAsString(every));
  }

  @Test
  void referenceTimelinesGradeAlike() throws IOException {
    List<JsonNode> docs = referenceTimelines();
    assertThat(docs).hasSizeGreaterThan(10);
    for (JsonNode doc : docs) {
      gradesAlike(doc.path("patient").path("id").asText(), doc);
    }
  }

  @Test
  void syntheticTimelinesGradeAlike() throws IOException {
    SplittableRandom random = new SplittableRandom(3);
    for (int days : new int[] {0, 2, 14, 45}) {
      JsonNode doc = EvaluationBenchmark.synthetic(JSON, "MEMO-" + days, days, random);
      assertThat(withMemo.evaluate(doc).failed()).isFalse();
      gradesAlike("synthetic, " + days + " days", doc);
    }
  }

  @Test
  void mutatedTimelinesGradeAlike() throws IOException {
    List<JsonNode> docs = referenceTimelines();
    int evaluated = 0;
    for (long seed = 1; seed <= 150; seed++) {
      Random random = new Random(seed);
      JsonNode doc = JsonMutator.mutate(docs.get(random.nextInt(docs.size())), random, 1 + random.nextInt(3));
      if (!withMemo.evaluate(doc).failed()) {
        evaluated++;
      }
      gradesAlike("seed " + seed, doc);
    }
    assertThat(evaluated).isGreaterThan(40);
  }

  @Test
  void simulatedWardTimelinesGradeAsUnoptimised() throws IOException {
    WardObservations ward = new WardObservations(SimulationParameters.defaults());
    TimelineExport export = new TimelineExport(JSON);
    int graded = 0;
    for (SimulatedPatient p : CohortModel.of(12, 29).patients()) {
      JsonNode doc = export.document(p, ward.timeline(p, 21), 21);
      EvaluationResult optimised = withMemo.evaluate(doc);
      assertThat(optimised.failed()).as(p.id()).isFalse();
      graded += optimised.evaluations().size();
      assertThat(JSON.writeValueAsString(optimised))
          .as(p.id())
          .isEqualTo(JSON.writeValueAsString(unoptimised.evaluate(doc)));
    }
    assertThat(graded).isGreaterThan(500);
  }
}
