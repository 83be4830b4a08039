package org.pathway;

import org.pathway.clinical.FeaturePolicy;

/** The grading policies as a site running the defaults has them: bound from application.yml. */
public final class SitePolicies {

  private static final FeaturePolicy CONFIGURED = PathwayProperties.load().rules().featurePolicy();

  private SitePolicies() {}

  public static FeaturePolicy configured() {
    return CONFIGURED;
  }
}
