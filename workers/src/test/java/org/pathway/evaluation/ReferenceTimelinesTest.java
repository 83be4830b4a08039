package org.pathway.evaluation;

import org.pathway.grading.EvaluationResult;
import org.pathway.grading.TimelineEvaluator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference test cases (../shared/clinical/reference.md §14) as timelines in the contract format
 * under timelines/reference/, each carrying its expected results in an "expected" field (the
 * contract ignores unknown fields, so the folder is also a regression corpus for ./pathway evaluate).
 * An expectation addresses an evaluation by its time, the whole result by "document", a dose check by
 * "doseCheck:" and its time; only the fields it names are compared.
 */
class ReferenceTimelinesTest {

  static final Path FOLDER = Path.of("..", "timelines", "reference");
  static final ObjectMapper JSON = new ObjectMapper();
  static TimelineEvaluator evaluator;

  @BeforeAll
  static void load() {
    evaluator = org.pathway.SitePolicies.evaluator();
  }

  static Stream<Path> timelines() throws IOException {
    try (Stream<Path> files = Files.list(FOLDER)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("timelines")
  void meetsItsExpectations(Path file) throws IOException {
    JsonNode document = JSON.readTree(file.toFile());
    EvaluationResult result = evaluator.evaluate(document);
    assertThat(result.errors()).as(file + " is a valid timeline").isEmpty();
    JsonNode actual = JSON.valueToTree(result);
    JsonNode expectations = document.path("expected");
    assertThat(expectations.size()).as(file + " has expectations").isPositive();

    for (JsonNode expected : expectations) {
      String at = expected.path("at").asText();
      // "document" addresses the whole result, "doseCheck:<time>" a dose check, a time an evaluation
      JsonNode evaluation =
          at.equals("document")
              ? actual
              : at.startsWith("doseCheck:")
                  ? JSON.createObjectNode()
                      .set("doseCheck", find(actual.path("doseChecks"), at.substring("doseCheck:".length())))
                  : find(actual.path("evaluations"), at);
      assertThat(evaluation).as(file + ": an evaluation at " + at).isNotNull();
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> syndrome = it.next();
        if (syndrome.getKey().equals("at")) {
          continue;
        }
        JsonNode got = evaluation.path(syndrome.getKey());
        for (Iterator<Map.Entry<String, JsonNode>> f = syndrome.getValue().fields(); f.hasNext(); ) {
          Map.Entry<String, JsonNode> field = f.next();
          String where = file.getFileName() + " at " + at + " " + syndrome.getKey() + "." + field.getKey();
          if (field.getKey().equals("reasonsContain")) {
            assertThat(got.path("reasons").toString()).as(where).contains(field.getValue().asText());
          } else if (field.getValue().isNumber()) {
            assertThat(got.path(field.getKey()).decimalValue())
                .as(where + " (got: " + got + ")")
                .isEqualByComparingTo(field.getValue().decimalValue());
          } else {
            assertThat(got.path(field.getKey()))
                .as(where + " (got: " + got + ")")
                .isEqualTo(field.getValue());
          }
        }
      }
    }
  }

  /** The first entry at that time, or null (a missing node fails the comparison, naming it). */
  private static JsonNode find(JsonNode evaluations, String at) {
    for (JsonNode e : evaluations) {
      if (e.path("at").asText().equals(at)) {
        return e;
      }
    }
    return null;
  }
}
