package org.pathway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IEC-HS treatment options (dmn/iec-hs-treatment.dmn, reference §5.4, §11) and the next step
 * after a grading (dmn/iec-hs-response.dmn), on dmn-scala directly and through zeebe-dmn alike:
 * options by line and grade, the weight-based doses at their caps, and every way an episode goes on
 * or ends.
 */
class IecHsTreatmentDecisionTest {

  private static DecisionEvaluator decisions;

  @BeforeAll
  static void load() {
    decisions = BothDecisionEngines.load();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> options(int line, int grade, boolean fibrinogenLow, Double weightKg) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("treatmentLine", line);
    vars.put("iecHsGrade", Map.of("grade", grade));
    vars.put("fibrinogenLow", fibrinogenLow);
    vars.put("weightKg", weightKg);
    return (List<Map<String, Object>>) decisions.evaluate("iec-hs-treatment", vars);
  }

  private static List<Object> names(List<Map<String, Object>> options) {
    return options.stream().map(o -> o.get("option")).toList();
  }

  private static String dose(List<Map<String, Object>> options, String option) {
    return options.stream()
        .filter(o -> option.equals(o.get("option")))
        .map(o -> (String) o.get("dose"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no option " + option + " in " + options));
  }

  @Test
  void gradeOneIsObservationOnly() {
    assertThat(names(options(1, 1, false, 72.0))).containsExactly("OBSERVE");
  }

  @Test
  void firstLineFromGradeTwoIsAnakinraWithOrWithoutSteroidsAndNeverTocilizumab() {
    for (int grade = 2; grade <= 4; grade++) {
      List<Map<String, Object>> options = options(1, grade, false, 72.0);
      assertThat(names(options)).as("grade " + grade).containsExactly("ANAKINRA", "DEXAMETHASONE");
      assertThat(options.getFirst().get("source").toString()).contains("§5.4", "§11.3");
    }
  }

  static Stream<Arguments> anakinraDoses() {
    // §11.3: 2 mg/kg per dose, at most 100 mg: the cap is reached at exactly 50 kg
    return Stream.of(
        Arguments.of(10.0, "20 mg per dose"),
        Arguments.of(49.9, "99.8 mg per dose"),
        Arguments.of(50.0, "100 mg per dose"),
        Arguments.of(50.1, "100 mg per dose"),
        Arguments.of(120.0, "100 mg per dose"));
  }

  @ParameterizedTest
  @MethodSource("anakinraDoses")
  void anakinraIsTwoMilligramsPerKiloUpToOneHundred(double weightKg, String expected) {
    assertThat(dose(options(1, 2, false, weightKg), "ANAKINRA")).startsWith(expected);
  }

  @Test
  void dexamethasoneIsHalfAMilligramPerKiloUpToTen() {
    assertThat(dose(options(1, 2, false, 19.0), "DEXAMETHASONE")).startsWith("9.5 mg IV");
    assertThat(dose(options(1, 2, false, 20.0), "DEXAMETHASONE")).startsWith("10 mg IV");
    assertThat(dose(options(1, 2, false, 72.0), "DEXAMETHASONE")).startsWith("10 mg IV");
  }

  @Test
  void withoutAWeightNoDoseIsComputed() {
    List<Map<String, Object>> options = options(1, 2, false, null);
    assertThat(dose(options, "ANAKINRA")).startsWith("Weight missing");
    assertThat(dose(options(2, 2, false, null), "EMAPALUMAB")).startsWith("Weight missing");
  }

  @Test
  void hypofibrinogenemiaAddsReplacementOnAnyLine() {
    assertThat(names(options(1, 1, true, 72.0))).containsExactly("OBSERVE", "FIBRINOGEN_REPLACEMENT");
    assertThat(names(options(2, 3, true, 72.0))).contains("FIBRINOGEN_REPLACEMENT");
  }

  @Test
  void secondLineIsRuxolitinibOrEmapalumabThenEtoposideWhenRefractory() {
    List<Map<String, Object>> second = options(2, 2, false, 72.0);
    assertThat(names(second)).containsExactly("RUXOLITINIB", "EMAPALUMAB");
    // §11.4 label for HLH/MAS: 6 mg/kg day 1, then 3 mg/kg
    assertThat(dose(second, "EMAPALUMAB")).startsWith("432 mg on day 1 (6 mg/kg), then 216 mg (3 mg/kg)");
    assertThat(dose(second, "RUXOLITINIB")).contains("adult IEC-HS dose not in the reference");
    assertThat(names(options(3, 2, false, 72.0))).containsExactly("RUXOLITINIB", "EMAPALUMAB", "ETOPOSIDE");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> next(Integer grade, Integer previousGrade, String response, int line) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("iecHsGrade", Map.of("grade", grade));
    vars.put("previousGrade", previousGrade);
    vars.put("clinicalResponse", response);
    vars.put("treatmentLine", line);
    return (Map<String, Object>) decisions.evaluate("iec-hs-response", vars);
  }

  private static void assertNext(Map<String, Object> next, String step, boolean icu, int line) {
    assertThat(next).as(String.valueOf(next)).containsEntry("nextStep", step).containsEntry("icuEscalation", icu);
    assertThat(((Number) next.get("treatmentLine")).intValue()).as(String.valueOf(next)).isEqualTo(line);
  }

  @Test
  void atDiagnosisFirstLineAndTheIcuOnlyAtGradeFour() {
    assertNext(next(2, null, null, 0), "TREAT", false, 1);
    assertNext(next(3, null, null, 0), "TREAT", false, 1);
    assertNext(next(4, null, null, 0), "TREAT", true, 1);
  }

  @Test
  void reassessmentByTheResponse() {
    assertNext(next(2, 2, "IMPROVING", 1), "CONTINUE", false, 1);
    assertNext(next(2, 2, "NOT_IMPROVING", 1), "NEXT_LINE", false, 2);
    assertNext(next(2, 2, "NOT_IMPROVING", 2), "NEXT_LINE", false, 3);
    assertNext(next(2, 2, "NOT_IMPROVING", 3), "NEXT_LINE", false, 3); // no line beyond refractory
    assertNext(next(2, 2, "DETERIORATING", 1), "NEXT_LINE", true, 2);
    assertNext(next(1, 2, "RESOLVED", 1), "END_RESOLVED", false, 1);
    assertNext(next(3, 3, "DIED", 2), "END_DEATH", false, 2);
    assertNext(next(5, 3, "NOT_IMPROVING", 2), "END_DEATH", false, 2);
  }

  @Test
  void aHigherGradeIsDeteriorationWhateverTheJudgement() {
    assertNext(next(3, 2, "IMPROVING", 1), "NEXT_LINE", true, 2);
    assertThat(next(3, 2, "IMPROVING", 1).get("reason").toString()).contains("Grade rose from 2 to 3");
    assertNext(next(4, 3, "NOT_IMPROVING", 1), "NEXT_LINE", true, 2);
    // grade 4 again is not a new escalation
    assertNext(next(4, 4, "NOT_IMPROVING", 2), "NEXT_LINE", false, 3);
    assertNext(next(4, 4, "IMPROVING", 2), "CONTINUE", false, 2);
  }

  @Test
  void withoutTheJudgementAfterTheFirstGradingNothingIsDecided() {
    assertThat(next(2, 2, null, 1)).isNull();
  }
}
