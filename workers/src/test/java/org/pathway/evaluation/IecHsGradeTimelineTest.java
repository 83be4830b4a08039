package org.pathway.evaluation;

import org.pathway.grading.EvaluationResult;
import org.pathway.grading.TimelineEvaluator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The suggested IEC-HS grade (reference §5.3) reads the interventions the bedside record already
 * holds, not only what a physician ticked: vasopressors running (life-threatening hypotension) and
 * positive-pressure ventilation for hypoxia (respiratory failure) are grade 4. It once said grade 1
 * ("no intervention so far") for a suspected patient on noradrenaline.
 */
class IecHsGradeTimelineTest {

  static TimelineEvaluator evaluator;

  @BeforeAll
  static void load() {
    evaluator = org.pathway.SitePolicies.evaluator();
  }

  @ParameterizedTest(name = "{0} {1} → grade {3}")
  @CsvSource({
    "'[]', NONE, , 1",
    "'[\"noradrenaline\"]', NONE, , 4",
    "'[]', BIPAP, , 4",
    "'[]', MECHANICAL_VENTILATION, HYPOXIA, 4",
    "'[]', MECHANICAL_VENTILATION, AIRWAY_PROTECTION, 1"
  })
  void interventionsOnTheBedsideRecordGradeIecHs(String pressors, String device, String reason, int grade)
      throws Exception {
    ObjectNode doc = (ObjectNode) EvaluateCommandTest.JSON.readTree(Files.readString(EvaluateCommandTest.EXAMPLE));
    ObjectNode oxygen = EvaluateCommandTest.JSON.createObjectNode().put("device", device);
    if (reason != null) {
      oxygen.put("reason", reason);
    }
    ((ArrayNode) doc.get("vitals")).addObject()
        .put("at", "2026-03-14T09:00:00Z")
        .put("hypotension", !pressors.equals("[]"))
        .put("feverAttributedToOtherCause", false)
        .<ObjectNode>set("vasopressors", EvaluateCommandTest.JSON.readTree(pressors))
        .set("oxygen", oxygen);
    JsonNode result = EvaluateCommandTest.JSON.valueToTree(evaluator.evaluate(doc));
    JsonNode at = null;
    for (JsonNode e : result.path("evaluations")) {
      if (e.path("at").asText().equals("2026-03-14T09:00:00Z")) {
        at = e;
      }
    }
    assertThat(at).as(result.path("errors").toString()).isNotNull();
    assertThat(at.at("/iecHs/suspected").asBoolean()).isTrue();
    assertThat(at.at("/iecHs/grade").asInt()).as(at.at("/iecHs/reasons").toString()).isEqualTo(grade);
  }
}
