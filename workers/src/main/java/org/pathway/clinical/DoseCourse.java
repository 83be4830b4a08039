package org.pathway.clinical;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The CRS and ICANS course a dosing decision reads (reference §12, §12.1), from the grades the one
 * grading path gave at each time point: the grade now, the highest grade since the last dose (the
 * grade in effect when the dose was given counts), how long the longest grade 3+ and grade 2+ runs
 * that reached into that window lasted, and how many CRS events (runs of grade 1 or more between
 * grade-0 points) since treatment started reached grade 3 or more and grade 2 or more (recurrence).
 * A grade a clinician must give (status REVIEW) leaves the grade now unknown and is skipped in peaks
 * and runs; times without the observations to grade (no vitals, no neuro exam) are not points.
 */
public record DoseCourse(
    Integer crsGradeNow,
    int crsPeakSinceLastDose,
    BigDecimal crsGrade3Hours,
    int crsGrade3Events,
    BigDecimal crsGrade2Hours,
    int crsGrade2Events,
    int icansPeakSinceLastDose,
    List<String> summary) {

  /** A grade at one time; null when a clinician must give it. */
  public record Point(Instant at, Integer grade) {}

  /**
   * @param crsPoints the CRS grades in time order
   * @param icansPoints the ICANS grades in time order
   * @param from the last dose, or a physician's restart after it
   * @param now the time of the decision (points after it are ignored)
   */
  public static DoseCourse of(List<Point> crsPoints, List<Point> icansPoints, Instant from, Instant now) {
    List<Point> crs = upTo(crsPoints, now);
    List<Point> icans = upTo(icansPoints, now);
    List<Run> events = runsOf(crs, 1, now);
    return new DoseCourse(
        crs.isEmpty() ? Integer.valueOf(0) : crs.getLast().grade(),
        peakSince(crs, from),
        longest(runsOf(crs, 3, now), from),
        (int) events.stream().filter(r -> r.peak >= 3).count(),
        longest(runsOf(crs, 2, now), from),
        (int) events.stream().filter(r -> r.peak >= 2).count(),
        peakSince(icans, from),
        summary(events, crs.isEmpty(), icans));
  }

  private static List<Point> upTo(List<Point> points, Instant now) {
    return points.stream().filter(p -> !p.at().isAfter(now)).toList();
  }

  /** A stretch at or above a grade: from its first point to the first point below it (or now). */
  private record Run(Instant start, Instant end, int peak, boolean ongoing) {}

  /** The highest grade at or after {@code from}, with the grade in effect at {@code from}. */
  private static int peakSince(List<Point> points, Instant from) {
    int peak = 0;
    Integer inEffect = null;
    for (Point p : points) {
      Integer g = p.grade();
      if (g == null) {
        continue;
      }
      if (p.at().isBefore(from)) {
        inEffect = g;
      } else {
        peak = Math.max(peak, g);
      }
    }
    return inEffect == null ? peak : Math.max(peak, inEffect);
  }

  /** Runs at or above a grade; runs of grade 1 or more are the CRS events. */
  private static List<Run> runsOf(List<Point> points, int atLeast, Instant now) {
    List<Run> runs = new ArrayList<>();
    Instant start = null;
    int peak = 0;
    for (Point p : points) {
      Integer g = p.grade();
      if (g == null) {
        continue;
      }
      if (g >= atLeast) {
        if (start == null) {
          start = p.at();
          peak = g;
        }
        peak = Math.max(peak, g);
      } else if (start != null) {
        runs.add(new Run(start, p.at(), peak, false));
        start = null;
      }
    }
    if (start != null) {
      runs.add(new Run(start, now, peak, true));
    }
    return runs;
  }

  /** The longest run that had not ended before {@code from}, in hours (2 decimals). */
  private static BigDecimal longest(List<Run> runs, Instant from) {
    Duration longest =
        runs.stream()
            .filter(r -> r.end.isAfter(from))
            .map(r -> Duration.between(r.start, r.end))
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    return BigDecimal.valueOf(longest.toMinutes()).divide(BigDecimal.valueOf(60), 2, RoundingMode.DOWN);
  }

  /** What the physician reads: each CRS event with its peak and times, and the ICANS peak. */
  private static List<String> summary(List<Run> crs, boolean noVitals, List<Point> icans) {
    List<String> lines = new ArrayList<>();
    if (noVitals) {
      lines.add("no vitals recorded since treatment started");
    }
    for (Run r : crs) {
      lines.add("CRS up to grade " + r.peak + " from " + r.start
          + (r.ongoing ? ", ongoing" : " to " + r.end)
          + " (" + Duration.between(r.start, r.end).toHours() + " h)");
    }
    int icansPeak = icans.stream().map(Point::grade).filter(Objects::nonNull).mapToInt(i -> i).max().orElse(0);
    if (icansPeak > 0) {
      lines.add("ICANS up to grade " + icansPeak);
    }
    if (lines.isEmpty()) {
      lines.add("no CRS or ICANS since treatment started");
    }
    return List.copyOf(lines);
  }
}
