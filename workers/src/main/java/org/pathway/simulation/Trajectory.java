package org.pathway.simulation;

/**
 * A patient's ground truth: what the simulated patient really has, day by day after infusion
 * (fractional days), from which the ward's observations are generated and against which the
 * pathway's grading is compared.
 *
 * @param crs the CRS episode, or null when the patient has none
 * @param icans the ICANS episode, or null
 * @param iecHs the IEC-HS episode, or null
 * @param ferritinPeak the highest ferritin the inflammation reaches (ng/mL)
 */
public record Trajectory(Episode crs, Episode icans, IecHs iecHs, double ferritinPeak) {

  /**
   * One episode of a graded syndrome: it starts at grade 1, stays at its peak grade from
   * {@link #peakDay()} and steps back to grade 1 for its last part before it resolves.
   */
  public record Episode(double onsetDay, int peakGrade, double durationDays) {

    public Episode {
      if (peakGrade < 1 || peakGrade > 4 || durationDays <= 0) {
        throw new IllegalArgumentException("an episode has a peak grade 1-4 and a duration");
      }
    }

    /** The time from onset to the peak grade (none for a grade 1 episode). */
    double rise() {
      return peakGrade == 1 ? 0 : Math.min(0.5, durationDays / 4);
    }

    /** The last stretch at grade 1 while resolving. */
    double resolving() {
      return peakGrade == 1 ? 0 : Math.min(1.0, durationDays / 4);
    }

    public double peakDay() {
      return onsetDay + rise();
    }

    public double endDay() {
      return onsetDay + durationDays;
    }

    public boolean activeAt(double day) {
      return day >= onsetDay && day < endDay();
    }

    public int gradeAt(double day) {
      if (!activeAt(day)) {
        return 0;
      }
      return day >= peakDay() && day < endDay() - resolving() ? peakGrade : 1;
    }

    /** The highest grade within [from, to). */
    public int maxGrade(double from, double to) {
      if (to <= onsetDay || from >= endDay()) {
        return 0;
      }
      boolean reachesPeak = to > peakDay() && from < endDay() - resolving();
      return reachesPeak ? peakGrade : 1;
    }
  }

  /**
   * The IEC-HS picture and which of its findings this patient shows (reference §5 lists how often
   * each occurs among the cases).
   */
  public record IecHs(
      double onsetDay,
      double durationDays,
      boolean cytopenias,
      boolean fever,
      boolean ldhHigh,
      boolean hypofibrinogenemia,
      boolean hypertriglyceridemia,
      boolean transaminaseElevation,
      boolean renalInsufficiency,
      boolean hyperbilirubinemia) {

    public boolean activeAt(double day) {
      return day >= onsetDay && day < onsetDay + durationDays;
    }

    public double endDay() {
      return onsetDay + durationDays;
    }
  }

  public int crsGradeAt(double day) {
    return crs == null ? 0 : crs.gradeAt(day);
  }

  public int icansGradeAt(double day) {
    return icans == null ? 0 : icans.gradeAt(day);
  }

  public boolean iecHsAt(double day) {
    return iecHs != null && iecHs.activeAt(day);
  }

  /** Truth for day-post-infusion {@code day}: the highest grades and whether IEC-HS is present. */
  public DayTruth day(int day) {
    return new DayTruth(
        day,
        crs == null ? 0 : crs.maxGrade(day, day + 1),
        icans == null ? 0 : icans.maxGrade(day, day + 1),
        iecHs != null && day + 1 > iecHs.onsetDay() && day < iecHs.endDay());
  }

  public record DayTruth(int day, int crsGrade, int icansGrade, boolean iecHs) {}
}
