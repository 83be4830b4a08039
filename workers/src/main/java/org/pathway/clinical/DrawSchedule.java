package org.pathway.clinical;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The daily-labs schedule: draw 0 is the baseline at enrollment; draw k (k ≥ 1) is at the ward's
 * draw time on the k-th ward calendar day after the enrollment day. Draws continue while their day
 * post-infusion is within the monitoring period. Each draw's cycle closes when the next draw is due.
 */
public final class DrawSchedule {

  public enum DrawKind {
    BASELINE,
    DAILY
  }

  /** One planned draw. {@code monitoringComplete} means there is no draw left to make. */
  public record Draw(
      int index,
      DrawKind kind,
      Instant dueAt,
      long dayPostInfusion,
      Instant cycleClosesAt,
      boolean monitoringComplete) {}

  private final Instant infusionAt;
  private final Instant enrolledAt;
  private final int monitoringDays;
  private final LocalTime drawTime;
  private final ZoneId wardZone;

  public DrawSchedule(
      Instant infusionAt,
      Instant enrolledAt,
      int monitoringDays,
      LocalTime drawTime,
      ZoneId wardZone) {
    if (monitoringDays < 1) {
      throw new IllegalArgumentException("monitoringDays must be at least 1");
    }
    this.infusionAt = infusionAt;
    this.enrolledAt = enrolledAt;
    this.monitoringDays = monitoringDays;
    this.drawTime = drawTime;
    this.wardZone = wardZone;
  }

  public Draw draw(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("draw index must not be negative");
    }
    Instant dueAt = dueAt(index);
    long day = dayPostInfusion(dueAt);
    boolean complete = index > 0 && day > monitoringDays;
    return new Draw(
        index,
        index == 0 ? DrawKind.BASELINE : DrawKind.DAILY,
        dueAt,
        day,
        dueAt(index + 1),
        complete);
  }

  public long dayPostInfusion(Instant at) {
    return Patient.dayPostInfusion(infusionAt, at);
  }

  private Instant dueAt(int index) {
    if (index == 0) {
      return enrolledAt;
    }
    ZonedDateTime enrolledLocal = enrolledAt.atZone(wardZone);
    // plusDays on the local date keeps the ward's wall-clock time across DST changes
    return enrolledLocal.toLocalDate().plusDays(index).atTime(drawTime).atZone(wardZone).toInstant();
  }
}
