package org.pathway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pathway.grading.EvaluationResult;
import org.pathway.clinical.InputError;
import org.pathway.grading.TimelineEvaluator;

/**
 * Mutated reference timelines never crash the evaluator: each is either evaluated or rejected with
 * errors that name a field. Replay a failure with its seed.
 */
class TimelineFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CASES = 1500;

  @Test
  void mutatedTimelinesAreEvaluatedOrRejectedWithNamedErrors() throws IOException {
    List<JsonNode> timelines;
    try (Stream<Path> files = Files.list(Path.of("../timelines/reference"))) {
      timelines = files.filter(p -> p.toString().endsWith(".json")).sorted()
          .map(TimelineFuzzTest::read).toList();
    }
    assertThat(timelines).hasSizeGreaterThan(10);
    TimelineEvaluator evaluator = org.pathway.SitePolicies.evaluator();

    int rejected = 0;
    for (long seed = 1; seed <= CASES; seed++) {
      Random random = new Random(seed);
      JsonNode doc = JsonMutator.mutate(
          timelines.get(random.nextInt(timelines.size())), random, 1 + random.nextInt(3));
      EvaluationResult result;
      try {
        result = evaluator.evaluate(doc);
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ": " + e + "\n" + doc, e);
      }
      if (result.failed()) {
        rejected++;
        assertThat(result.evaluations()).as("seed %d", seed).isEmpty();
        for (InputError error : result.errors()) {
          assertThat(error.pointer()).as("seed %d: %s", seed, error).startsWith("/");
          assertThat(error.reason()).as("seed %d: %s", seed, error).isNotBlank();
        }
      }
    }
    // the mutations do reach the validation, and not every one is rejected
    assertThat(rejected).isBetween(CASES / 10, CASES - CASES / 20);
  }

  private static JsonNode read(Path p) {
    try {
      return JSON.readTree(p.toFile());
    } catch (IOException e) {
      return fail("cannot read " + p, e);
    }
  }
}
