package org.pathway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * dmn/tocilizumab-dose.dmn checking an ordered or proposed dose (reference §11.1 "Checking an
 * ordered or proposed dose (2026-12)"): above the weight-based dose (12 mg/kg under 30 kg, 8 mg/kg
 * from 30 kg) plus the pharmacy's rounding tolerance, or above 800 mg, is refused with the rule
 * named.
 */
class TocilizumabDoseCheckDecisionTest {

  private static DecisionEvaluator decisions;

  @BeforeAll
  static void load() {
    decisions = BothDecisionEngines.load();
  }

  /** The violations of a first dose (none given before). */
  @SuppressWarnings("unchecked")
  private static List<Object> violations(double weightKg, double doseMg, double toleranceMg) {
    Map<String, Object> check = new HashMap<>();
    check.put("doseMg", doseMg);
    check.put("dosesGiven", 0);
    check.put("dosesInPrevious24h", 0);
    check.put("hoursSinceLastDose", null);
    check.put("roundingToleranceMg", toleranceMg);
    Object out =
        decisions.evaluate(
            "tocilizumab-dose-check", Map.of("check", check, "dosing", Map.of("weightKg", weightKg)));
    return out == null ? List.of() : ((List<Map<String, Object>>) out).stream().map(v -> v.get("violation")).toList();
  }

  @Test
  void aChildsDoseAboveTwelveMgPerKgIsRefusedEvenUnder800Mg() {
    assertThat(violations(24, 800, 0)).containsExactly("ABOVE_WEIGHT_BASED_DOSE");
    assertThat(violations(24, 288, 0)).isEmpty();
    assertThat(violations(29.9, 358.8, 0)).isEmpty();
  }

  @Test
  void fromThirtyKgTheLimitIsEightMgPerKg() {
    assertThat(violations(30, 240, 0)).isEmpty();
    assertThat(violations(30, 241, 0)).containsExactly("ABOVE_WEIGHT_BASED_DOSE");
  }

  @Test
  void aboveEightHundredMgIsRefusedWhateverTheWeight() {
    assertThat(violations(110, 880, 0)).containsExactly("ABOVE_MAX_800MG");
    assertThat(violations(110, 800, 0)).isEmpty();
  }

  @Test
  void thePharmacyRoundingToleranceIsAllowedAboveTheWeightBasedDoseOnly() {
    assertThat(violations(30, 241, 1)).isEmpty();
    assertThat(violations(30, 242, 1)).containsExactly("ABOVE_WEIGHT_BASED_DOSE");
    assertThat(violations(110, 801, 5)).containsExactly("ABOVE_MAX_800MG");
  }
}
