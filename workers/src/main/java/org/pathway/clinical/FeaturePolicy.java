package org.pathway.clinical;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Choices the reference leaves to the institution ("configuration, not source"): how far before
 * infusion a value still counts as baseline, what "rapidly rising ferritin" means here and how far
 * back a cytopenia is compared to call it worsening (§5.2), and below which age CAPD replaces ICE
 * (§4.3: ASTCT says ≤12 years, ASCO <12; default CAPD below 12).
 */
public record FeaturePolicy(
    Duration baselineLookback,
    double ferritinRapidRiseFold,
    Duration ferritinRapidRiseWindow,
    Duration cytopeniaLookback,
    BigDecimal capdBelowAgeYears) {

  /** The defaults documented in README and application.yml. */
  public static FeaturePolicy defaults() {
    return new FeaturePolicy(
        Duration.ofDays(7), 2.0, Duration.ofHours(48), Duration.ofHours(72), BigDecimal.valueOf(12));
  }
}
