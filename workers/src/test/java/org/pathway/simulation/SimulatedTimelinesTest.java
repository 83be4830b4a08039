package org.pathway.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pathway.SitePolicies;
import org.pathway.clinical.LabResult;
import org.pathway.clinical.Timeline;
import org.pathway.clinical.TimelineParser;
import org.pathway.grading.EvaluationResult;

/**
 * The ward's observations of simulated patients are valid iec-timeline/1 documents, follow the
 * trajectory, and the real grading (the evaluator of ./pathway evaluate) gives the true CRS grade
 * at every vitals time and the true ICANS grade at every neuro exam.
 */
class SimulatedTimelinesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final SimulationParameters DEFAULTS = SimulationParameters.defaults();
  static final WardObservations WARD = new WardObservations(DEFAULTS);
  static final TimelineExport EXPORT = new TimelineExport(JSON);

  static ObjectNode export(SimulatedPatient p, int days) {
    return EXPORT.document(p, WARD.timeline(p, days), days);
  }

  @Test
  void everyExportedTimelineParsesWithTheRealParserWithoutErrors() {
    for (SimulatedPatient p : CohortModel.of(80, 17).patients()) {
      ObjectNode doc = export(p, 28);
      TimelineParser.Parsed parsed = TimelineParser.parse(doc);
      assertThat(parsed.errors()).as(p.id()).isEmpty();
      // the document says what the model generated, field for field
      assertThat(parsed.timeline()).isEqualTo(WARD.timeline(p, 28));
      assertThat(doc.path("truth").path("days")).hasSize(29);
    }
  }

  @Test
  void theDailyLabsCarryTheReferenceCodesUnitsAndRangesWithSomeDrawsMissing() {
    List<SimulatedPatient> patients = CohortModel.of(60, 23).patients();
    int expected = 0;
    int present = 0;
    for (SimulatedPatient p : patients) {
      Timeline t = WARD.timeline(p, 28);
      Map<Instant, List<LabResult>> draws = t.labs().stream().collect(Collectors.groupingBy(LabResult::at));
      // baseline at enrolment before infusion, then one draw a day at 06:00 ward time
      assertThat(draws.keySet().stream().filter(at -> at.isBefore(p.patient().infusionAt()))).hasSize(1);
      assertThat(draws.keySet()).allSatisfy(at ->
          assertThat(at.isBefore(p.patient().infusionAt())
              || at.atZone(DEFAULTS.wardZone()).toLocalTime().equals(DEFAULTS.drawTime())).isTrue());
      expected += planned(p, 28) * Analyte.values().length;
      present += t.labs().size();
      for (LabResult r : t.labs()) {
        Analyte a = java.util.Arrays.stream(Analyte.values()).filter(x -> x.loinc().equals(r.loinc())).findFirst().orElseThrow();
        assertThat(r.unit()).isEqualTo(a.unit());
        assertThat(r.value().signum()).isPositive();
      }
    }
    // 3% of daily draws missed, 2% of analytes not reported (SimulationParameters defaults)
    assertThat((double) present / expected).isBetween(0.92, 0.98);
    LabResult ferritin = WARD.timeline(patients.get(0), 1).labs().stream()
        .filter(r -> r.loinc().equals("2276-4")).findFirst().orElseThrow();
    assertThat(ferritin.unit()).isEqualTo("ng/mL");
    assertThat(ferritin.high()).isEqualByComparingTo("300");
  }

  @Test
  void iecHsShowsInTheLabs() {
    SimulatedPatient p = CohortModel.of(3_000, 31).patients().stream()
        .filter(x -> x.trajectory().iecHs() != null && x.trajectory().iecHs().hypofibrinogenemia()
            && x.trajectory().iecHs().cytopenias() && x.trajectory().ferritinPeak() > 7_470
            && x.trajectory().iecHs().durationDays() > 4 && x.trajectory().iecHs().onsetDay() < 20)
        .findFirst().orElseThrow();
    Timeline t = WARD.timeline(p, 28);
    double onset = p.trajectory().iecHs().onsetDay();
    double baselineFerritin = value(t, p, "2276-4", -1);
    double baselineFibrinogen = value(t, p, "3255-7", -1);
    // two to three days into IEC-HS: ferritin far above twice baseline and ULN, fibrinogen below 150
    double inIecHs = Math.ceil(onset + 2);
    assertThat(value(t, p, "2276-4", inIecHs)).isGreaterThan(Math.max(2 * baselineFerritin, 600));
    assertThat(value(t, p, "3255-7", inIecHs)).isLessThan(150).isLessThan(baselineFibrinogen);
  }

  /** Draws the schedule plans up to D+days: the baseline and one a day. */
  static int planned(SimulatedPatient p, int days) {
    var schedule = new org.pathway.clinical.DrawSchedule(p.patient().infusionAt(),
        p.patient().infusionAt().minus(java.time.Duration.ofHours(3)), days, DEFAULTS.drawTime(), DEFAULTS.wardZone());
    int n = 0;
    while (!schedule.draw(n).monitoringComplete() && schedule.draw(n).dayPostInfusion() <= days) {
      n++;
    }
    return n;
  }

  /** The value of a LOINC on the draw of that day post-infusion (-1: the baseline), NaN if missing. */
  static double value(Timeline t, SimulatedPatient p, String loinc, double day) {
    return t.labs().stream()
        .filter(r -> r.loinc().equals(loinc))
        .filter(r -> Math.floor(WardObservations.day(p.patient().infusionAt(), r.at())) == day)
        .mapToDouble(r -> r.value().doubleValue())
        .findFirst().orElse(Double.NaN);
  }

  @Test
  void theRealGradingGivesTheTrueCrsAndIcansGrades() {
    // patients covering every CRS and ICANS grade, and IEC-HS with its attributed fever
    List<SimulatedPatient> chosen = new ArrayList<>();
    Set<String> covered = new TreeSet<>();
    for (SimulatedPatient p : CohortModel.of(2_000, 41).patients()) {
      Trajectory t = p.trajectory();
      List<String> kinds = new ArrayList<>();
      if (t.crs() != null) {
        kinds.add("crs" + t.crs().peakGrade());
      }
      if (t.icans() != null) {
        kinds.add("icans" + t.icans().peakGrade());
      }
      if (t.iecHs() != null && t.iecHs().fever()) {
        kinds.add("iecHsFever");
      }
      if (kinds.stream().anyMatch(k -> !covered.contains(k))) {
        covered.addAll(kinds);
        chosen.add(p);
      }
    }
    assertThat(chosen).hasSizeLessThan(12);
    assertThat(covered).contains("crs1", "crs2", "crs3", "crs4", "icans1", "icans2", "icans3", "icans4", "iecHsFever");

    Map<String, Integer> crsCompared = new HashMap<>();
    Map<String, Integer> icansCompared = new HashMap<>();
    for (SimulatedPatient p : chosen) {
      int days = (int) Math.min(28, Math.ceil(lastEventDay(p.trajectory())) + 1);
      Timeline timeline = WARD.timeline(p, days);
      ObjectNode doc = export(p, days);
      // CRS and ICANS are graded from the bedside entries alone; without the labs the evaluator
      // has fewer times and criteria to run, which keeps this test fast
      doc.putArray("labs");
      EvaluationResult result = SitePolicies.evaluator().evaluate((JsonNode) doc);
      assertThat(result.errors()).isEmpty();
      Map<String, EvaluationResult.Evaluation> byTime = result.evaluations().stream()
          .collect(Collectors.toMap(EvaluationResult.Evaluation::at, e -> e, (a, b) -> a));
      for (Timeline.Vitals v : timeline.vitals()) {
        int truth = p.trajectory().crsGradeAt(WardObservations.day(p.patient().infusionAt(), v.at()));
        EvaluationResult.Syndrome crs = byTime.get(v.at().toString()).crs();
        assertThat(crs.status()).as(p.id() + " CRS at " + v.at() + ": " + v).isEqualTo("GRADED");
        assertThat(crs.grade()).as(p.id() + " CRS at " + v.at() + ": " + v + " " + crs.reasons()).isEqualTo(truth);
        crsCompared.merge("G" + truth, 1, Integer::sum);
      }
      for (Timeline.NeuroExam n : timeline.neuro()) {
        int truth = p.trajectory().icansGradeAt(WardObservations.day(p.patient().infusionAt(), n.at()));
        EvaluationResult.Icans icans = byTime.get(n.at().toString()).icans();
        assertThat(icans.grade()).as(p.id() + " ICANS at " + n.at() + ": " + n + " " + icans.reasons()).isEqualTo(truth);
        icansCompared.merge("G" + truth, 1, Integer::sum);
      }
    }
    assertThat(crsCompared).containsKeys("G0", "G1", "G2", "G3", "G4");
    assertThat(icansCompared).containsKeys("G0", "G1", "G2", "G3", "G4");
  }

  static double lastEventDay(Trajectory t) {
    double last = 3;
    if (t.crs() != null) {
      last = Math.max(last, t.crs().endDay());
    }
    if (t.icans() != null) {
      last = Math.max(last, t.icans().endDay());
    }
    if (t.iecHs() != null) {
      last = Math.max(last, t.iecHs().endDay());
    }
    return last;
  }
}
