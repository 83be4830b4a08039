package org.pathway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dosing cycle's tables (reference §12, §12.1) at their boundaries, on both DMN engines:
 * dmn/tce-dosing-schedule (teclistamab's verified rows by label region, no borrowed rows for other
 * products), dmn/tce-dose-action (holds, premedication, discontinuation, rechallenge; [M] rows only
 * while allowed) and dmn/tce-dose-delay (teclistamab's restart rows in whole days).
 */
class DosingDecisionTest {

  private static DecisionEvaluator decisions;

  @BeforeAll
  static void load() {
    decisions = BothDecisionEngines.load();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> schedule(String product, String region, int step) {
    Map<String, Object> query = new HashMap<>();
    query.put("productKey", product);
    query.put("labelRegion", region);
    query.put("step", step);
    return numbers((Map<String, Object>) decisions.evaluate("tce-dosing-schedule", Map.of("scheduleQuery", query)));
  }

  /** Numbers as decimals, so that 48 and 48.0 compare alike whichever Java type the engine gives. */
  private static Map<String, Object> numbers(Map<String, Object> out) {
    Map<String, Object> m = new HashMap<>();
    out.forEach((k, v) -> m.put(k, v instanceof Number x ? n(x.toString()) : v));
    return m;
  }

  private static java.math.BigDecimal n(String value) {
    return new java.math.BigDecimal(value).stripTrailingZeros();
  }

  /** A course with no CRS or ICANS; tests change what they probe. */
  private static Map<String, Object> course(String product) {
    Map<String, Object> c = new HashMap<>();
    c.put("productKey", product);
    c.put("unverifiedLabelRows", true);
    c.put("persistentModerateCrsHours", 2);
    c.put("crsGradeNow", 0);
    c.put("crsPeakSinceLastDose", 0);
    c.put("crsGrade3Hours", 0);
    c.put("crsGrade3Events", 0);
    c.put("crsGrade2Hours", 0);
    c.put("crsGrade2Events", 0);
    c.put("icansPeakSinceLastDose", 0);
    return c;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> action(Map<String, Object> course) {
    return numbers((Map<String, Object>) decisions.evaluate("tce-dose-action", Map.of("doseCourse", course)));
  }

  private static Map<String, Object> with(Map<String, Object> course, Object... keyValues) {
    for (int i = 0; i < keyValues.length; i += 2) {
      course.put((String) keyValues[i], keyValues[i + 1]);
    }
    return course;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> delay(String product, Integer lastStep, Long days) {
    return delay(product, lastStep, lastStep == null ? 1 : lastStep + 1, days);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> delay(String product, Integer lastStep, int nextStep, Long days) {
    Map<String, Object> d = new HashMap<>();
    d.put("productKey", product);
    d.put("lastDoseStep", lastStep);
    d.put("nextDoseStep", nextStep);
    d.put("daysSinceLastDose", days);
    return numbers((Map<String, Object>) decisions.evaluate("tce-dose-delay", Map.of("doseDelay", d)));
  }

  @Test
  void teclistamabStepsUpByWeightOnTheLabelsDays() {
    assertThat(schedule("teclistamab", "US", 1))
        .containsEntry("known", true).containsEntry("mgPerKg", n("0.06"))
        .containsEntry("daysAfterPrevious", n("0")).containsEntry("pretreatment", true).containsEntry("monitoringHours", n("48"));
    assertThat(schedule("teclistamab", "US", 2)).containsEntry("mgPerKg", n("0.3")).containsEntry("daysAfterPrevious", n("3"));
    assertThat(schedule("teclistamab", "EU", 2)).containsEntry("daysAfterPrevious", n("2"));
    assertThat(schedule("teclistamab", "US", 3)).containsEntry("mgPerKg", n("1.5")).containsEntry("daysAfterPrevious", n("3"));
    assertThat(schedule("teclistamab", "EU", 3)).containsEntry("daysAfterPrevious", n("2"));
    assertThat(schedule("teclistamab", "US", 4)).containsEntry("daysAfterPrevious", n("7")).containsEntry("monitoringHours", n("0"));
    assertThat(schedule("teclistamab", "EU", 9)).containsEntry("mgPerKg", n("1.5")).containsEntry("daysAfterPrevious", n("7"));
  }

  @Test
  void aProductWithoutVerifiedRowsNeverBorrowsTeclistamabs() {
    for (String product : new String[] {"tebentafusp", "epcoritamab", "pembrolizumab", "teclistamab-like", ""}) {
      Map<String, Object> row = schedule(product, "US", 1);
      assertThat(row).as(product).containsEntry("known", false).containsEntry("mgPerKg", null);
      assertThat((String) row.get("source")).contains("physician plans each dose", "label governs");
    }
  }

  @Test
  void teclistamabHoldsWhileCrsLastsAndPremedicatesAfterGrade2() {
    assertThat(action(course("teclistamab"))).containsEntry("action", "GIVE").containsEntry("premedicate", false);
    assertThat(action(with(course("teclistamab"), "crsGradeNow", 1, "crsPeakSinceLastDose", 1)))
        .containsEntry("action", "HOLD");
    assertThat(action(with(course("teclistamab"), "crsPeakSinceLastDose", 1, "crsGrade2Events", 0)))
        .containsEntry("action", "GIVE").containsEntry("premedicate", false).containsEntry("monitorHours", n("0"));
    assertThat(action(with(course("teclistamab"), "crsPeakSinceLastDose", 2, "crsGrade2Events", 1)))
        .containsEntry("action", "GIVE").containsEntry("premedicate", true).containsEntry("monitorHours", n("48"))
        .containsEntry("rechallengeDecision", false);
  }

  @Test
  void teclistamabGrade3At48HoursOrRecurrentOrGrade4Discontinues() {
    Map<String, Object> g3Short = with(course("teclistamab"), "crsPeakSinceLastDose", 3, "crsGrade3Hours", 47.99, "crsGrade3Events", 1);
    assertThat(action(g3Short))
        .containsEntry("action", "GIVE").containsEntry("premedicate", true).containsEntry("rechallengeDecision", true);
    assertThat(action(with(course("teclistamab"), "crsPeakSinceLastDose", 3, "crsGrade3Hours", 48, "crsGrade3Events", 1)))
        .containsEntry("action", "DISCONTINUE").containsEntry("rechallengeDecision", true);
    assertThat(action(with(course("teclistamab"), "crsPeakSinceLastDose", 3, "crsGrade3Hours", 5, "crsGrade3Events", 2)))
        .containsEntry("action", "DISCONTINUE");
    assertThat(action(with(course("teclistamab"), "crsGradeNow", 4, "crsPeakSinceLastDose", 4, "crsGrade3Events", 1)))
        .containsEntry("action", "DISCONTINUE").containsEntry("rechallengeDecision", true);
  }

  @Test
  void withTheUnverifiedRowsSwitchedOffTheTeclistamabPhysicianDecides() {
    Map<String, Object> g2 = with(course("teclistamab"), "unverifiedLabelRows", false, "crsPeakSinceLastDose", 2);
    assertThat(action(g2)).containsEntry("action", "PHYSICIAN_DECIDES").containsEntry("rechallengeDecision", false);
    Map<String, Object> g4 = with(course("teclistamab"), "unverifiedLabelRows", false, "crsPeakSinceLastDose", 4);
    assertThat(action(g4)).containsEntry("action", "PHYSICIAN_DECIDES").containsEntry("rechallengeDecision", true);
    assertThat(action(with(course("teclistamab"), "unverifiedLabelRows", false))).containsEntry("action", "GIVE");
  }

  @Test
  void tebentafuspFollowsItsOwnTable() {
    assertThat(action(with(course("tebentafusp"), "crsPeakSinceLastDose", 4)))
        .containsEntry("action", "DISCONTINUE").containsEntry("rechallengeDecision", true);
    assertThat(action(with(course("tebentafusp"), "crsGradeNow", 2, "crsPeakSinceLastDose", 3)))
        .containsEntry("action", "HOLD");
    assertThat(action(with(course("tebentafusp"), "crsPeakSinceLastDose", 3)))
        .containsEntry("action", "GIVE").containsEntry("sameDose", true).containsEntry("rechallengeDecision", true);
    // moderate CRS persistent from 2 h (the lower bound of "2-3 h"), or recurrent
    assertThat(action(with(course("tebentafusp"), "crsPeakSinceLastDose", 2, "crsGrade2Hours", 1.99, "crsGrade2Events", 1)))
        .containsEntry("action", "GIVE").containsEntry("premedicate", false);
    assertThat(action(with(course("tebentafusp"), "crsPeakSinceLastDose", 2, "crsGrade2Hours", 2, "crsGrade2Events", 1)))
        .containsEntry("action", "GIVE").containsEntry("premedicate", true);
    assertThat(action(with(course("tebentafusp"), "persistentModerateCrsHours", 3, "crsPeakSinceLastDose", 2, "crsGrade2Hours", 2.5, "crsGrade2Events", 1)))
        .containsEntry("premedicate", false);
    assertThat(action(with(course("tebentafusp"), "crsPeakSinceLastDose", 2, "crsGrade2Hours", 1, "crsGrade2Events", 2)))
        .containsEntry("premedicate", true);
    // the table does not say whether to dose during CRS: the physician does
    assertThat(action(with(course("tebentafusp"), "crsGradeNow", 1, "crsPeakSinceLastDose", 1)))
        .containsEntry("action", "PHYSICIAN_DECIDES");
  }

  @Test
  void checkpointInhibitorsAndUnverifiedProductsGoToThePhysicianOnAnyCrs() {
    for (String product : new String[] {"pembrolizumab", "epcoritamab"}) {
      assertThat(action(course(product))).as(product).containsEntry("action", "GIVE");
      assertThat(action(with(course(product), "crsGradeNow", 1, "crsPeakSinceLastDose", 1)))
          .as(product).containsEntry("action", "PHYSICIAN_DECIDES").containsEntry("rechallengeDecision", false);
      assertThat(action(with(course(product), "crsPeakSinceLastDose", 3)))
          .as(product).containsEntry("action", "PHYSICIAN_DECIDES").containsEntry("rechallengeDecision", true);
    }
  }

  @Test
  void icansOrAnUngradableCrsGoesToThePhysician() {
    assertThat(action(with(course("teclistamab"), "icansPeakSinceLastDose", 1)))
        .containsEntry("action", "PHYSICIAN_DECIDES");
    assertThat(action(with(course("tebentafusp"), "crsGradeNow", null)))
        .containsEntry("action", "PHYSICIAN_DECIDES");
    // a course the table has no row for is never silently given
    assertThat(action(with(course("pembrolizumab"), "icansPeakSinceLastDose", null)))
        .containsEntry("action", "PHYSICIAN_DECIDES");
  }

  @Test
  void teclistamabRestartsAfterTheLabelsDelaysInWholeDays() {
    assertThat(delay("teclistamab", null, null)).containsEntry("action", "CONTINUE");
    assertThat(delay("teclistamab", 1, 7L)).containsEntry("action", "CONTINUE");
    assertThat(delay("teclistamab", 1, 8L)).containsEntry("action", "RESTART_STEP_UP").containsEntry("restartStep", n("1"));
    assertThat(delay("teclistamab", 2, 7L)).containsEntry("action", "CONTINUE");
    assertThat(delay("teclistamab", 2, 8L)).containsEntry("action", "REPEAT_STEP").containsEntry("restartStep", n("2"));
    assertThat(delay("teclistamab", 2, 28L)).containsEntry("action", "REPEAT_STEP");
    assertThat(delay("teclistamab", 2, 29L)).containsEntry("action", "RESTART_STEP_UP").containsEntry("restartStep", n("1"));
    assertThat(delay("teclistamab", 3, 7L)).containsEntry("action", "CONTINUE");
    assertThat(delay("teclistamab", 5, 8L)).containsEntry("action", "PHYSICIAN_DECIDES");
    assertThat(delay("tebentafusp", 1, 30L)).containsEntry("action", "CONTINUE");
  }

  @Test
  void aDoseThatIsTheRestartOrTheRepeatContinues() {
    assertThat(delay("teclistamab", 1, 1, 20L)).containsEntry("action", "CONTINUE");
    assertThat(delay("teclistamab", 2, 2, 20L)).containsEntry("action", "CONTINUE");
    assertThat(delay("teclistamab", 2, 1, 40L)).containsEntry("action", "CONTINUE");
    assertThat(delay("teclistamab", 2, 2, 40L)).containsEntry("action", "RESTART_STEP_UP");
    assertThat(delay("teclistamab", 5, 1, 40L)).containsEntry("action", "CONTINUE");
  }
}
