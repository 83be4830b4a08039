package org.pathway.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The grading of exported timelines (iec-evaluation/1, what {@code ./pathway evaluate} writes)
 * compared with the trajectories' truth exported beside them: per day post-infusion the highest
 * CRS and ICANS grade the evaluations gave against the true highest grade of that day, and per
 * patient whether IEC-HS was suspected against whether the patient had it within the follow-up.
 * Days without an evaluation are not compared; a REVIEW or NOT_ASSESSABLE result counts as no grade.
 */
public final class TruthComparison {

  /** Two-by-two counts of a yes/no call against the truth. */
  public static final class Counts {
    public int truePositive;
    public int falseNegative;
    public int falsePositive;
    public int trueNegative;

    public void add(boolean truth, boolean called) {
      if (truth && called) {
        truePositive++;
      } else if (truth) {
        falseNegative++;
      } else if (called) {
        falsePositive++;
      } else {
        trueNegative++;
      }
    }

    public double sensitivity() {
      return ratio(truePositive, truePositive + falseNegative);
    }

    public double specificity() {
      return ratio(trueNegative, trueNegative + falsePositive);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "TP %d FN %d FP %d TN %d, sensitivity %s, specificity %s",
          truePositive, falseNegative, falsePositive, trueNegative, percent(sensitivity()), percent(specificity()));
    }
  }

  /** Day-level agreement of one graded syndrome. */
  public static final class Grades {
    public int days;
    public int exact;
    public int withinOne;
    /** Days the evaluations gave no grade (REVIEW, NOT_ASSESSABLE) though the syndrome was evaluated. */
    public int ungraded;
    public final Counts any = new Counts();
    public final Counts severe = new Counts();
    /** truth grade -> evaluated grade -> days */
    public final Map<Integer, Map<Integer, Integer>> confusion = new HashMap<>();

    void add(int truth, Integer evaluated) {
      days++;
      if (evaluated == null) {
        ungraded++;
      }
      int e = evaluated == null ? -1 : evaluated;
      if (e == truth) {
        exact++;
      }
      if (evaluated != null && Math.abs(e - truth) <= 1) {
        withinOne++;
      }
      any.add(truth >= 1, e >= 1);
      severe.add(truth >= 3, e >= 3);
      confusion.computeIfAbsent(truth, k -> new HashMap<>()).merge(e, 1, Integer::sum);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d patient-days: exact grade %s, within one grade %s, no grade %d;"
              + " any grade: sensitivity %s, specificity %s; grade 3 or more: sensitivity %s, specificity %s",
          days, percent(ratio(exact, days)), percent(ratio(withinOne, days)), ungraded,
          percent(any.sensitivity()), percent(any.specificity()),
          percent(severe.sensitivity()), percent(severe.specificity()));
    }
  }

  public final Grades crs = new Grades();
  public final Grades icans = new Grades();
  /** Patients: IEC-HS within the follow-up (truth) against any evaluation suspecting it. */
  public final Counts iecHs = new Counts();

  /** Adds one patient: {@code truth} as TimelineExport writes it, {@code evaluation} as evaluate does. */
  public void add(JsonNode truth, JsonNode evaluation) {
    Map<Long, Integer> crsByDay = new HashMap<>();
    Map<Long, Integer> icansByDay = new HashMap<>();
    Map<Long, Boolean> evaluatedCrs = new HashMap<>();
    Map<Long, Boolean> evaluatedIcans = new HashMap<>();
    boolean suspected = false;
    for (JsonNode e : evaluation.path("evaluations")) {
      long day = e.path("day").asLong();
      note(e.path("crs"), day, crsByDay, evaluatedCrs);
      note(e.path("icans"), day, icansByDay, evaluatedIcans);
      suspected |= e.path("iecHs").path("suspected").asBoolean(false);
    }
    for (JsonNode d : truth.path("days")) {
      long day = d.path("day").asLong();
      if (evaluatedCrs.containsKey(day)) {
        crs.add(d.path("crsGrade").asInt(), crsByDay.get(day));
      }
      if (evaluatedIcans.containsKey(day)) {
        icans.add(d.path("icansGrade").asInt(), icansByDay.get(day));
      }
    }
    iecHs.add(iecHsWithinFollowUp(truth), suspected);
  }

  /** Whether the patient had IEC-HS starting at least a day before the follow-up ended. */
  public static boolean iecHsWithinFollowUp(JsonNode truth) {
    JsonNode hs = truth.path("iecHs");
    return hs.isObject() && hs.path("onsetDay").asDouble() < truth.path("days").size() - 1;
  }

  private static void note(JsonNode syndrome, long day, Map<Long, Integer> grades, Map<Long, Boolean> evaluated) {
    if (syndrome.isMissingNode() || syndrome.isNull()) {
      return;
    }
    evaluated.put(day, true);
    if ("GRADED".equals(syndrome.path("status").asText()) && syndrome.path("grade").isNumber()) {
      grades.merge(day, syndrome.path("grade").asInt(), Math::max);
    }
  }

  static double ratio(int part, int whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }

  static String percent(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * value);
  }
}
