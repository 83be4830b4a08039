package org.pathway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * dmn/urgent-page.dmn, the institution's paging policy ([P], issue 14; not in the reference) over
 * the pathway's grades (CRS §3.1, ICANS §4.2, IEC-HS §5.3): its default rows at their boundaries.
 */
class UrgentPageDecisionTest {

  private static DecisionEvaluator decisions;

  @BeforeAll
  static void load() {
    decisions = BothDecisionEngines.load();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> decide(String event, Integer grade, Integer previousGrade) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("pageEvent", event);
    vars.put("grade", grade);
    vars.put("previousGrade", previousGrade);
    return (Map<String, Object>) decisions.evaluate("urgent-page", vars);
  }

  private static boolean pages(String event, Integer grade, Integer previousGrade) {
    return Boolean.TRUE.equals(decide(event, grade, previousGrade).get("page"));
  }

  @Test
  void crsAndIcansPageFromGradeThreeNotAtGradeTwo() {
    assertThat(pages("CRS_GRADE", 2, 1)).isFalse();
    assertThat(pages("CRS_GRADE", 3, 2)).isTrue();
    assertThat(pages("CRS_GRADE", 4, 3)).isTrue();
    assertThat(pages("ICANS_GRADE", 2, null)).isFalse();
    assertThat(pages("ICANS_GRADE", 3, null)).isTrue();
    assertThat(decide("CRS_GRADE", 3, 2))
        .containsEntry("firstRole", "WARD_PHYSICIAN")
        .containsEntry("reason", "CRS grade 3 (ASTCT, reference §3.1): urgent physician review");
    assertThat(decide("CRS_GRADE", 2, 1).get("reason")).isEqualTo("Below the paging policy: CRS_GRADE grade 2");
  }

  @Test
  void iecHsPagesOnANewGradeFourOnly() {
    assertThat(pages("IEC_HS_GRADE", 3, 2)).isFalse();
    assertThat(pages("IEC_HS_GRADE", 4, 3)).isTrue();
    assertThat(pages("IEC_HS_GRADE", 4, null)).isTrue();
    // still grade 4 at the next grading: already paged for it
    assertThat(pages("IEC_HS_GRADE", 4, 4)).isFalse();
    assertThat(decide("IEC_HS_GRADE", 4, 3).get("reason"))
        .isEqualTo("New IEC-HS grade 4, life-threatening (reference §5.3): urgent physician review");
  }

  @Test
  void aNewGradeFourOfAnythingElsePages() {
    assertThat(pages("TCE_DOSE_HOLD", 4, 2)).isTrue();
    assertThat(pages("TCE_DOSE_HOLD", 3, 2)).isFalse();
  }

  @Test
  void suspicionOverdueReviewAndHomeMonitoringPageWithoutAGrade() {
    assertThat(pages("IEC_HS_SUSPECTED", null, null)).isTrue();
    assertThat(pages("PHYSICIAN_REVIEW_OVERDUE", null, null)).isTrue();
    assertThat(pages("HOME_MONITORING_TRIGGER", null, null)).isTrue();
    assertThat(decide("PHYSICIAN_REVIEW_OVERDUE", null, null).get("reason")).isEqualTo("A physician review is overdue");
    assertThat(decide("SOMETHING_ELSE", null, null))
        .containsEntry("page", false)
        .containsEntry("reason", "Below the paging policy: SOMETHING_ELSE");
  }
}
