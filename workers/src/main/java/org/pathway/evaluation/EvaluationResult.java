package org.pathway.evaluation;

import java.util.List;

/** The iec-evaluation/1 document: one evaluation per distinct time of the timeline. */
public record EvaluationResult(
    String schema,
    String patientId,
    String rulesVersion,
    List<Evaluation> evaluations,
    List<InputError> errors) {

  public static final String SCHEMA = "iec-evaluation/1";

  public boolean failed() {
    return !errors.isEmpty();
  }

  public record Evaluation(String at, long day, Syndrome crs, Icans icans, IecHs iecHs) {}

  /** status: GRADED (grade 0-5), REVIEW (a clinician must decide) or NOT_ASSESSABLE. */
  public record Syndrome(String status, Integer grade, List<String> reasons) {}

  public record Icans(String status, Integer grade, String instrument, List<String> reasons) {}

  public record IecHs(
      boolean suspected,
      List<String> findings,
      Integer grade,
      List<String> reasons,
      List<String> notEvaluable) {}
}
