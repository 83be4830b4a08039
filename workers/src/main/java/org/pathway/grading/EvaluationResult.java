package org.pathway.grading;

import org.pathway.clinical.InputError;

import java.util.List;

/** The iec-evaluation/1 document: one evaluation per distinct time of the timeline. */
public record EvaluationResult(
    String schema,
    String patientId,
    String rulesVersion,
    List<Evaluation> evaluations,
    Dosing dosing,
    List<DoseCheck> doseChecks,
    CarHematotox carHematotox,
    List<InputError> errors) {

  /** A document that could not be evaluated: no evaluations, only the errors. */
  public static EvaluationResult rejected(String patientId, String rulesVersion, List<InputError> errors) {
    return new EvaluationResult(
        SCHEMA, patientId, rulesVersion, List.of(), null, List.of(), null, errors);
  }

  public static final String SCHEMA = "iec-evaluation/1";

  public boolean failed() {
    return !errors.isEmpty();
  }

  public record Evaluation(
      String at,
      long day,
      Syndrome crs,
      Icans icans,
      IecHs iecHs,
      CarHlh carHlh,
      Hlh2004 hlh2004,
      HScore hscore,
      Easix easix,
      Icaht icaht,
      TIcaht tIcaht) {}

  /** status: GRADED (grade 0-5), REVIEW (a clinician must decide) or NOT_ASSESSABLE. */
  public record Syndrome(String status, Integer grade, List<String> reasons) {}

  public record Icans(String status, Integer grade, String instrument, List<String> reasons) {}

  /** HLH-2004 (reference §7): criteria met of 8, fulfilled at 5; context only for IEC-HS. */
  public record Hlh2004(
      int criteriaMet, boolean fulfilled, List<String> criteria, List<String> notEvaluable) {}

  /**
   * HScore (reference §8): points per variable; a missing variable scores 0 and is listed. The
   * probability of reactive HLH always comes with its caveat: only the endpoints are verified.
   */
  public record HScore(
      int score,
      java.util.Map<String, Integer> points,
      List<String> notEvaluable,
      String probability,
      boolean probabilityVerified,
      String probabilityCaveat) {}

  /**
   * EASIX family (reference §10): continuous values to 4 decimals, no cut-off; null where an input
   * is missing.
   */
  public record Easix(
      java.math.BigDecimal easix, java.math.BigDecimal sEasix, java.math.BigDecimal mEasix) {}

  /**
   * Neutrophil ICAHT (reference §9.1 [M]): early grade from cumulative days D0–D30, late grade
   * after D+30 (null until two measurements); the day counts behind them. {@code censoredAtDay}:
   * the day of a progression or death after which no day is counted (§9.1), else null.
   */
  public record Icaht(
      Integer earlyGrade,
      Integer lateGrade,
      int daysAncSevere,
      int daysAncProfound,
      int earlyDaysWithoutAnc,
      Integer censoredAtDay) {}

  /**
   * Platelet T-ICAHT (reference §9.2 [V]): early D0–D30 and late D31–D100 grades, day counts, and
   * the day counting was censored at as for ICAHT.
   */
  public record TIcaht(
      Integer earlyGrade,
      Integer lateGrade,
      int daysBelowModerate,
      int daysBelowSevere,
      Integer censoredAtDay) {}

  /**
   * CARTOX carHLH (reference §6 [M]): met, the grade ≥3 organ toxicities found (bilirubin/AST/ALT
   * count as one criterion, creatinine/oliguria as one), the inputs of criteria not yet met that
   * could not be judged.
   */
  public record CarHlh(
      boolean met, List<String> organToxicities, List<String> notEvaluable, List<String> reasons) {}

  /**
   * CAR-HEMATOTOX before lymphodepletion (reference §9.3): 0-1 LOW, 2 or more HIGH; with markers
   * missing, the score counts those present: HIGH at 2 or more, else NOT_EVALUABLE.
   */
  public record CarHematotox(
      int score, String risk, java.util.Map<String, Integer> points, List<String> notEvaluable) {}

  /** Weight-based doses for this patient (reference §11.1). */
  public record Dosing(java.math.BigDecimal tocilizumabMgPerDose, List<String> reasons) {}

  /**
   * One check per proposed treatment: {@code allowed} null where the reference has no dose rules
   * for the drug; {@code reason} the first violation, {@code reasons} all of them.
   */
  public record DoseCheck(
      String at, String drug, Boolean allowed, String reason, List<String> reasons) {}

  /**
   * {@code findings}: the core flags that decide the suspicion; {@code contextFindings}: the other
   * manifestations of §5.1 that fired; {@code context}: notes that never decide it (reference §5).
   */
  public record IecHs(
      boolean suspected,
      List<String> findings,
      List<String> contextFindings,
      Integer grade,
      List<String> reasons,
      List<String> notEvaluable,
      List<String> context) {}
}
