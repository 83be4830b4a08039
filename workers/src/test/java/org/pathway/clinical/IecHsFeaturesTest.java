package org.pathway.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IecHsFeaturesTest {

  static final Instant INFUSION = Instant.parse("2026-03-02T12:00:00Z");
  static final Instant D0_DRAW = Instant.parse("2026-03-02T06:00:00Z");
  static final Instant D12 = Instant.parse("2026-03-14T06:00:00Z");

  static LabResult lab(Instant at, String loinc, String value, String unit, String low, String high) {
    return new LabResult(
        loinc,
        new BigDecimal(value),
        unit,
        low == null ? null : new BigDecimal(low),
        high == null ? null : new BigDecimal(high),
        at);
  }

  /** Reference TC-07 D0 and D+12 values, as the shared example timeline has them. */
  static List<LabResult> tc07() {
    return new ArrayList<>(
        List.of(
            lab(D0_DRAW, "2276-4", "450", "ng/mL", null, "300"),
            lab(D0_DRAW, "1742-6", "30", "U/L", null, "40"),
            lab(D0_DRAW, "1920-8", "28", "U/L", null, "40"),
            lab(D0_DRAW, "3255-7", "320", "mg/dL", "200", null),
            lab(D0_DRAW, "751-8", "2.1", "10*3/uL", "1.8", "7.7"),
            lab(D0_DRAW, "777-3", "130", "10*3/uL", "150", "400"),
            lab(D12, "2276-4", "900", "ng/mL", null, "300"),
            lab(D12, "1742-6", "200", "U/L", null, "40"),
            lab(D12, "3255-7", "150", "mg/dL", "200", null),
            lab(D12, "751-8", "0.4", "10*3/uL", "1.8", "7.7"),
            lab(D12, "777-3", "40", "10*3/uL", "150", "400")));
  }

  static Map<String, Object> derive(List<LabResult> labs, Instant asOf) {
    return IecHsFeatures.derive(LabSeries.of(labs), false, INFUSION, asOf, org.pathway.SitePolicies.configured()).asVariables();
  }

  static BigDecimal num(Map<String, Object> f, String name) {
    return (BigDecimal) f.get(name);
  }

  @Test
  void tc07FoldsAreExactOnTheBoundaries() {
    Map<String, Object> f = derive(tc07(), D12.plusSeconds(60));
    assertThat(num(f, "ferritinFoldUln")).isEqualByComparingTo("3");
    assertThat(num(f, "ferritinFoldBaseline")).isEqualByComparingTo("2"); // exactly 2x: not > 2
    assertThat(num(f, "altFoldUln")).isEqualByComparingTo("5"); // exactly 5x: not > 5
    assertThat(f.get("altBaselineAboveUln")).isEqualTo(false);
    assertThat(num(f, "fibrinogenMgDl")).isEqualByComparingTo("150");
    assertThat(num(f, "fibrinogenFoldLln")).isEqualByComparingTo("0.75");
    assertThat(num(f, "ancBaselineFoldLln")).isGreaterThan(BigDecimal.ONE);
    assertThat(num(f, "ancFoldLln")).isLessThan(BigDecimal.ONE);
    assertThat(num(f, "plateletsBaselineFoldLln")).isLessThan(BigDecimal.ONE);
    // no earlier platelet count within 72 h of D+12: worsening cannot be judged
    assertThat(f.get("plateletsFoldPriorMin")).isNull();
  }

  static LabResult bound(Instant at, String loinc, String comparator, String value, String unit, String low, String high) {
    LabResult l = lab(at, loinc, value, unit, low, high);
    return new LabResult(l.loinc(), l.value(), l.unit(), l.low(), l.high(), l.at(), LabResult.Status.FINAL, null, null, comparator);
  }

  static List<LabResult> tc07With(LabResult d12) {
    List<LabResult> labs = tc07();
    labs.removeIf(l -> l.loinc().equals(d12.loinc()) && l.at().equals(D12));
    labs.add(d12);
    return labs;
  }

  /** Reference §5.2: ">10000" ferritin meets ">2× ULN" (ULN 300): it was dropped and D0's 450 read. */
  @Test
  void aFerritinAbove10000MeetsTwiceTheUln() {
    Map<String, Object> f = derive(tc07With(bound(D12, "2276-4", ">", "10000", "ng/mL", null, "300")), D12);
    assertThat(num(f, "ferritinFoldUln")).isGreaterThan(new BigDecimal("33.3"));
    assertThat(num(f, "ferritinFoldBaseline")).isGreaterThan(BigDecimal.TWO);
    assertThat(f.get("ferritin")).as("a bound is not a value").isNull();
  }

  /**
   * "<700" with ULN 300 may or may not be above 600: >2× ULN is not evaluable, naming the bound,
   * and the 900 of the day before does not stand in for it (it did: the bound was dropped).
   */
  @Test
  void aFerritinBelow700IsNotEvaluableForTwiceTheUlnNorMetFromAnOlderValue() {
    List<LabResult> labs = tc07With(bound(D12, "2276-4", "<", "700", "ng/mL", null, "300"));
    labs.add(lab(D12.minusSeconds(86400), "2276-4", "900", "ng/mL", null, "300"));
    IecHsFeatures f =
        IecHsFeatures.derive(LabSeries.of(labs), false, INFUSION, D12, org.pathway.SitePolicies.configured());
    Map<String, Object> v = f.asVariables();
    assertThat(v.get("ferritinFoldUln")).satisfiesAnyOf(
        x -> assertThat(x).isNull(), x -> assertThat((BigDecimal) x).isLessThanOrEqualTo(BigDecimal.TWO));
    assertThat(v.get("ferritinFoldBaseline")).satisfiesAnyOf(
        x -> assertThat(x).isNull(), x -> assertThat((BigDecimal) x).isLessThanOrEqualTo(BigDecimal.TWO));
    assertThat(f.notEvaluable()).anySatisfy(n -> assertThat(n).contains("FERRITIN").contains("bound (<700)"));
  }

  /** Reference §5.2: "<0.5" ANC meets "<1.0", here below the LLN 1.8 (it was dropped: D0's 2.1 read). */
  @Test
  void anAncBelow0_5IsBelowTheLln() {
    Map<String, Object> f = derive(tc07With(bound(D12, "751-8", "<", "0.5", "10*3/uL", "1.8", "7.7")), D12);
    assertThat(num(f, "ancFoldLln")).isLessThan(new BigDecimal("0.28"));
    assertThat(num(f, "ancFoldPriorMin")).isNull(); // no earlier ANC within 72 h
  }

  /**
   * A bounded baseline decides only where it can: "<200" at infusion and 500 now is above 2.5×
   * whatever the baseline was (ULN 300: only 1.67× ULN); ">200" does not decide it.
   */
  @Test
  void aBoundedBaselineDecidesOnlyWhereItCan() {
    List<LabResult> below = tc07With(lab(D12, "2276-4", "500", "ng/mL", null, "300"));
    below.removeIf(l -> l.loinc().equals("2276-4") && l.at().equals(D0_DRAW));
    below.add(bound(D0_DRAW, "2276-4", "<", "200", "ng/mL", null, "300"));
    assertThat(num(derive(below, D12), "ferritinFoldBaseline")).isGreaterThan(new BigDecimal("2.5"));

    List<LabResult> above = tc07With(lab(D12, "2276-4", "500", "ng/mL", null, "300"));
    above.removeIf(l -> l.loinc().equals("2276-4") && l.at().equals(D0_DRAW));
    above.add(bound(D0_DRAW, "2276-4", ">", "200", "ng/mL", null, "300"));
    IecHsFeatures f =
        IecHsFeatures.derive(LabSeries.of(above), false, INFUSION, D12, org.pathway.SitePolicies.configured());
    assertThat((BigDecimal) f.asVariables().get("ferritinFoldBaseline")).isLessThanOrEqualTo(BigDecimal.TWO);
    assertThat(f.notEvaluable()).anySatisfy(n -> assertThat(n).contains("bound (>200)"));
  }

  @Test
  void fibrinogenInGramsPerLitreIsConvertedBeforeComparing() {
    List<LabResult> labs = tc07();
    labs.removeIf(l -> l.loinc().equals("3255-7") && l.at().equals(D12));
    labs.add(lab(D12, "3255-7", "1.5", "g/L", "2.0", null));
    Map<String, Object> f = derive(labs, D12);
    assertThat(num(f, "fibrinogenMgDl")).isEqualByComparingTo("150");
    assertThat(num(f, "fibrinogenFoldLln")).isEqualByComparingTo("0.75");
  }

  @Test
  void countsPerLitreAndPerMicrolitreMixWithinOneSeries() {
    List<LabResult> labs = new ArrayList<>();
    labs.add(lab(D0_DRAW, "751-8", "2100", "/uL", "1800", "7700"));
    labs.add(lab(D12, "751-8", "0.4", "10*9/L", "1.8", "7.7"));
    Map<String, Object> f = derive(labs, D12);
    assertThat(num(f, "anc")).isEqualByComparingTo("0.4");
    assertThat(num(f, "ancBaselineFoldLln")).isEqualByComparingTo(new BigDecimal("2100").divide(new BigDecimal("1800"), java.math.MathContext.DECIMAL64));
  }

  @Test
  void baselineIsTheLastValueAtOrBeforeInfusionWithinTheLookBack() {
    List<LabResult> labs = new ArrayList<>();
    labs.add(lab(INFUSION.minus(Duration.ofDays(8)), "2276-4", "100", "ng/mL", null, "300"));
    labs.add(lab(D12, "2276-4", "900", "ng/mL", null, "300"));
    assertThat(derive(labs, D12).get("ferritinFoldBaseline"))
        .as("a value 8 days before infusion is outside the 7-day look-back")
        .isNull();

    labs.add(lab(INFUSION.minus(Duration.ofDays(5)), "2276-4", "300", "ng/mL", null, "300"));
    labs.add(lab(INFUSION, "2276-4", "450", "ng/mL", null, "300"));
    labs.add(lab(INFUSION.plusSeconds(1), "2276-4", "460", "ng/mL", null, "300"));
    assertThat(num(derive(labs, D12), "ferritinFoldBaseline")).isEqualByComparingTo("2");
  }

  @Test
  void abnormalBaselineSelectsTheBaselineArm() {
    List<LabResult> labs = new ArrayList<>();
    labs.add(lab(D0_DRAW, "1742-6", "80", "U/L", null, "40"));
    labs.add(lab(D12, "1742-6", "400", "U/L", null, "40"));
    Map<String, Object> f = derive(labs, D12);
    assertThat(f.get("altBaselineAboveUln")).isEqualTo(true);
    assertThat(num(f, "altFoldBaseline")).isEqualByComparingTo("5");
    assertThat(num(f, "altFoldUln")).isEqualByComparingTo("10");
  }

  @Test
  void rapidRiseComparesWithTheLowestValueInTheWindow() {
    List<LabResult> labs = new ArrayList<>();
    labs.add(lab(D12.minus(Duration.ofHours(49)), "2276-4", "500", "ng/mL", null, "300"));
    labs.add(lab(D12.minus(Duration.ofHours(47)), "2276-4", "900", "ng/mL", null, "300"));
    labs.add(lab(D12.minus(Duration.ofHours(24)), "2276-4", "1200", "ng/mL", null, "300"));
    labs.add(lab(D12, "2276-4", "9800", "ng/mL", null, "300"));
    Map<String, Object> f = derive(labs, D12);
    // 9800 / 900 (the 500 is 49 h back, outside the 48 h window)
    assertThat(num(f, "ferritinRiseFold"))
        .isEqualByComparingTo(new BigDecimal("9800").divide(new BigDecimal("900"), java.math.MathContext.DECIMAL64));
    assertThat(num(f, "ferritinRapidRiseFold")).isEqualByComparingTo("2");
  }

  @Test
  void resultsAfterTheAssessmentTimeAreIgnored() {
    Map<String, Object> f = derive(tc07(), D12.minusSeconds(1));
    assertThat(num(f, "ferritin")).isEqualByComparingTo("450");
    assertThat(f.get("ferritinFoldBaseline")).as("the baseline itself is not a rise").isNull();
  }

  @Test
  void missingDataAndUnconvertibleUnitsAreNamedNotGuessed() {
    List<LabResult> labs = new ArrayList<>();
    labs.add(lab(D12, "2276-4", "900", "ng/mL", null, null));
    labs.add(lab(D12, "3255-7", "1.5", "mmol/L", "2.0", null));
    labs.add(lab(D12, "99999-9", "1", "mg/dL", null, null));
    IecHsFeatures features = IecHsFeatures.derive(LabSeries.of(labs), false, INFUSION, D12, org.pathway.SitePolicies.configured());
    Map<String, Object> f = features.asVariables();
    assertThat(f.get("ferritinFoldUln")).isNull();
    assertThat(f.get("fibrinogenMgDl")).isNull();
    assertThat(features.notEvaluable())
        .anyMatch(s -> s.startsWith("FERRITIN: no upper limit of normal"))
        .anyMatch(s -> s.startsWith("FIBRINOGEN: result at") && s.contains("mmol/L"))
        .anyMatch(s -> s.equals("ALT: no result"))
        .anyMatch(s -> s.equals("PLATELETS: no result"));
    assertThat(f.get("notEvaluable")).isEqualTo(features.notEvaluable());
  }

  /**
   * Reference §5.2 (2026-12): a count below LLN at infusion that stays below it, with no value
   * above LLN in the recovery window, is the "refractory" arm; one recovery above LLN in the window
   * ends it. The pathway dropped this arm: neither new (baseline was low) nor worsening (no new low).
   */
  @Test
  void aCountBelowLlnSinceInfusionThatNeverRecoversIsRefractory() {
    List<LabResult> labs = new ArrayList<>();
    labs.add(lab(D0_DRAW, "777-3", "60", "10*3/uL", "150", "400"));
    labs.add(lab(D12.minus(Duration.ofHours(48)), "777-3", "40", "10*3/uL", "150", "400"));
    labs.add(lab(D12, "777-3", "45", "10*3/uL", "150", "400"));
    Map<String, Object> f = derive(labs, D12);
    assertThat(num(f, "plateletsRecoveryMaxFoldLln")).isEqualByComparingTo("0.3");
    assertThat(num(f, "plateletsFoldPriorMin")).as("not a new low").isGreaterThan(BigDecimal.ONE);
    assertThat(org.pathway.engine.IecHsSuspicionDecisionTest.reasons(f))
        .anyMatch(r -> r.startsWith("Refractory thrombocytopenia"));

    labs.add(1, lab(D12.minus(Duration.ofHours(60)), "777-3", "160", "10*3/uL", "150", "400"));
    Map<String, Object> recovered = derive(labs, D12);
    assertThat(org.pathway.engine.IecHsSuspicionDecisionTest.reasons(recovered))
        .noneMatch(r -> r.startsWith("Refractory"));
  }

  /**
   * Reference §5.2 (2026-12): without a baseline within the look-back the baseline arms are not
   * evaluable, and the clinician is told so, each arm named; never silently "not met".
   */
  @Test
  void aMissingBaselineIsReportedForEachBaselineArm() {
    List<LabResult> labs = new ArrayList<>();
    labs.add(lab(D0_DRAW.minus(Duration.ofDays(8)), "2276-4", "300", "ng/mL", null, "300"));
    labs.add(lab(D12, "2276-4", "900", "ng/mL", null, "300"));
    labs.add(lab(D12, "1742-6", "200", "U/L", null, "40"));
    labs.add(lab(D12, "751-8", "0.4", "10*3/uL", "1.8", "7.7"));
    labs.add(lab(D12, "777-3", "40", "10*3/uL", "150", "400"));
    IecHsFeatures features =
        IecHsFeatures.derive(LabSeries.of(labs), false, INFUSION, D12, org.pathway.SitePolicies.configured());
    assertThat(features.notEvaluable())
        .contains(
            "FERRITIN: no baseline within P7D before infusion: >2× baseline not evaluable",
            "ALT: no baseline within P7D before infusion: >5× baseline not evaluable",
            "ANC: no baseline within P7D before infusion: new or refractory cytopenia not evaluable",
            "PLATELETS: no baseline within P7D before infusion: new or refractory cytopenia not evaluable");
    // fibrinogen has no baseline arm
    assertThat(features.notEvaluable()).noneMatch(s -> s.startsWith("FIBRINOGEN: no baseline"));
    // with the baseline present, nothing is reported missing for it
    labs.add(lab(D0_DRAW, "2276-4", "450", "ng/mL", null, "300"));
    assertThat(IecHsFeatures.derive(LabSeries.of(labs), false, INFUSION, D12, org.pathway.SitePolicies.configured())
            .notEvaluable())
        .noneMatch(s -> s.startsWith("FERRITIN: no baseline"));
  }
}
