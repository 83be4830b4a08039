package org.pathway;

import org.pathway.clinical.FeaturePolicy;

/** The grading policies as a site running the defaults has them: bound from application.yml. */
public final class SitePolicies {

  private static final FeaturePolicy CONFIGURED = PathwayProperties.load().rules().featurePolicy();

  private SitePolicies() {}

  public static FeaturePolicy configured() {
    return CONFIGURED;
  }

  private static org.pathway.grading.TimelineEvaluator evaluator;

  /** The evaluator of ./pathway evaluate with these policies, built once for every test that grades. */
  public static synchronized org.pathway.grading.TimelineEvaluator evaluator() {
    if (evaluator == null) {
      org.pathway.engine.ModelResources models = org.pathway.engine.ModelResources.load();
      evaluator = new org.pathway.grading.TimelineEvaluator(
          new org.pathway.engine.DecisionEvaluator(models),
          models, CONFIGURED);
    }
    return evaluator;
  }
}
