package org.pathway.evaluation;

import org.pathway.grading.EvaluationResult;
import org.pathway.grading.TimelineEvaluator;
import org.pathway.clinical.InputError;
import org.pathway.clinical.TimelineParser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ./pathway evaluate honours the contract's optional lab fields (2026-12) on reference TC-07, whose
 * D+12 labs raise the suspicion: a retracted ferritin stops counting from its retraction on, a
 * preliminary one is not graded, a bound is not a value (reference §5.2).
 */
class ResultStatusTimelineTest {

  static final String D12 = "2026-03-14T06:00:00Z";
  static final String LATER = "2026-03-14T12:00:00Z";
  static TimelineEvaluator evaluator;

  @BeforeAll
  static void load() {
    evaluator = org.pathway.SitePolicies.evaluator();
  }

  static ObjectNode tc07() throws Exception {
    return (ObjectNode) EvaluateCommandTest.JSON.readTree(Files.readString(EvaluateCommandTest.EXAMPLE));
  }

  /** The D+12 ferritin of TC-07 (900 ng/mL), to be given status, id, comparator. */
  static ObjectNode d12Ferritin(ObjectNode doc) {
    for (JsonNode lab : doc.get("labs")) {
      if (lab.get("loinc").asText().equals("2276-4") && lab.get("at").asText().equals(D12)) {
        return (ObjectNode) lab;
      }
    }
    throw new AssertionError("TC-07 has a D+12 ferritin");
  }

  static JsonNode iecHsAt(ObjectNode doc, String at) {
    JsonNode result = EvaluateCommandTest.JSON.valueToTree(evaluator.evaluate(doc));
    assertThat(result.path("errors")).isEmpty();
    for (JsonNode e : result.path("evaluations")) {
      if (e.path("at").asText().equals(at)) {
        return e.path("iecHs");
      }
    }
    throw new AssertionError("no evaluation at " + at + ": " + result);
  }

  @Test
  void tc07IsSuspectedWithItsFerritin() throws Exception {
    assertThat(iecHsAt(tc07(), D12).path("findings").toString()).contains("FERRITIN_HIGH");
  }

  @Test
  void aRetractedFerritinStopsCountingFromItsRetractionOn() throws Exception {
    ObjectNode doc = tc07();
    d12Ferritin(doc).put("id", "F-D12");
    ((ArrayNode) doc.get("labs")).addObject()
        .put("at", LATER).put("loinc", "2276-4").put("value", 900).put("unit", "ng/mL")
        .put("high", 300).put("status", "entered-in-error").put("id", "F-D12");
    assertThat(iecHsAt(doc, D12).path("findings").toString()).contains("FERRITIN_HIGH");
    JsonNode after = iecHsAt(doc, LATER);
    assertThat(after.path("findings").toString()).doesNotContain("FERRITIN_HIGH");
    assertThat(after.path("suspected").asBoolean()).isFalse();
  }

  @Test
  void aPreliminaryFerritinIsNotGraded() throws Exception {
    ObjectNode doc = tc07();
    d12Ferritin(doc).put("status", "preliminary");
    JsonNode iecHs = iecHsAt(doc, D12);
    assertThat(iecHs.path("findings").toString()).doesNotContain("FERRITIN_HIGH");
    assertThat(iecHs.path("notEvaluable").toString()).contains("preliminary");
  }

  /** "<700" with ULN 300 may or may not be above 600: never graded as exactly 700. */
  @Test
  void aFerritinBoundIsNotGradedAsItsValue() throws Exception {
    ObjectNode doc = tc07();
    d12Ferritin(doc).put("value", 700).put("comparator", "<");
    JsonNode iecHs = iecHsAt(doc, D12);
    assertThat(iecHs.path("findings").toString()).doesNotContain("FERRITIN_HIGH");
    assertThat(iecHs.path("notEvaluable").toString()).contains("bound (<700)");
  }

  static JsonNode evaluationAt(ObjectNode doc, String at) {
    JsonNode result = EvaluateCommandTest.JSON.valueToTree(evaluator.evaluate(doc));
    for (JsonNode e : result.path("evaluations")) {
      if (e.path("at").asText().equals(at)) {
        return e;
      }
    }
    throw new AssertionError("no evaluation at " + at + ": " + result);
  }

  /**
   * Reference §5.2: "<700" taken last is the latest ferritin; the 900 of the day before does not
   * stand in for it (it did, and raised FERRITIN_HIGH). HLH-2004's ferritin ≥500 (§7) is not
   * evaluable; HScore's <2000 band (§8) is decided by it (0 points at both ends).
   */
  @Test
  void aFerritinBoundTakenLastIsNotReplacedByTheValueBefore() throws Exception {
    ObjectNode doc = tc07();
    d12Ferritin(doc).put("value", 700).put("comparator", "<");
    ((ArrayNode) doc.get("labs")).addObject()
        .put("at", "2026-03-13T06:00:00Z").put("loinc", "2276-4").put("value", 900).put("unit", "ng/mL")
        .put("high", 300);
    JsonNode at = evaluationAt(doc, D12);
    assertThat(at.path("iecHs").path("findings").toString()).doesNotContain("FERRITIN_HIGH");
    assertThat(at.path("iecHs").path("notEvaluable").toString()).contains("bound (<700)");
    assertThat(at.path("hlh2004").path("criteria").toString()).doesNotContain("FERRITIN");
    assertThat(at.path("hlh2004").path("notEvaluable").toString()).contains("FERRITIN").contains("bound (<700)");
    assertThat(at.path("hscore").path("points").path("FERRITIN").asInt()).isZero();
    assertThat(at.path("hscore").path("notEvaluable").toString()).doesNotContain("FERRITIN");
  }

  /**
   * Reference §5.2: ">10000" ferritin meets ">2× ULN" (ULN 300), HLH-2004's ≥500 (§7) and scores
   * HScore's >6000 band (§8: 50 points at both ends). It was dropped and D0's 450 read.
   */
  @Test
  void aFerritinAbove10000DecidesEveryCriterionItIsAbove() throws Exception {
    ObjectNode doc = tc07();
    d12Ferritin(doc).put("value", 10000).put("comparator", ">");
    JsonNode at = evaluationAt(doc, D12);
    assertThat(at.path("iecHs").path("findings").toString()).contains("FERRITIN_HIGH");
    assertThat(at.path("iecHs").path("suspected").asBoolean()).isTrue();
    assertThat(at.path("hlh2004").path("criteria").toString()).contains("FERRITIN");
    assertThat(at.path("hscore").path("points").path("FERRITIN").asInt()).isEqualTo(50);
  }

  /**
   * Reference §5.2: "<0.5" ANC meets "<1.0" (HLH-2004 cytopenias, §7, with platelets 40) and is
   * below the LLN (IEC-HS new cytopenia). It was dropped: D0's 2.1 was read.
   */
  @Test
  void anAncBelow0_5MeetsBelow1() throws Exception {
    ObjectNode doc = tc07();
    for (JsonNode lab : doc.get("labs")) {
      if (lab.get("loinc").asText().equals("751-8") && lab.get("at").asText().equals(D12)) {
        ((ObjectNode) lab).put("value", 0.5).put("comparator", "<");
      }
    }
    JsonNode at = evaluationAt(doc, D12);
    assertThat(at.path("hlh2004").path("criteria").toString()).contains("CYTOPENIAS");
    assertThat(at.path("iecHs").path("findings").toString()).contains("CYTOPENIA_NEW_OR_WORSENING");
  }

  @Test
  void anUnknownStatusOrComparatorIsRefusedByName() throws Exception {
    ObjectNode doc = tc07();
    d12Ferritin(doc).put("status", "final-ish").put("comparator", "~");
    assertThat(TimelineParser.parse(doc).errors()).extracting(InputError::pointer)
        .containsExactlyInAnyOrder("/labs/6/status", "/labs/6/comparator");
  }

  /**
   * A ferritin dated years before infusion is no one's current value: it once stood as the latest
   * ferritin and raised FERRITIN_HIGH on D+12. It is read by no criterion (it is older than the
   * look-back of the pre-lymphodepletion sample) and the ferritin is reported as missing.
   */
  @Test
  void aResultFromYearsAgoIsNotTheCurrentValue() throws Exception {
    ObjectNode doc = tc07();
    ArrayNode labs = (ArrayNode) doc.get("labs");
    for (int i = labs.size() - 1; i >= 0; i--) {
      if (labs.get(i).get("loinc").asText().equals("2276-4")) {
        labs.remove(i);
      }
    }
    labs.addObject().put("at", "2017-05-01T08:00:00Z").put("loinc", "2276-4").put("value", 9000)
        .put("unit", "ng/mL").put("high", 300);
    JsonNode iecHs = iecHsAt(doc, D12);
    assertThat(iecHs.path("findings").toString()).doesNotContain("FERRITIN_HIGH");
    assertThat(iecHs.path("notEvaluable").toString()).contains("FERRITIN: no result");
  }
}
