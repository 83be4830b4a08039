package org.pathway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DrawScheduleTest {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void baselineAtEnrollmentThenWardDrawTimeOnEachFollowingDay() {
    Instant infusion = Instant.parse("2026-03-02T12:00:00Z");
    Instant enrolled = Instant.parse("2026-03-02T15:30:00Z");
    DrawSchedule s = new DrawSchedule(infusion, enrolled, 28, LocalTime.of(6, 0), BERLIN);

    DrawSchedule.Draw baseline = s.draw(0);
    assertThat(baseline.kind()).isEqualTo(DrawSchedule.DrawKind.BASELINE);
    assertThat(baseline.dueAt()).isEqualTo(enrolled);
    assertThat(baseline.dayPostInfusion()).isZero();
    assertThat(baseline.cycleClosesAt()).isEqualTo(Instant.parse("2026-03-03T05:00:00Z"));

    DrawSchedule.Draw first = s.draw(1);
    assertThat(first.kind()).isEqualTo(DrawSchedule.DrawKind.DAILY);
    assertThat(first.dueAt()).isEqualTo(Instant.parse("2026-03-03T05:00:00Z")); // 06:00 CET
    assertThat(first.dayPostInfusion()).isZero(); // 17 h after infusion: still day 0
    assertThat(s.draw(2).dayPostInfusion()).isEqualTo(1);
  }

  @Test
  void enrollmentJustBeforeTheDrawTimeWaitsForTheNextDay() {
    Instant enrolled = Instant.parse("2026-03-03T04:50:00Z"); // 05:50 Berlin
    DrawSchedule s =
        new DrawSchedule(enrolled.minusSeconds(3600), enrolled, 28, LocalTime.of(6, 0), BERLIN);
    assertThat(s.draw(1).dueAt()).isEqualTo(Instant.parse("2026-03-04T05:00:00Z"));
  }

  @Test
  void keepsTheWardWallClockAcrossDaylightSaving() {
    // Berlin switches to CEST on 2026-03-29: 06:00 local moves from 05:00Z to 04:00Z
    Instant enrolled = Instant.parse("2026-03-27T10:00:00Z");
    DrawSchedule s =
        new DrawSchedule(enrolled.minusSeconds(86400), enrolled, 28, LocalTime.of(6, 0), BERLIN);
    assertThat(s.draw(1).dueAt()).isEqualTo(Instant.parse("2026-03-28T05:00:00Z"));
    assertThat(s.draw(2).dueAt()).isEqualTo(Instant.parse("2026-03-29T04:00:00Z"));
  }

  @Test
  void monitoringEndsAfterTheLastDayOfThePeriod() {
    Instant infusion = Instant.parse("2026-03-02T05:00:00Z"); // infused at 06:00 Berlin
    DrawSchedule s = new DrawSchedule(infusion, infusion, 3, LocalTime.of(6, 0), BERLIN);
    assertThat(s.draw(3).dayPostInfusion()).isEqualTo(3);
    assertThat(s.draw(3).monitoringComplete()).isFalse();
    assertThat(s.draw(4).dayPostInfusion()).isEqualTo(4);
    assertThat(s.draw(4).monitoringComplete()).isTrue();
  }

  @Test
  void dayPostInfusionIsTheFloorOfWholeDays() {
    Instant infusion = Instant.parse("2026-03-02T12:00:00Z");
    DrawSchedule s = new DrawSchedule(infusion, infusion, 28, LocalTime.of(6, 0), BERLIN);
    assertThat(s.dayPostInfusion(Instant.parse("2026-03-03T11:59:59Z"))).isZero();
    assertThat(s.dayPostInfusion(Instant.parse("2026-03-03T12:00:00Z"))).isEqualTo(1);
    assertThat(s.dayPostInfusion(Instant.parse("2026-03-02T11:00:00Z"))).isEqualTo(-1);
    assertThatThrownBy(() -> new DrawSchedule(infusion, infusion, 0, LocalTime.NOON, BERLIN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
