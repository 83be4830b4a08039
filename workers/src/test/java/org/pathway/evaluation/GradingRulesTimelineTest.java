package org.pathway.evaluation;

import org.pathway.grading.EvaluationResult;
import org.pathway.grading.TimelineEvaluator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 2026-12 corrections of the reference through ./pathway evaluate: grade 1 needs fever after
 * therapy masked it (§3.4), vasopressors counted as drugs (§3.3), ICE 0 awake with global aphasia
 * (§4.2 footnote), and an ordered tocilizumab dose checked against the weight-based dose (§11.1).
 */
class GradingRulesTimelineTest {

  static final String DAY_3 = "2026-01-04T08:00:00Z";
  static final String DAY_4 = "2026-01-05T08:00:00Z";
  static TimelineEvaluator evaluator;

  @BeforeAll
  static void load() {
    evaluator = org.pathway.SitePolicies.evaluator();
  }

  private static ObjectNode timeline(double weightKg) {
    ObjectNode t = ReferenceTimelinesTest.JSON.createObjectNode().put("schema", "iec-timeline/1");
    t.putObject("patient")
        .put("id", "P-RULES")
        .put("ageYears", weightKg < 30 ? 7 : 60)
        .put("weightKg", weightKg)
        .put("developmentalDelay", false)
        .put("therapyClass", "CAR_T")
        .put("infusionAt", "2026-01-01T10:00:00Z")
        .put("immunosuppressed", false);
    for (String list : List.of("labs", "vitals", "neuro", "treatments", "findings")) {
      t.putArray(list);
    }
    return t;
  }

  private static void vitals(ObjectNode t, String at, double celsius, boolean hypotension, String... pressors) {
    ObjectNode v = t.withArray("vitals").addObject().put("at", at).put("hypotension", hypotension);
    v.putObject("temperature").put("value", celsius).put("unit", "Cel");
    ArrayNode p = v.putArray("vasopressors");
    List.of(pressors).forEach(p::add);
    v.putObject("oxygen").put("device", "NONE");
  }

  private static void treatment(ObjectNode t, String at, String drug, Double doseMg, boolean proposed) {
    ObjectNode tr = t.withArray("treatments").addObject().put("at", at).put("drug", drug)
        .put("indication", "CRS").put("proposed", proposed);
    if (doseMg != null) {
      tr.put("doseMg", doseMg);
    }
  }

  private static EvaluationResult.Evaluation at(ObjectNode t, String at) {
    EvaluationResult result = evaluator.evaluate(t);
    assertThat(result.errors()).isEmpty();
    return result.evaluations().stream().filter(e -> e.at().equals(at)).findFirst().orElseThrow();
  }

  private static EvaluationResult.Syndrome crsWithPressors(String... pressors) {
    ObjectNode t = timeline(70);
    vitals(t, DAY_3, 38.5, true, pressors);
    return at(t, DAY_3).crs();
  }

  @Test
  void afterTocilizumabAnAfebrileNormotensivePatientOnRoomAirIsGradeZero() {
    ObjectNode t = timeline(70);
    vitals(t, "2026-01-03T08:00:00Z", 38.8, true);
    treatment(t, "2026-01-03T09:00:00Z", "tocilizumab", 560.0, false);
    vitals(t, DAY_3, 37.1, false);
    EvaluationResult.Syndrome crs = at(t, DAY_3).crs();
    assertThat(crs.status()).isEqualTo("GRADED");
    assertThat(crs.grade()).isZero();
  }

  @Test
  void vasopressorsAreCountedAsDrugsNotAsNames() {
    assertThat(crsWithPressors("norepinephrine", "noradrenaline").grade()).isEqualTo(3);
    assertThat(crsWithPressors("Norepinephrine", "phenylephrine").grade()).isEqualTo(4);
    assertThat(crsWithPressors("argipressin").grade()).isEqualTo(3);
    assertThat(crsWithPressors("terlipressin", "noradrenaline").grade()).isEqualTo(3);
    assertThat(crsWithPressors("Adrenaline", "epinephrine", "arginine vasopressin").grade()).isEqualTo(3);
  }

  @Test
  void anUnknownVasopressorIsReviewedNotGuessed() {
    EvaluationResult.Syndrome crs = crsWithPressors("foo-pressor");
    assertThat(crs.status()).isEqualTo("REVIEW");
    assertThat(crs.grade()).isNull();
    assertThat(crs.reasons()).anyMatch(r -> r.contains("foo-pressor"));
  }

  private static EvaluationResult.Icans icans(Integer ice, String consciousness, boolean aphasia) {
    ObjectNode t = timeline(70);
    ObjectNode n = t.withArray("neuro").addObject().put("at", DAY_3).put("consciousness", consciousness)
        .put("globalAphasia", aphasia).put("seizure", "NONE").put("deepFocalMotorWeakness", false)
        .put("cerebralEdema", "NONE").put("raisedIcpSigns", false).put("sedated", false);
    n.put("ice", ice);
    return at(t, DAY_3).icans();
  }

  @Test
  void iceZeroAwakeWithGlobalAphasiaIsGradeThreeAndUnarousableGradeFour() {
    assertThat(icans(0, "AWAKE", true)).extracting("status", "grade").containsExactly("GRADED", 3);
    assertThat(icans(null, "AWAKE", true)).extracting("status", "grade").containsExactly("GRADED", 3);
    assertThat(icans(0, "UNAROUSABLE", false)).extracting("status", "grade").containsExactly("GRADED", 4);
  }

  private static EvaluationResult.DoseCheck proposed(double weightKg, double doseMg) {
    ObjectNode t = timeline(weightKg);
    treatment(t, DAY_4, "tocilizumab", doseMg, true);
    return evaluator.evaluate(t).doseChecks().getFirst();
  }

  @Test
  void aProposedTocilizumabDoseIsCheckedAgainstTheWeightBasedDoseAndTheCap() {
    assertThat(proposed(24, 800)).extracting("allowed", "reason").containsExactly(false, "ABOVE_WEIGHT_BASED_DOSE");
    assertThat(proposed(24, 288)).extracting("allowed", "reason").containsExactly(true, null);
    assertThat(proposed(110, 880)).extracting("allowed", "reason").containsExactly(false, "ABOVE_MAX_800MG");
    assertThat(proposed(30, 240)).extracting("allowed", "reason").containsExactly(true, null);
    assertThat(proposed(30, 241)).extracting("allowed", "reason").containsExactly(false, "ABOVE_WEIGHT_BASED_DOSE");
  }
}
