package org.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pathway.clinical.FeaturePolicy;

/**
 * ./pathway evaluate grades with the policies the service binds: application.yml is their one home,
 * and a site's configuration (here a system property, as an environment variable would be) reaches
 * the command line as it reaches the service. The CLI once used hard-coded defaults of its own.
 */
class PolicyDefaultsTest {

  @Test
  void everyPolicyHasItsDefaultInApplicationYml() {
    FeaturePolicy policy = PathwayProperties.load().rules().featurePolicy();
    assertThat(policy.baselineLookback()).isEqualTo(Duration.ofDays(7));
    assertThat(policy.cytopeniaRecoveryWindow()).isEqualTo(policy.cytopeniaLookback());
    assertThat(policy.tocilizumabRoundingToleranceMg()).isEqualByComparingTo("0");
    // reference §12.1: without a known baseline, below 90 mmHg alone recontacts (the safe reading)
    assertThat(PathwayProperties.load().homeMonitoring().belowNinetyWithoutBaseline()).isTrue();
  }

  /** No setting is left without its default: a record component the yml misses binds as null. */
  @Test
  void applicationYmlGivesEverySettingItsDefault() throws Exception {
    assertThat(nullSettings("pathway", PathwayProperties.load())).isEmpty();
  }

  static java.util.List<String> nullSettings(String path, Object value) throws Exception {
    java.util.List<String> missing = new java.util.ArrayList<>();
    if (value == null) {
      missing.add(path);
    } else if (value.getClass().isRecord() && value.getClass().getPackageName().startsWith("org.pathway")) {
      for (var component : value.getClass().getRecordComponents()) {
        missing.addAll(nullSettings(path + "." + component.getName(), component.getAccessor().invoke(value)));
      }
    }
    return missing;
  }

  @Test
  void aSitesConfigurationReachesTheCommandLine() {
    System.setProperty("pathway.rules.baseline-lookback", "P3D");
    System.setProperty("pathway.rules.ferritin-rapid-rise-fold", "3.5");
    try {
      FeaturePolicy policy = PathwayProperties.load().rules().featurePolicy();
      assertThat(policy.baselineLookback()).isEqualTo(Duration.ofDays(3));
      assertThat(policy.ferritinRapidRiseFold()).isEqualTo(3.5);
    } finally {
      System.clearProperty("pathway.rules.baseline-lookback");
      System.clearProperty("pathway.rules.ferritin-rapid-rise-fold");
    }
  }
}
