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
 * The IEC-HS tables in dmn/ at every boundary of reference §5.1/§5.2a, evaluated by dmn-scala
 * directly and through zeebe-dmn, which must agree ({@link BothDecisionEngines}). Strict operators: exactly 2.0×, 5.0× and 150 mg/dL do not meet the criteria.
 */
public class IecHsSuspicionDecisionTest {

  private static DecisionEvaluator decisions;

  @BeforeAll
  static void load() {
    decisions = BothDecisionEngines.load();
  }

  static Map<String, Object> features(Object... pairs) {
    Map<String, Object> f = new HashMap<>();
    for (String name :
        List.of(
            "ferritinFoldUln", "ferritinFoldBaseline", "ferritinRiseFold", "altFoldUln",
            "altFoldBaseline", "altBaselineAboveUln", "astFoldUln", "astFoldBaseline",
            "astBaselineAboveUln", "fibrinogenMgDl", "fibrinogenFoldLln", "ancFoldLln",
            "ancBaselineFoldLln", "ancFoldPriorMin", "plateletsFoldLln",
            "plateletsBaselineFoldLln", "plateletsFoldPriorMin")) {
      f.put(name, null);
    }
    f.put("ferritinRapidRiseFold", 2.0);
    f.put("notEvaluable", List.of());
    for (int i = 0; i < pairs.length; i += 2) {
      f.put((String) pairs[i], pairs[i + 1]);
    }
    return f;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> suspicion(Map<String, Object> features) {
    return (Map<String, Object>)
        decisions.evaluate("iec-hs-suspicion", Map.of("features", features));
  }

  /** The reasons the suspicion table gives for features Java derived (the evaluator's path). */
  @SuppressWarnings("unchecked")
  public static List<String> reasons(Map<String, Object> features) {
    if (decisions == null) {
      load();
    }
    return (List<String>) suspicion(features).get("reasons");
  }

  @SuppressWarnings("unchecked")
  static List<String> findings(Map<String, Object> features) {
    return (List<String>) suspicion(features).get("findings");
  }

  static Stream<Arguments> singleFindingBoundaries() {
    return Stream.of(
        // ferritin > 2x ULN, strict
        Arguments.of(features("ferritinFoldUln", 2.0), null),
        Arguments.of(features("ferritinFoldUln", 2.001), "FERRITIN_HIGH"),
        // ferritin > 2x baseline, strict
        Arguments.of(features("ferritinFoldBaseline", 2.0), null),
        Arguments.of(features("ferritinFoldBaseline", 2.01), "FERRITIN_HIGH"),
        // rapid rise: local rule, >= the configured fold
        Arguments.of(features("ferritinRiseFold", 1.99), null),
        Arguments.of(features("ferritinRiseFold", 2.0), "FERRITIN_RAPID_RISE"),
        Arguments.of(
            features("ferritinRiseFold", 2.5, "ferritinRapidRiseFold", 3.0), null),
        // ALT > 5x ULN when baseline normal or unknown
        Arguments.of(features("altFoldUln", 5.0), null),
        Arguments.of(features("altFoldUln", 5.025), "TRANSAMINITIS"),
        Arguments.of(features("altFoldUln", 5.025, "altBaselineAboveUln", false), "TRANSAMINITIS"),
        // baseline abnormal: the baseline arm decides, not the ULN arm
        Arguments.of(
            features("altFoldUln", 8.0, "altFoldBaseline", 4.0, "altBaselineAboveUln", true),
            null),
        Arguments.of(
            features("altFoldUln", 8.0, "altFoldBaseline", 5.0, "altBaselineAboveUln", true),
            null),
        Arguments.of(
            features("altFoldUln", 8.0, "altFoldBaseline", 5.1, "altBaselineAboveUln", true),
            "TRANSAMINITIS"),
        Arguments.of(features("astFoldUln", 5.0), null),
        Arguments.of(features("astFoldUln", 6.0), "TRANSAMINITIS"),
        // fibrinogen < 150 mg/dL, strict; < LLN, strict
        Arguments.of(features("fibrinogenMgDl", 150), null),
        Arguments.of(features("fibrinogenMgDl", 149.9), "HYPOFIBRINOGENEMIA"),
        Arguments.of(features("fibrinogenMgDl", 160, "fibrinogenFoldLln", 1.0), null),
        Arguments.of(features("fibrinogenMgDl", 150, "fibrinogenFoldLln", 0.75), "HYPOFIBRINOGENEMIA"),
        // cytopenia: new (below LLN now, not at infusion) or worsening (new low in look-back)
        Arguments.of(features("ancFoldLln", 1.0, "ancBaselineFoldLln", 1.2), null),
        Arguments.of(features("ancFoldLln", 0.99, "ancBaselineFoldLln", 1.0), "CYTOPENIA_NEW_OR_WORSENING"),
        Arguments.of(features("ancFoldLln", 0.5, "ancBaselineFoldLln", 0.9), null),
        Arguments.of(
            features("ancFoldLln", 0.5, "ancBaselineFoldLln", 0.9, "ancFoldPriorMin", 1.0), null),
        Arguments.of(
            features("ancFoldLln", 0.5, "ancBaselineFoldLln", 0.9, "ancFoldPriorMin", 0.8),
            "CYTOPENIA_NEW_OR_WORSENING"),
        Arguments.of(
            features("plateletsFoldLln", 0.2, "plateletsBaselineFoldLln", 1.1),
            "CYTOPENIA_NEW_OR_WORSENING"));
  }

  @ParameterizedTest
  @MethodSource("singleFindingBoundaries")
  void eachCriterionAtItsBoundary(Map<String, Object> features, String expected) {
    assertThat(findings(features))
        .containsExactlyElementsOf(expected == null ? List.of() : List.of(expected));
  }

  @Test
  void ferritinWithAnotherCoreFindingIsSuspected() {
    Map<String, Object> result =
        suspicion(features("ferritinFoldUln", 3.0, "fibrinogenFoldLln", 0.75));
    assertThat(result.get("suspected")).isEqualTo(true);
    assertThat(result.get("findings")).isEqualTo(List.of("FERRITIN_HIGH", "HYPOFIBRINOGENEMIA"));
    assertThat((List<?>) result.get("reasons")).hasSize(2);
  }

  @Test
  void ferritinAloneIsNotSuspected() {
    Map<String, Object> result =
        suspicion(features("ferritinFoldUln", 3.0, "ferritinFoldBaseline", 2.5));
    assertThat(result.get("suspected")).isEqualTo(false);
    assertThat(result.get("findings")).isEqualTo(List.of("FERRITIN_HIGH"));
  }

  @Test
  void coreFindingsWithoutFerritinAreNotSuspected() {
    Map<String, Object> result =
        suspicion(
            features("altFoldUln", 9.0, "fibrinogenMgDl", 90, "ancFoldLln", 0.1,
                "ancBaselineFoldLln", 1.5));
    assertThat(result.get("suspected")).isEqualTo(false);
    assertThat((List<?>) result.get("findings")).hasSize(3);
  }

  @Test
  @SuppressWarnings("unchecked")
  void contextManifestationsAreReportedButNeverMakeASuspicion() {
    Map<String, Object> f =
        features("ferritinFoldUln", 3.0, "ldhFoldUln", 3.1, "triglyceridesMgDl", 266,
            "bilirubinFoldUln", 2.0, "ptFoldUln", 1.5, "splenomegaly", true, "tempC", 38.0,
            "icansGrade", 2, "pulmonary", true, "newRenalInsufficiency", true,
            "crsResolvedOrImproving", true);
    Map<String, Object> result = suspicion(f);
    assertThat(result.get("suspected")).isEqualTo(false);
    assertThat(result.get("findings")).isEqualTo(List.of("FERRITIN_HIGH"));
    assertThat(contextFindings(f))
        .containsExactly("LDH_HIGH", "TG_HIGH", "BILIRUBIN_HIGH", "COAGULOPATHY", "SPLENOMEGALY",
            "NEW_FEVER", "NEW_ICANS", "PULMONARY", "NEW_RENAL", "CRS_RESOLVED_OR_IMPROVING");
    // on their boundaries: TG exactly 265 and LDH exactly at ULN are not "above"
    assertThat(contextFindings(features("triglyceridesMgDl", 265, "ldhFoldUln", 1.0, "tempC", 37.99)))
        .isEmpty();
  }

  @SuppressWarnings("unchecked")
  static List<String> contextFindings(Map<String, Object> features) {
    Object out = decisions.evaluate("iec-hs-context-findings", Map.of("features", features));
    return out == null
        ? List.of()
        : ((List<Map<String, Object>>) out).stream().map(m -> (String) m.get("finding")).toList();
  }

  @Test
  void nothingKnownIsNotSuspectedAndSaysWhatWasMissing() {
    Map<String, Object> f = features();
    f.put("notEvaluable", List.of("FERRITIN: no result"));
    Map<String, Object> result = suspicion(f);
    assertThat(result.get("suspected")).isEqualTo(false);
    assertThat(result.get("findings")).isEqualTo(List.of());
    assertThat(result.get("notEvaluable")).isEqualTo(List.of("FERRITIN: no result"));
  }

  @Test
  void tc07Day12FromTheReference() {
    // reference TC-07 D+12: ferritin 900 (3x ULN 300, exactly 2x baseline 450), ALT 200 (exactly
    // 5x ULN 40), fibrinogen 150 mg/dL with LLN 200, ANC 0.4 (LLN 1.8; 2.1 at infusion)
    Map<String, Object> result =
        suspicion(
            features(
                "ferritinFoldUln", 3.0, "ferritinFoldBaseline", 2.0, "altFoldUln", 5.0,
                "altFoldBaseline", 6.6667, "altBaselineAboveUln", false, "fibrinogenMgDl", 150,
                "fibrinogenFoldLln", 0.75, "ancFoldLln", 0.2222, "ancBaselineFoldLln", 1.1667));
    assertThat(result.get("findings"))
        .isEqualTo(List.of("FERRITIN_HIGH", "HYPOFIBRINOGENEMIA", "CYTOPENIA_NEW_OR_WORSENING"));
    assertThat(result.get("suspected")).isEqualTo(true);
    @SuppressWarnings("unchecked")
    List<String> reasons = (List<String>) result.get("reasons");
    assertThat(reasons)
        .contains("Ferritin more than 2× the lab's upper limit of normal")
        .doesNotContain("Ferritin more than 2× the value at infusion")
        .contains("Fibrinogen below the lab's lower limit of normal")
        .doesNotContain("Fibrinogen below 150 mg/dL");
  }
}
