package org.pathway.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The evaluation-vs-truth table counts what a clinician would count, day by day and per patient. */
class TruthComparisonTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void theHighestGradeOfEachEvaluatedDayIsComparedWithTheTruthOfThatDay() throws Exception {
    JsonNode truth = json("""
        {'iecHs': {'onsetDay': 1.5}, 'days': [
          {'day': 0, 'crsGrade': 0, 'icansGrade': 0}, {'day': 1, 'crsGrade': 2, 'icansGrade': 1},
          {'day': 2, 'crsGrade': 3, 'icansGrade': 0}, {'day': 3, 'crsGrade': 1, 'icansGrade': 0}]}""");
    JsonNode evaluation = json("""
        {'evaluations': [
          {'day': 0, 'crs': {'status': 'GRADED', 'grade': 0}, 'icans': {'status': 'GRADED', 'grade': 0}},
          {'day': 1, 'crs': {'status': 'GRADED', 'grade': 1}},
          {'day': 1, 'crs': {'status': 'GRADED', 'grade': 2}, 'iecHs': {'suspected': false}},
          {'day': 2, 'crs': {'status': 'REVIEW', 'grade': null}, 'iecHs': {'suspected': true}}]}""");
    TruthComparison c = new TruthComparison();
    c.add(truth, evaluation);
    // day 3 has no evaluation: not compared; day 1's highest grade (2) is the one compared
    assertThat(c.crs.days).isEqualTo(3);
    assertThat(c.crs.exact).isEqualTo(2);
    assertThat(c.crs.ungraded).isEqualTo(1);
    assertThat(c.crs.severe.falseNegative).isEqualTo(1);
    assertThat(c.crs.any.truePositive).isEqualTo(1);
    assertThat(c.crs.any.falseNegative).isEqualTo(1);
    assertThat(c.crs.any.trueNegative).isEqualTo(1);
    // ICANS only evaluated on day 0
    assertThat(c.icans.days).isEqualTo(1);
    assertThat(c.iecHs.truePositive).isEqualTo(1);
  }

  @Test
  void iecHsStartingOnTheLastDayOfTheFollowUpIsNotCountedAsMissed() throws Exception {
    JsonNode truth = json("{'iecHs': {'onsetDay': 2.5}, 'days': [{'day': 0}, {'day': 1}, {'day': 2}]}");
    JsonNode none = json("{'evaluations': [{'day': 2, 'iecHs': {'suspected': false}}]}");
    TruthComparison c = new TruthComparison();
    c.add(truth, none);
    assertThat(c.iecHs.trueNegative).isEqualTo(1);
    assertThat(c.iecHs.specificity()).isEqualTo(1.0);
    assertThat(c.iecHs.sensitivity()).isNaN();
  }
}
