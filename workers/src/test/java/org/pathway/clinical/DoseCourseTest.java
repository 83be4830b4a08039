package org.pathway.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The course a dosing decision reads: grade now, peaks since the last dose, run lengths, events. */
class DoseCourseTest {

  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  private static Instant h(double hours) {
    return T0.plus(Duration.ofMinutes((long) (hours * 60)));
  }

  /** Grades at hours after T0: h0, g0, h1, g1, ... */
  private static List<DoseCourse.Point> points(Object... hoursAndGrades) {
    List<DoseCourse.Point> out = new ArrayList<>();
    for (int i = 0; i < hoursAndGrades.length; i += 2) {
      out.add(new DoseCourse.Point(h(((Number) hoursAndGrades[i]).doubleValue()), (Integer) hoursAndGrades[i + 1]));
    }
    return out;
  }

  @Test
  void noVitalsIsGradeZeroAndSaysSo() {
    DoseCourse c = DoseCourse.of(List.of(), List.of(), T0, h(72));
    assertThat(c.crsGradeNow()).isZero();
    assertThat(c.crsPeakSinceLastDose()).isZero();
    assertThat(c.summary()).contains("no vitals recorded since treatment started");
  }

  @Test
  void aGrade3RunIsMeasuredToTheFirstPointBelowIt() {
    DoseCourse c = DoseCourse.of(points(10, 1, 12, 3, 59.99, 3, 60, 1, 70, 0), List.of(), h(0), h(80));
    assertThat(c.crsGradeNow()).isZero();
    assertThat(c.crsPeakSinceLastDose()).isEqualTo(3);
    assertThat(c.crsGrade3Hours()).isEqualByComparingTo(new BigDecimal("48"));
    assertThat(c.crsGrade3Events()).isEqualTo(1);
    assertThat(c.crsGrade2Hours()).isEqualByComparingTo(new BigDecimal("48"));
    assertThat(c.summary()).anyMatch(s -> s.startsWith("CRS up to grade 3 from " + h(10)));
  }

  @Test
  void anOngoingRunLastsUntilNow() {
    DoseCourse c = DoseCourse.of(points(10, 3), List.of(), h(0), h(57.5));
    assertThat(c.crsGradeNow()).isEqualTo(3);
    assertThat(c.crsGrade3Hours()).isEqualByComparingTo(new BigDecimal("47.5"));
    assertThat(c.summary()).anyMatch(s -> s.contains("ongoing"));
  }

  @Test
  void aSecondEventAfterResolutionIsARecurrence() {
    DoseCourse c = DoseCourse.of(points(10, 3, 20, 0, 100, 2, 101, 3, 110, 0), List.of(), h(90), h(120));
    assertThat(c.crsGrade3Events()).isEqualTo(2);
    assertThat(c.crsGrade2Events()).isEqualTo(2);
    // the first event ended before the last dose: only the second counts for the run length
    assertThat(c.crsGrade3Hours()).isEqualByComparingTo(new BigDecimal("9"));
    assertThat(c.crsPeakSinceLastDose()).isEqualTo(3);
  }

  @Test
  void theGradeInEffectAtTheDoseCountsAndEarlierPeaksDoNot() {
    assertThat(DoseCourse.of(points(10, 2, 30, 0), List.of(), h(40), h(50)).crsPeakSinceLastDose()).isZero();
    assertThat(DoseCourse.of(points(10, 2, 30, 1), List.of(), h(40), h(50)).crsPeakSinceLastDose()).isEqualTo(1);
  }

  @Test
  void aGradeAClinicianMustGiveLeavesTheGradeNowUnknown() {
    DoseCourse c = DoseCourse.of(points(10, 2, 20, null), List.of(), h(0), h(30));
    assertThat(c.crsGradeNow()).isNull();
    assertThat(c.crsPeakSinceLastDose()).isEqualTo(2);
  }

  @Test
  void pointsAfterNowAreIgnoredAndIcansIsReadLikeCrs() {
    DoseCourse c = DoseCourse.of(points(10, 0, 40, 4), points(5, 0, 12, 2, 30, 0), h(0), h(35));
    assertThat(c.crsGradeNow()).isZero();
    assertThat(c.crsPeakSinceLastDose()).isZero();
    assertThat(c.icansPeakSinceLastDose()).isEqualTo(2);
    assertThat(c.summary()).contains("ICANS up to grade 2");
  }
}
