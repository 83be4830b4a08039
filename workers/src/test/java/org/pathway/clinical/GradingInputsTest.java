package org.pathway.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradingInputsTest {

  static final Instant INFUSION = Instant.parse("2026-01-01T10:00:00Z");
  static final Instant T = Instant.parse("2026-01-03T10:00:00Z");

  static Patient patient(String age, boolean delay) {
    return new Patient("P", new BigDecimal(age), BigDecimal.TEN, delay, Patient.TherapyClass.CAR_T,
        null, null, INFUSION, false);
  }

  static Timeline timeline(List<Timeline.Vitals> vitals, List<Timeline.Treatment> treatments) {
    return new Timeline(patient("60", false), List.of(), vitals, List.of(), treatments, List.of());
  }

  static Timeline.Vitals vitals(Instant at, String temp, String unit, List<String> pressors) {
    return new Timeline.Vitals(at, new Timeline.Temperature(new BigDecimal(temp), unit), true,
        pressors, new Timeline.Oxygen(Timeline.OxygenDevice.NONE, null, null), false);
  }

  @Test
  void fahrenheitIsConvertedExactlyAndNeverRoundedAcross38() {
    assertThat(GradingInputs.celsius(new Timeline.Temperature(new BigDecimal("100.4"), "[degF]")))
        .isEqualByComparingTo("38.0");
    assertThat(GradingInputs.celsius(new Timeline.Temperature(new BigDecimal("100.2"), "[degF]")))
        .isLessThan(new BigDecimal("38.0"));
    assertThat(GradingInputs.celsius(new Timeline.Temperature(new BigDecimal("37.95"), "Cel")))
        .isEqualByComparingTo("37.95");
  }

  @Test
  void vasopressinIsNotCountedAmongMultipleVasopressors() {
    Map<String, Object> crs =
        GradingInputs.crs(
            timeline(
                List.of(vitals(T, "39", "Cel", List.of("vasopressin", "norepinephrine", "norepinephrine"))),
                List.of()),
            T);
    assertThat(crs).containsEntry("vasopressin", true).containsEntry("nonVasopressinVasopressors", 1);
  }

  private static Map<String, Object> crsOn(String... pressors) {
    return GradingInputs.crs(timeline(List.of(vitals(T, "39", "Cel", List.of(pressors))), List.of()), T);
  }

  @Test
  void vasopressorsAreCountedAsDrugsWhateverTheNameOrCase() {
    // reference §3.3 "Drug names (2026-12)"
    assertThat(crsOn("norepinephrine", "Noradrenaline"))
        .containsEntry("vasopressin", false).containsEntry("nonVasopressinVasopressors", 1);
    assertThat(crsOn("argipressin")).containsEntry("vasopressin", true).containsEntry("nonVasopressinVasopressors", 0);
    assertThat(crsOn("Terlipressin", "noradrenaline", "Arginine Vasopressin"))
        .containsEntry("vasopressin", true).containsEntry("nonVasopressinVasopressors", 1);
    assertThat(crsOn("dopamine", "dobutamine", "angiotensin II", "adrenaline"))
        .containsEntry("nonVasopressinVasopressors", 4).containsEntry("unknownVasopressors", List.of());
  }

  @Test
  void anUnknownVasopressorCountsAsOneAndIsNamed() {
    assertThat(crsOn("foo-pressor", "norepinephrine"))
        .containsEntry("nonVasopressinVasopressors", 2)
        .containsEntry("unknownVasopressors", List.of("foo-pressor"));
  }

  @Test
  void theLatestVitalsAtOrBeforeTheTimeCount() {
    Timeline t =
        timeline(
            List.of(vitals(T.minusSeconds(60), "39.0", "Cel", List.of()),
                vitals(T.plusSeconds(60), "36.0", "Cel", List.of())),
            List.of());
    assertThat(GradingInputs.crs(t, T).get("tempC")).isEqualTo(new BigDecimal("39.0"));
    assertThat(GradingInputs.crs(t, T.minusSeconds(120))).containsEntry("vitalsRecorded", false);
  }

  @Test
  void onlyTherapyGivenForCrsMasksFever() {
    Instant before = T.minusSeconds(3600);
    var forCrs = new Timeline.Treatment(before, "tocilizumab", null, Timeline.Indication.CRS, false);
    var prophylaxis =
        new Timeline.Treatment(before, "dexamethasone", null, Timeline.Indication.PROPHYLAXIS, false);
    var proposed = new Timeline.Treatment(before, "tocilizumab", null, Timeline.Indication.CRS, true);
    var later = new Timeline.Treatment(T.plusSeconds(1), "tocilizumab", null, Timeline.Indication.CRS, false);
    List<Timeline.Vitals> v = List.of(vitals(T, "37", "Cel", List.of()));
    assertThat(GradingInputs.crs(timeline(v, List.of(forCrs)), T)).containsEntry("feverMaskedByTherapy", true);
    assertThat(GradingInputs.crs(timeline(v, List.of(prophylaxis, proposed, later)), T))
        .containsEntry("feverMaskedByTherapy", false);
  }

  @Test
  void capdIsUsedBelowTheConfiguredAgeOrWithDevelopmentalDelay() {
    FeaturePolicy policy = org.pathway.SitePolicies.configured();
    assertThat(GradingInputs.instrument(patient("11.99", false), policy)).isEqualTo("CAPD");
    assertThat(GradingInputs.instrument(patient("12", false), policy)).isEqualTo("ICE");
    assertThat(GradingInputs.instrument(patient("15", true), policy)).isEqualTo("CAPD");
    FeaturePolicy astct =
        new FeaturePolicy(policy.baselineLookback(), policy.ferritinRapidRiseFold(),
            policy.ferritinRapidRiseWindow(), policy.cytopeniaLookback(), policy.cytopeniaRecoveryWindow(), new BigDecimal("12.01"),
            policy.cartoxCrsPhase(), policy.hematotoxSampleBeforeInfusion(),
            policy.hematotoxCutoffEquality(), policy.tocilizumabRoundingToleranceMg());
    assertThat(GradingInputs.instrument(patient("12", false), astct)).isEqualTo("CAPD");
  }
}
