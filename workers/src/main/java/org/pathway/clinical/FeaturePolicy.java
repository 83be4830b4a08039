package org.pathway.clinical;

import java.time.Duration;

/**
 * Local policies of reference §5.2 ("configuration, not source"): how far before infusion a value
 * still counts as baseline, what "rapidly rising ferritin" means here, and how far back a cytopenia
 * is compared to decide that it is worsening.
 */
public record FeaturePolicy(
    Duration baselineLookback,
    double ferritinRapidRiseFold,
    Duration ferritinRapidRiseWindow,
    Duration cytopeniaLookback) {

  /** The defaults documented in README and application.yml. */
  public static FeaturePolicy defaults() {
    return new FeaturePolicy(Duration.ofDays(7), 2.0, Duration.ofHours(48), Duration.ofHours(72));
  }
}
