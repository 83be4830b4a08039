package org.pathway.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The cohort is reproducible from its seed and reproduces the reference's published frequencies. */
class CohortModelTest {

  static final SimulationParameters DEFAULTS = SimulationParameters.defaults();

  static Cohort only(Map<Product, Double> mix, int n, long seed) {
    return new CohortModel(DEFAULTS.withProductMix(mix)).generate(n, seed);
  }

  @Test
  void theSameSeedGivesTheSamePatientsAndObservations() {
    Cohort a = CohortModel.of(60, 7);
    Cohort b = CohortModel.of(60, 7);
    assertThat(a.patients()).isEqualTo(b.patients());
    WardObservations ward = new WardObservations(DEFAULTS);
    for (int i = 0; i < a.patients().size(); i++) {
      assertThat(ward.timeline(a.patients().get(i), 14)).isEqualTo(ward.timeline(b.patients().get(i), 14));
    }
  }

  @Test
  void anotherSeedGivesOtherPatients() {
    List<SimulatedPatient> a = CohortModel.of(60, 7).patients();
    List<SimulatedPatient> b = CohortModel.of(60, 8).patients();
    assertThat(a).isNotEqualTo(b);
    long sameTrajectory = java.util.stream.IntStream.range(0, 60)
        .filter(i -> a.get(i).trajectory().equals(b.get(i).trajectory()))
        .count();
    // only patients with nothing at all (no CRS, ICANS, IEC-HS) can coincide
    assertThat(sameTrajectory).isLessThan(30);
    assertThat(a.stream().map(p -> p.patient().ageYears()).toList())
        .isNotEqualTo(b.stream().map(p -> p.patient().ageYears()).toList());
  }

  @Test
  void aPatientIsTheSameWhateverTheCohortSizeAndAShortRunIsAPrefixOfALongOne() {
    SimulatedPatient small = CohortModel.of(5, 3).patients().get(4);
    SimulatedPatient large = CohortModel.of(500, 3).patients().get(4);
    assertThat(small).isEqualTo(large);
    WardObservations ward = new WardObservations(DEFAULTS);
    var ten = ward.timeline(small, 10);
    var twenty = ward.timeline(small, 20);
    assertThat(twenty.labs()).startsWith(ten.labs().toArray(new org.pathway.clinical.LabResult[0]));
    assertThat(twenty.vitals()).startsWith(ten.vitals().toArray(new org.pathway.clinical.Timeline.Vitals[0]));
    assertThat(twenty.neuro()).startsWith(ten.neuro().toArray(new org.pathway.clinical.Timeline.NeuroExam[0]));
  }

  @Test
  void patientsArePseudonymousAdultsOnTheConfiguredWardsWithTheProductMix() {
    Cohort cohort = CohortModel.of(2_000, 11);
    assertThat(cohort.patients()).extracting(SimulatedPatient::id).doesNotHaveDuplicates()
        .allMatch(id -> id.matches("SIM-B-\\d{4}"));
    assertThat(cohort.patients()).allSatisfy(p -> {
      assertThat(p.patient().ageYears().intValue()).isBetween(25, 85);
      assertThat(p.patient().weightKg().doubleValue()).isBetween(45.0, 130.0);
      assertThat(p.ward()).isIn("H7", "H8");
      assertThat(p.patient().infusionAt()).isAfterOrEqualTo(DEFAULTS.start())
          .isBefore(DEFAULTS.start().plus(java.time.Duration.ofDays(DEFAULTS.infusionSpreadDays() + 1)));
      assertThat(p.patient().therapyClass()).isEqualTo(p.product().therapyClass());
      assertThat(p.patient().product()).isEqualTo(p.product().label());
    });
    Map<Product, Long> counts = new EnumMap<>(Product.class);
    cohort.patients().forEach(p -> counts.merge(p.product(), 1L, Long::sum));
    for (Product p : Product.values()) {
      assertThat(counts.get(p) / 2_000.0).as(p.label()).isCloseTo(DEFAULTS.productMix().get(p), within(0.04));
    }
  }

  @Test
  void teclistamabCrsMatchesMajesTec1() {
    Cohort cohort = only(Map.of(Product.TECLISTAMAB, 1.0), 5_000, 21);
    int[] peaks = new int[5];
    cohort.patients().forEach(p -> peaks[p.trajectory().crs() == null ? 0 : p.trajectory().crs().peakGrade()]++);
    double n = cohort.patients().size();
    // §12 [V]: 72.1% any grade, G1 50.3%, G2 21.2%, one G3; ±4 standard errors at n = 5,000
    assertThat((n - peaks[0]) / n).isCloseTo(PublishedFrequencies.TECLISTAMAB_CRS_ANY, within(0.025));
    assertThat(peaks[1] / n).isCloseTo(PublishedFrequencies.TECLISTAMAB_CRS_G1, within(0.028));
    assertThat(peaks[2] / n).isCloseTo(PublishedFrequencies.TECLISTAMAB_CRS_G2, within(0.023));
    assertThat(peaks[3] / n).isLessThan(0.02);
    assertThat(peaks[4]).isZero();
  }

  @Test
  void iecHsAfterBcmaCarTMatchesTheRealWorldIncidenceAndTiming() {
    // ide-cel and cilta-cel in the proportion that gives §5's overall 4.9% from 2.9% and 6.7%
    double cilta = (0.049 - 0.029) / (0.067 - 0.029);
    Cohort cohort = only(Map.of(Product.CILTA_CEL, cilta, Product.IDE_CEL, 1 - cilta), 8_000, 5);
    List<Double> onsets = new ArrayList<>();
    List<Double> afterPeak = new ArrayList<>();
    Map<Product, int[]> byProduct = new EnumMap<>(Product.class);
    for (SimulatedPatient p : cohort.patients()) {
      int[] c = byProduct.computeIfAbsent(p.product(), k -> new int[2]);
      c[0]++;
      Trajectory t = p.trajectory();
      if (t.iecHs() != null) {
        c[1]++;
        onsets.add(t.iecHs().onsetDay());
        if (t.crs() != null) {
          afterPeak.add(t.iecHs().onsetDay() - t.crs().peakDay());
        }
      }
    }
    double n = cohort.patients().size();
    assertThat(onsets.size() / n).isCloseTo(PublishedFrequencies.BCMA_CAR_T_IEC_HS, within(0.01));
    int[] c = byProduct.get(Product.CILTA_CEL);
    int[] i = byProduct.get(Product.IDE_CEL);
    assertThat((double) c[1] / c[0]).isCloseTo(PublishedFrequencies.CILTA_CEL_IEC_HS, within(0.015));
    assertThat((double) i[1] / i[0]).isCloseTo(PublishedFrequencies.IDE_CEL_IEC_HS, within(0.012));
    // §5 [V]: median onset D+9.5 (range 2-37); median 4 days (IQR 1-6) after peak CRS
    assertThat(median(onsets)).isCloseTo(PublishedFrequencies.IEC_HS_ONSET_MEDIAN_DAY, within(1.0));
    assertThat(onsets).allMatch(d -> d >= 2 && d <= 37);
    assertThat(median(afterPeak)).isCloseTo(PublishedFrequencies.IEC_HS_AFTER_CRS_PEAK_MEDIAN_DAYS, within(1.0));
    assertThat(afterPeak).allMatch(d -> d >= 0);
  }

  @Test
  void iecHsCasesShowThePublishedFindingsAndFerritin() {
    Cohort cohort = only(Map.of(Product.CILTA_CEL, 1.0), 20_000, 9);
    List<Trajectory> cases = cohort.patients().stream().map(SimulatedPatient::trajectory)
        .filter(t -> t.iecHs() != null).toList();
    assertThat(cases).hasSizeGreaterThan(1_000);
    double n = cases.size();
    assertThat(cases.stream().filter(t -> t.iecHs().hypofibrinogenemia()).count() / n)
        .isCloseTo(PublishedFrequencies.IEC_HS_HYPOFIBRINOGENEMIA, within(0.04));
    assertThat(cases.stream().filter(t -> t.iecHs().cytopenias()).count() / n)
        .isCloseTo(PublishedFrequencies.IEC_HS_CYTOPENIAS, within(0.02));
    assertThat(cases.stream().filter(t -> t.icans() != null).count() / n)
        .isCloseTo(PublishedFrequencies.IEC_HS_ICANS, within(0.04));
    assertThat(cases.stream().filter(t -> t.ferritinPeak() >= 7_470).count() / n)
        .isCloseTo(PublishedFrequencies.IEC_HS_FERRITIN_ABOVE_DISCRIMINATOR, within(0.03));
  }

  @Test
  void noCd19CarTPatientStartsCrsAfterDay14() {
    Cohort cohort = only(Map.of(Product.AXI_CEL, 1.0), 5_000, 13);
    assertThat(cohort.patients()).map(p -> p.trajectory().crs()).filteredOn(Objects::nonNull)
        .isNotEmpty()
        .allMatch(e -> e.onsetDay() <= PublishedFrequencies.CD19_CAR_T_LATEST_CRS_ONSET_DAY);
  }

  @Test
  void theDailyTruthFollowsTheEpisode() {
    Trajectory t = new Trajectory(new Trajectory.Episode(2.5, 3, 4), null, null, 0);
    assertThat(List.of(1, 2, 3, 4, 5, 6, 7).stream().map(d -> t.day(d).crsGrade()).toList())
        .containsExactly(0, 1, 3, 3, 3, 1, 0);
    assertThat(t.crsGradeAt(2.6)).isEqualTo(1);
    assertThat(t.crsGradeAt(3.0)).isEqualTo(3);
    assertThat(t.crsGradeAt(5.6)).isEqualTo(1);
    assertThat(t.crsGradeAt(6.5)).isZero();
  }

  @Test
  void staffBehaviourIsSeededAndFollowsItsParameters() {
    StaffBehaviour staff = StaffBehaviour.defaults();
    var a = new java.util.SplittableRandom(4);
    var b = new java.util.SplittableRandom(4);
    int forgotten = 0;
    int late = 0;
    for (int i = 0; i < 10_000; i++) {
      StaffBehaviour.Outcome o = staff.outcome("neuro-exam", a);
      assertThat(staff.outcome("neuro-exam", b)).isEqualTo(o);
      if (o.forgotten()) {
        forgotten++;
        assertThat(o.delay()).isNull();
      } else if (o.late()) {
        late++;
        assertThat(o.delay().toMinutes()).isBetween(60L, 360L);
      } else {
        assertThat(o.delay().toMinutes()).isBetween(0L, 55L);
      }
    }
    assertThat(forgotten / 10_000.0).isCloseTo(staff.of("neuro-exam").forgotten(), within(0.01));
    assertThat(late / 10_000.0).isCloseTo(staff.of("neuro-exam").late(), within(0.015));
    assertThat(staff.of("no-such-task")).isEqualTo(staff.fallback());
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int m = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
  }
}
