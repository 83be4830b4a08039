package org.pathway.clinical;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Choices the reference leaves to the institution ("configuration, not source"): how far before
 * infusion a value still counts as baseline, what "rapidly rising ferritin" means here and how far
 * back a cytopenia is compared to call it worsening, and how long a count below LLN since infusion
 * must stay below it to be refractory (§5.2, 2026-12: default = the cytopenia look-back); below which age CAPD replaces ICE (§4.3:
 * ASTCT says ≤12 years, ASCO <12; default CAPD below 12); how long the CARTOX "CRS phase" lasts (§6:
 * "typically the first 5 days"); when the CAR-HEMATOTOX markers are sampled (§9.3: before
 * lymphodepletion, ≈D−5) and how a value exactly on its undefined cut-offs scores (§9.3 [!]); how
 * far above the weight-based tocilizumab dose a pharmacy's rounding may go (§11.1, default 0 mg).
 */
public record FeaturePolicy(
    Duration baselineLookback,
    double ferritinRapidRiseFold,
    Duration ferritinRapidRiseWindow,
    Duration cytopeniaLookback,
    Duration cytopeniaRecoveryWindow,
    BigDecimal capdBelowAgeYears,
    Duration cartoxCrsPhase,
    Duration hematotoxSampleBeforeInfusion,
    CutoffEquality hematotoxCutoffEquality,
    BigDecimal tocilizumabRoundingToleranceMg) {

  /** Reference §11.1 (2026-12): the rounding tolerance is pharmacy policy, default 0 mg. */
  public static final String TOCILIZUMAB_ROUNDING_TOLERANCE_MG = "0";

  /** How a value exactly on an undefined cut-off scores: with the higher or the lower risk. */
  public enum CutoffEquality {
    HIGH_RISK,
    LOW_RISK
  }

  /** The defaults documented in README and application.yml. */
  public static FeaturePolicy defaults() {
    return new FeaturePolicy(
        Duration.ofDays(7),
        2.0,
        Duration.ofHours(48),
        Duration.ofHours(72),
        Duration.ofHours(72),
        BigDecimal.valueOf(12),
        Duration.ofDays(5),
        Duration.ofDays(5),
        CutoffEquality.HIGH_RISK,
        new BigDecimal(TOCILIZUMAB_ROUNDING_TOLERANCE_MG));
  }
}
