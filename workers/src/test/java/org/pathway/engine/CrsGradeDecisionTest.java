package org.pathway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * dmn/crs-grade.dmn on the inputs GradingInputs.crs builds: grade 1 needs fever even after therapy
 * masked it (reference §3.4 correction 2026-12), and a vasopressor the pathway does not know goes to
 * a clinician (§3.3 "Drug names (2026-12)").
 */
class CrsGradeDecisionTest {

  private static DecisionEvaluator decisions;

  @BeforeAll
  static void load() {
    decisions = BothDecisionEngines.load();
  }

  /** Recorded vitals: 37.2 °C, normotensive, no vasopressors, room air, no therapy given. */
  private static Map<String, Object> afebrile() {
    Map<String, Object> crs = new HashMap<>();
    crs.put("vitalsRecorded", true);
    crs.put("tempC", 37.2);
    crs.put("feverAttributedToOtherCause", false);
    crs.put("hypotension", false);
    crs.put("vasopressin", false);
    crs.put("nonVasopressinVasopressors", 0);
    crs.put("unknownVasopressors", List.of());
    crs.put("oxygenDevice", "NONE");
    crs.put("oxygenFlowLpm", null);
    crs.put("ventilationReason", null);
    crs.put("infant", false);
    crs.put("feverMaskedByTherapy", false);
    crs.put("deathAttributedToCrs", false);
    return crs;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> grade(Map<String, Object> crs) {
    return (Map<String, Object>) decisions.evaluate("crs-grade", Map.of("crs", crs));
  }

  @Test
  void afterTherapyMaskedFeverNoFeverNoHypotensionNoHypoxiaIsGradeZero() {
    Map<String, Object> crs = afebrile();
    crs.put("feverMaskedByTherapy", true);
    assertThat(grade(crs)).containsEntry("status", "GRADED").containsEntry("grade", 0);
  }

  @Test
  void afterTherapyMaskedFeverHypotensionAndHypoxiaGradeWithoutFever() {
    Map<String, Object> crs = afebrile();
    crs.put("feverMaskedByTherapy", true);
    crs.put("oxygenDevice", "NASAL_CANNULA");
    crs.put("oxygenFlowLpm", 4);
    assertThat(grade(crs)).containsEntry("status", "GRADED").containsEntry("grade", 2);
    crs.put("oxygenDevice", "NONE");
    crs.put("hypotension", true);
    crs.put("nonVasopressinVasopressors", 1);
    assertThat(grade(crs)).containsEntry("status", "GRADED").containsEntry("grade", 3);
  }

  @Test
  void feverAloneIsGradeOneWithOrWithoutTherapy() {
    Map<String, Object> crs = afebrile();
    crs.put("tempC", 38.0);
    assertThat(grade(crs)).containsEntry("status", "GRADED").containsEntry("grade", 1);
    crs.put("feverMaskedByTherapy", true);
    assertThat(grade(crs)).containsEntry("status", "GRADED").containsEntry("grade", 1);
  }

  @Test
  void anUnknownVasopressorGoesToReviewNamingTheDrug() {
    Map<String, Object> crs = afebrile();
    crs.put("tempC", 38.6);
    crs.put("hypotension", true);
    crs.put("nonVasopressinVasopressors", 1);
    crs.put("unknownVasopressors", List.of("foo-pressor"));
    Map<String, Object> out = grade(crs);
    assertThat(out).containsEntry("status", "REVIEW").containsEntry("grade", null);
    assertThat(String.valueOf(out.get("reasons"))).contains("foo-pressor");
  }
}
