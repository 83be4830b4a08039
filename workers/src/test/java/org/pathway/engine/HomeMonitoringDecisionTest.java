package org.pathway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.model.PathwayModel;

/**
 * dmn/home-monitoring-trigger.dmn at its boundaries (reference §12, §12.1, Crombie 2024): systolic
 * BP below 90 mmHg AND at least 10 mmHg below the baseline, below 90 alone only when no baseline is
 * known (and the policy says so), SpO₂ below 90 %, fever from 38.0 °C, new orthostatic symptoms,
 * confusion; and the IEC-HS work-up once a fever has lasted more than a week.
 */
class HomeMonitoringDecisionTest {

  private static DecisionEvaluator decisions;

  @BeforeAll
  static void load() {
    decisions = BothDecisionEngines.load();
  }

  /** A reading with nothing out of range, a baseline of 120 mmHg: change one value per case. */
  private static Map<String, Object> normal() {
    Map<String, Object> r = new HashMap<>();
    r.put("at", "2026-01-03T08:00:00Z");
    r.put("temperatureC", 37.2);
    r.put("temperatureText", "37.2 °C");
    r.put("systolicBp", 118);
    r.put("spo2", 97);
    r.put("newOrthostaticSymptoms", false);
    r.put("confusion", false);
    r.put("baselineSystolicBp", 120);
    r.put("sbpFallFromBaseline", 2);
    r.put("feverSince", null);
    r.put("feverHours", null);
    r.put("feverHoursBefore", null);
    r.put("belowNinetyWithoutBaseline", true);
    return r;
  }

  private static Map<String, Object> with(Object... keyValues) {
    Map<String, Object> r = normal();
    for (int i = 0; i < keyValues.length; i += 2) {
      r.put((String) keyValues[i], keyValues[i + 1]);
    }
    return r;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> decide(Map<String, Object> reading) {
    Map<String, Object> vars = new HashMap<>();
    vars.put(PathwayModel.Vars.HOME_READING, reading);
    return (Map<String, Object>) decisions.evaluate(PathwayModel.Decisions.HOME_MONITORING_TRIGGER, vars);
  }

  @SuppressWarnings("unchecked")
  private static List<String> reasons(Map<String, Object> result) {
    return (List<String>) result.get("recontactReasons");
  }

  @Test
  void aNormalReadingRecontactsNobody() {
    Map<String, Object> result = decide(normal());
    assertThat(result).containsEntry("recontact", false).containsEntry("iecHsWorkup", false);
    assertThat(reasons(result)).isEmpty();
  }

  @Test
  void systolicPressureMustBeBelowNinetyAndTenBelowTheBaseline() {
    // 89 mmHg, 31 below 120: both
    assertThat(reasons(decide(with("systolicBp", 89, "sbpFallFromBaseline", 31))))
        .containsExactly("Systolic BP 89 mmHg: below 90 mmHg and 31 mmHg below the baseline of 120 mmHg (§12.1, Crombie 2024)");
    // 90 mmHg is not below 90, however far below the baseline
    assertThat(decide(with("systolicBp", 90, "sbpFallFromBaseline", 30))).containsEntry("recontact", false);
    // below 90 but only 9 below the baseline of 98: not both
    assertThat(decide(with("systolicBp", 89, "baselineSystolicBp", 98, "sbpFallFromBaseline", 9)))
        .containsEntry("recontact", false);
    // exactly 10 below the baseline of 99
    assertThat(decide(with("systolicBp", 89, "baselineSystolicBp", 99, "sbpFallFromBaseline", 10)))
        .containsEntry("recontact", true);
  }

  @Test
  void withoutABaselineBelowNinetyAloneRecontactsAndSaysTheBaselineIsUnknown() {
    Map<String, Object> unknown = decide(with("systolicBp", 89, "baselineSystolicBp", null, "sbpFallFromBaseline", null));
    assertThat(unknown).containsEntry("recontact", true);
    assertThat(reasons(unknown)).singleElement().asString()
        .startsWith("Systolic BP 89 mmHg: below 90 mmHg; the patient's baseline is not known");
    assertThat(decide(with("systolicBp", 90, "baselineSystolicBp", null, "sbpFallFromBaseline", null)))
        .containsEntry("recontact", false);
    // a site that always records a baseline may turn it off (pathway.home-monitoring)
    assertThat(decide(with("systolicBp", 80, "baselineSystolicBp", null, "sbpFallFromBaseline", null,
        "belowNinetyWithoutBaseline", false))).containsEntry("recontact", false);
  }

  @Test
  void saturationBelowNinetyRecontacts() {
    assertThat(reasons(decide(with("spo2", 89)))).containsExactly("SpO₂ 89 %: below 90 % (§12.1, Crombie 2024)");
    assertThat(decide(with("spo2", 90))).containsEntry("recontact", false);
    assertThat(decide(with("spo2", 89.9))).containsEntry("recontact", true);
  }

  @Test
  void feverFromThirtyEightRecontacts() {
    assertThat(decide(with("temperatureC", 37.9))).containsEntry("recontact", false);
    // §1: 37.95 is not rounded up to 38.0
    assertThat(decide(with("temperatureC", 37.95))).containsEntry("recontact", false);
    Map<String, Object> fever = decide(with("temperatureC", 38.0, "temperatureText", "38.0 °C (100.4 °F)"));
    assertThat(reasons(fever)).singleElement().asString()
        .startsWith("Fever 38.0 °C (100.4 °F): 38.0 °C (100.4 °F) or more");
  }

  @Test
  void orthostaticSymptomsAndConfusionRecontactAndEveryReasonIsShown() {
    assertThat(decide(with("newOrthostaticSymptoms", true))).containsEntry("recontact", true);
    assertThat(decide(with("confusion", true))).containsEntry("recontact", true);
    // not reported is not a trigger
    assertThat(decide(with("newOrthostaticSymptoms", null, "confusion", null, "spo2", null, "systolicBp", null,
        "sbpFallFromBaseline", null))).containsEntry("recontact", false);
    assertThat(reasons(decide(with("confusion", true, "newOrthostaticSymptoms", true, "spo2", 85))))
        .containsExactly("New orthostatic symptoms (§12.1, Crombie 2024)", "Confusion (§12.1, Crombie 2024)",
            "SpO₂ 85 %: below 90 % (§12.1, Crombie 2024)");
  }

  @Test
  void aFeverLastingMoreThanAWeekStartsTheWorkupOncePerRun() {
    Map<String, Object> week = with("temperatureC", 38.4, "temperatureText", "38.4 °C",
        "feverSince", "2026-01-01T08:00:00Z", "feverHours", 168, "feverHoursBefore", 150);
    // exactly 7 days is not more than a week; the fever recontacts still
    assertThat(decide(week)).containsEntry("iecHsWorkup", false).containsEntry("recontact", true);
    week.put("feverHours", 169);
    Map<String, Object> beyond = decide(week);
    assertThat(beyond).containsEntry("iecHsWorkup", true);
    assertThat((List<String>) beyond.get("iecHsWorkupReasons")).singleElement().asString()
        .startsWith("Fever of 38.0 °C or more in the home readings since 2026-01-01T08:00:00Z, more than 7 days")
        .contains("consider excluding HLH/MAS");
    // the run's previous reading was at exactly 7 days: this one is the first past the week
    week.put("feverHoursBefore", 168);
    assertThat(decide(week)).containsEntry("iecHsWorkup", true);
    // a reading after the one that first passed the week raises nothing new
    week.put("feverHours", 180);
    week.put("feverHoursBefore", 169);
    assertThat(decide(week)).containsEntry("iecHsWorkup", false);
    // two readings, one more than a week after the other with nothing between: persisting
    week.put("feverHoursBefore", null);
    assertThat(decide(week)).containsEntry("iecHsWorkup", true);
  }
}
