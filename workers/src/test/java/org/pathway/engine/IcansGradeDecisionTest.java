package org.pathway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * dmn/icans-grade.dmn, reference §4.2 footnote [V]: ICE 0 awake with global aphasia is grade 3 (an
 * aphasic patient scores nothing on the ICE, so a missing score with global aphasia is that ICE 0),
 * ICE 0 unarousable is grade 4.
 */
class IcansGradeDecisionTest {

  private static DecisionEvaluator decisions;

  @BeforeAll
  static void load() {
    decisions = BothDecisionEngines.load();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> grade(Integer ice, String consciousness, boolean globalAphasia) {
    Map<String, Object> icans = new HashMap<>();
    icans.put("examRecorded", true);
    icans.put("instrument", "ICE");
    icans.put("score", ice);
    icans.put("consciousness", consciousness);
    icans.put("globalAphasia", globalAphasia);
    icans.put("seizure", "NONE");
    icans.put("deepFocalMotorWeakness", false);
    icans.put("cerebralEdema", "NONE");
    icans.put("raisedIcpSigns", false);
    icans.put("sedated", false);
    return (Map<String, Object>) decisions.evaluate("icans-grade", Map.of("icans", icans));
  }

  @Test
  void iceZeroAwakeWithGlobalAphasiaIsGradeThree() {
    assertThat(grade(0, "AWAKE", true)).containsEntry("status", "GRADED").containsEntry("grade", 3);
    // the ICE could not be scored because of the aphasia: that is the footnote's ICE 0, not "not assessable"
    Map<String, Object> unscored = grade(null, "AWAKE", true);
    assertThat(unscored).containsEntry("status", "GRADED").containsEntry("grade", 3);
    assertThat(String.valueOf(unscored.get("reasons"))).contains("global aphasia");
  }

  @Test
  void iceZeroUnarousableIsGradeFour() {
    assertThat(grade(0, "UNAROUSABLE", false)).containsEntry("status", "GRADED").containsEntry("grade", 4);
    assertThat(grade(0, "UNAROUSABLE", true)).containsEntry("status", "GRADED").containsEntry("grade", 4);
  }
}
