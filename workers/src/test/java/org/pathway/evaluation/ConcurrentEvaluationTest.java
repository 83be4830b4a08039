package org.pathway.evaluation;

import org.pathway.grading.EvaluationResult;
import org.pathway.grading.TimelineEvaluator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Grading is safe under concurrency: one evaluator shared by many threads (HTTP requests and job
 * workers share it in the service) answers every timeline exactly as it does alone. (zeebe-dmn's
 * engine, used before, reused one output buffer, so a shared engine answered with other decisions'
 * outputs; the service's one dmn-scala engine keeps nothing between evaluations.)
 */
class ConcurrentEvaluationTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final int THREADS = 8;
  static final int ROUNDS = 3;

  @Test
  void manyThreadsGradeExactlyAsOneThreadDoes() throws Exception {
    TimelineEvaluator evaluator = org.pathway.SitePolicies.evaluator();
    Map<Path, JsonNode> timelines = new LinkedHashMap<>();
    for (Path file : ReferenceTimelinesTest.timelines().toList()) {
      timelines.put(file, JSON.readTree(file.toFile()));
    }
    Map<Path, String> alone = new LinkedHashMap<>();
    timelines.forEach((file, doc) -> alone.put(file, graded(evaluator, doc)));

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Map.Entry<Path, Future<String>>> together = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        for (var entry : timelines.entrySet()) {
          together.add(Map.entry(entry.getKey(), pool.submit(() -> graded(evaluator, entry.getValue()))));
        }
      }
      for (var result : together) {
        assertThat(result.getValue().get())
            .as(result.getKey() + " graded beside " + (THREADS - 1) + " other threads")
            .isEqualTo(alone.get(result.getKey()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String graded(TimelineEvaluator evaluator, JsonNode timeline) {
    try {
      return JSON.writeValueAsString(evaluator.evaluate(timeline));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
