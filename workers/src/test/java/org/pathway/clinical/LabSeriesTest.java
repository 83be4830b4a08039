package org.pathway.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every status a result can have (evaluation contract, 2026-12 lab fields; reference §5.2
 * "Retracted and censored results"): which value the criteria read at which time.
 */
class LabSeriesTest {

  static final Instant T1 = Instant.parse("2026-03-14T06:00:00Z");
  static final Instant T2 = Instant.parse("2026-03-15T06:00:00Z");
  static final Instant T3 = Instant.parse("2026-03-16T06:00:00Z");

  static LabResult ferritin(Instant at, String value, LabResult.Status status, String id, String version, String comparator) {
    return new LabResult("2276-4", new BigDecimal(value), "ng/mL", null, new BigDecimal("300"), at, status, id, version, comparator);
  }

  static List<BigDecimal> values(LabSeries series, Instant asOf) {
    return series.upTo(LabConcept.FERRITIN, asOf).stream().map(LabSeries.Value::value).toList();
  }

  @Test
  void aCorrectedVersionReplacesTheFinalOne() {
    LabSeries s = LabSeries.of(List.of(
        ferritin(T1, "400", LabResult.Status.FINAL, "F-1", "1", null),
        ferritin(T1, "900", LabResult.Status.CORRECTED, "F-1", "2", null)));
    assertThat(values(s, T3)).containsExactly(new BigDecimal("900"));
  }

  @Test
  void theLaterVersionStandsWhateverTheOrderTheyCameIn() {
    LabSeries s = LabSeries.of(List.of(
        ferritin(T1, "900", LabResult.Status.AMENDED, "F-1", "10", null),
        ferritin(T1, "400", LabResult.Status.FINAL, "F-1", "9", null)));
    assertThat(values(s, T3)).containsExactly(new BigDecimal("900"));
  }

  @Test
  void aPreliminaryVersionIsNotGradedAndNeverHidesAFinalOne() {
    LabSeries s = LabSeries.of(List.of(
        ferritin(T1, "900", LabResult.Status.FINAL, "F-1", "1", null),
        ferritin(T1, "300", LabResult.Status.PRELIMINARY, "F-1", "2", null),
        ferritin(T2, "5000", LabResult.Status.PRELIMINARY, "F-2", "1", null)));
    assertThat(values(s, T3)).containsExactly(new BigDecimal("900"));
    assertThat(s.problems(LabConcept.FERRITIN, T3)).singleElement().asString().contains("preliminary");
  }

  @Test
  void anEnteredInErrorEntryRetractsTheResultFromItsTimeOn() {
    LabSeries s = LabSeries.of(List.of(
        ferritin(T1, "900", LabResult.Status.FINAL, "F-1", "1", null),
        ferritin(T2, "900", LabResult.Status.ENTERED_IN_ERROR, "F-1", "2", null)));
    assertThat(values(s, T1)).containsExactly(new BigDecimal("900"));
    assertThat(values(s, T2)).isEmpty();
    assertThat(values(s, T3)).isEmpty();
  }

  @Test
  void twoResultsOfOneAnalyteAtOneTimeWithoutIdentityAreOneResult() {
    LabSeries amended = LabSeries.of(List.of(
        ferritin(T1, "400", LabResult.Status.AMENDED, null, null, null),
        ferritin(T1, "900", LabResult.Status.FINAL, null, null, null)));
    assertThat(values(amended, T3)).containsExactly(new BigDecimal("400"));
    LabSeries resent = LabSeries.of(List.of(
        ferritin(T1, "400", LabResult.Status.FINAL, null, null, null),
        ferritin(T1, "450", LabResult.Status.FINAL, null, null, null)));
    assertThat(values(resent, T3)).containsExactly(new BigDecimal("450"));
  }

  /**
   * Reference §5.2: "<700" is a bound, not 700, and it is the result taken last: it stays in the
   * series as the latest result (the criteria read it as the interval it states), never replaced
   * by the 900 of the day before. It was dropped, and the stale 900 stood as the latest ferritin.
   */
  @Test
  void aBoundIsTheLatestResultNeverReplacedByAnOlderValue() {
    LabSeries s = LabSeries.of(List.of(
        ferritin(T1, "900", LabResult.Status.FINAL, "F-1", null, null),
        ferritin(T2, "700", LabResult.Status.FINAL, "F-2", null, "<")));
    assertThat(values(s, T3)).containsExactly(new BigDecimal("900"), new BigDecimal("700"));
    LabSeries.Value latest = s.latest(LabConcept.FERRITIN, T3).orElseThrow();
    assertThat(latest.at()).isEqualTo(T2);
    assertThat(latest.exact()).as("a bound is not a value").isNull();
    assertThat(latest.interval().above(new BigDecimal("600"))).as("<700 does not decide >600").isNull();
    assertThat(latest.interval().above(new BigDecimal("700"))).isFalse();
  }

  /** ">10000" is above every value up to 10000 (reference §5.2: ">10000" ferritin meets ">2× ULN"). */
  @Test
  void aBoundAboveStatesItsInterval() {
    LabSeries s = LabSeries.of(List.of(ferritin(T1, "10000", LabResult.Status.FINAL, "F-1", null, ">")));
    Interval fold = s.latest(LabConcept.FERRITIN, T3).orElseThrow().interval().over(new BigDecimal("300"));
    assertThat(fold.above(BigDecimal.TWO)).isTrue();
    assertThat(fold.end(Interval.Abnormal.HIGH, true)).isGreaterThan(new BigDecimal("33.3"));
    assertThat(fold.end(Interval.Abnormal.HIGH, false)).isEqualTo(Interval.UNBOUNDED);
  }
}
