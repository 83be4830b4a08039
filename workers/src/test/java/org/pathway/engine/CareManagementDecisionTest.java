package org.pathway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CRS and ICANS management tables (dmn/crs-management.dmn, dmn/icans-management.dmn) and their
 * treatment options (dmn/crs-treatment.dmn, dmn/icans-treatment.dmn) at their boundaries: the ICU
 * from grade 3 only when it is reached, late-onset CRS after day 14 only, the check interval by
 * grade, and options by grade and concurrent CRS.
 */
class CareManagementDecisionTest {

  private static DecisionEvaluator decisions;

  @BeforeAll
  static void load() {
    decisions = BothDecisionEngines.load();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> plan(String decision, Integer grade, Integer previous, int day) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("grade", grade);
    vars.put("previousGrade", previous);
    vars.put("dayPostInfusion", day);
    return (Map<String, Object>) decisions.evaluate(decision, vars);
  }

  @Test
  void crsGradeSetsTheNextStepTheVitalsIntervalAndTheIcu() {
    assertThat(plan("crs-management", 1, null, 3))
        .containsEntry("nextStep", "TREAT").containsEntry("checkEvery", "PT4H").containsEntry("icuEscalation", false);
    assertThat(plan("crs-management", 2, 1, 3))
        .containsEntry("nextStep", "TREAT").containsEntry("checkEvery", "PT2H").containsEntry("icuEscalation", false);
    assertThat(plan("crs-management", 3, 2, 3)).containsEntry("icuEscalation", true);
    assertThat(plan("crs-management", 4, null, 3)).containsEntry("icuEscalation", true);
    // still grade 3, or down from 4 to 3: the ICU team already has the patient
    assertThat(plan("crs-management", 3, 3, 3))
        .containsEntry("nextStep", "MONITOR").containsEntry("icuEscalation", false);
    assertThat(plan("crs-management", 3, 4, 3)).containsEntry("icuEscalation", false);
    assertThat(plan("crs-management", 1, 2, 3)).containsEntry("nextStep", "MONITOR").containsEntry("checkEvery", "PT4H");
    assertThat(plan("crs-management", 0, 2, 3)).containsEntry("nextStep", "CONFIRM_RESOLUTION");
    assertThat(plan("crs-management", 5, 4, 3)).containsEntry("nextStep", "END_DEATH");
    assertThat(plan("crs-management", null, 2, 3)).containsEntry("nextStep", "MONITOR").containsEntry("checkEvery", "PT2H");
  }

  @Test
  void onlyANewCrsAfterDayFourteenIsLateOnset() {
    assertThat(plan("crs-management", 1, null, 14)).containsEntry("lateOnsetReview", false);
    assertThat(plan("crs-management", 1, null, 15)).containsEntry("lateOnsetReview", true);
    assertThat(plan("crs-management", 2, 1, 20)).containsEntry("lateOnsetReview", false); // not new
  }

  @Test
  void icansIsAssessedAtLeastTwiceDailyAndMoreOftenFromGradeTwo() {
    assertThat(plan("icans-management", 1, null, 5)).containsEntry("checkEvery", "PT12H").containsEntry("nextStep", "TREAT");
    assertThat(plan("icans-management", 2, 1, 5)).containsEntry("checkEvery", "PT6H").containsEntry("icuEscalation", false);
    assertThat(plan("icans-management", 3, 2, 5)).containsEntry("icuEscalation", true);
    assertThat(plan("icans-management", 0, 1, 5)).containsEntry("nextStep", "CONFIRM_RESOLUTION");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> options(String decision, Map<String, Object> vars) {
    Map<String, Object> all = new HashMap<>(vars);
    all.putIfAbsent("weightKg", 72.0);
    all.putIfAbsent("tocilizumabDose", Map.of("doseMg", 576, "reasons", List.of("8 mg/kg from 30 kg (§11.1)")));
    all.putIfAbsent("tocilizumabViolations", List.of());
    List<Map<String, Object>> out = (List<Map<String, Object>>) decisions.evaluate(decision, all);
    return out.stream().map(o -> o.get("option")).toList();
  }

  @Test
  void crsOptionsByGrade() {
    assertThat(options("crs-treatment", Map.of("grade", 1))).containsExactly("SUPPORTIVE_CARE");
    assertThat(options("crs-treatment", Map.of("grade", 2)))
        .containsExactly("SUPPORTIVE_CARE", "TOCILIZUMAB", "DEXAMETHASONE", "MONITORING");
    assertThat(options("crs-treatment", Map.of("grade", 4)))
        .containsExactly("SUPPORTIVE_CARE", "TOCILIZUMAB", "METHYLPREDNISOLONE", "MONITORING");
  }

  @Test
  void icansOptionsByGradeAndConcurrentCrs() {
    assertThat(options("icans-treatment", Map.of("grade", 1, "concurrentCrs", false))).containsExactly("SUPPORTIVE_CARE");
    assertThat(options("icans-treatment", Map.of("grade", 1, "concurrentCrs", true)))
        .containsExactly("SUPPORTIVE_CARE", "TOCILIZUMAB");
    assertThat(options("icans-treatment", Map.of("grade", 2, "concurrentCrs", true)))
        .containsExactly("SUPPORTIVE_CARE", "TOCILIZUMAB", "DEXAMETHASONE_OR_METHYLPREDNISOLONE", "NEURO_WORKUP");
    assertThat(options("icans-treatment", Map.of("grade", 4, "concurrentCrs", false)))
        .containsExactly("SUPPORTIVE_CARE", "DEXAMETHASONE_OR_METHYLPREDNISOLONE", "NEURO_WORKUP", "METHYLPREDNISOLONE_HIGH_DOSE");
  }
}
