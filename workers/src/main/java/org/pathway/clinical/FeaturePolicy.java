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

  /** Every policy must be configured: a missing one would grade with null instead of the site's. */
  public FeaturePolicy {
    java.util.Objects.requireNonNull(baselineLookback, "pathway.rules.baseline-lookback");
    java.util.Objects.requireNonNull(ferritinRapidRiseWindow, "pathway.rules.ferritin-rapid-rise-window");
    java.util.Objects.requireNonNull(cytopeniaLookback, "pathway.rules.cytopenia-lookback");
    java.util.Objects.requireNonNull(cytopeniaRecoveryWindow, "pathway.rules.cytopenia-recovery-window");
    java.util.Objects.requireNonNull(capdBelowAgeYears, "pathway.rules.capd-below-age-years");
    java.util.Objects.requireNonNull(cartoxCrsPhase, "pathway.rules.cartox-crs-phase");
    java.util.Objects.requireNonNull(hematotoxSampleBeforeInfusion, "pathway.rules.hematotox-sample-before-infusion");
    java.util.Objects.requireNonNull(hematotoxCutoffEquality, "pathway.rules.hematotox-cutoff-equality");
    java.util.Objects.requireNonNull(tocilizumabRoundingToleranceMg, "pathway.rules.tocilizumab-rounding-tolerance-mg");
  }

  /** How a value exactly on an undefined cut-off scores: with the higher or the lower risk. */
  public enum CutoffEquality {
    HIGH_RISK,
    LOW_RISK
  }

}
