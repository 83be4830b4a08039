package org.pathway.evaluation;

import org.pathway.grading.EvaluationResult;
import org.pathway.grading.TimelineEvaluator;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pathway.clinical.FeaturePolicy;
import org.pathway.engine.DecisionEvaluator;
import org.pathway.engine.ModelResources;

/** Reference TC-12: values exactly on the undefined cut-offs are high risk under either policy. */
class HematotoxEqualityPolicyTest {

  @Test
  void exactCutoffsScoreLowUnderTheLowRiskPolicyAndTheResultIsStillHighRisk() throws Exception {
    FeaturePolicy d = org.pathway.SitePolicies.configured();
    FeaturePolicy lowRisk =
        new FeaturePolicy(d.baselineLookback(), d.ferritinRapidRiseFold(), d.ferritinRapidRiseWindow(),
            d.cytopeniaLookback(), d.cytopeniaRecoveryWindow(), d.capdBelowAgeYears(), d.cartoxCrsPhase(),
            d.hematotoxSampleBeforeInfusion(), FeaturePolicy.CutoffEquality.LOW_RISK,
            d.tocilizumabRoundingToleranceMg());
    ModelResources models = ModelResources.load();
    TimelineEvaluator evaluator =
        new TimelineEvaluator(new DecisionEvaluator(models), models, lowRisk);
    EvaluationResult result =
        evaluator.evaluate(
            ReferenceTimelinesTest.JSON.readTree(
                ReferenceTimelinesTest.FOLDER.resolve("tc12-car-hematotox.json").toFile()));
    assertThat(result.carHematotox().points()).containsOnlyKeys("PLATELETS", "FERRITIN");
    assertThat(result.carHematotox().score()).isEqualTo(2);
    assertThat(result.carHematotox().risk()).isEqualTo("HIGH");
  }
}
