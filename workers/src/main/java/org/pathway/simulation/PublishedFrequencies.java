package org.pathway.simulation;

/**
 * Every frequency the cohort model takes from the clinical reference
 * (/work/shared/clinical/reference.md), each with the section and verification tag next to it.
 * Nothing here is estimated: a product or syndrome the reference gives no number for is a
 * {@link SimulationParameters} value instead, labelled as not from the reference.
 */
public final class PublishedFrequencies {

  private PublishedFrequencies() {}

  // --- Teclistamab CRS (MajesTEC-1, ASTCT-graded), reference §12 [V] ----------------------------

  /** §12 [V]: "72.1% any grade". */
  public static final double TECLISTAMAB_CRS_ANY = 0.721;

  /** §12 [V]: "mostly G1 50.3%". */
  public static final double TECLISTAMAB_CRS_G1 = 0.503;

  /** §12 [V]: "G2 21.2%". */
  public static final double TECLISTAMAB_CRS_G2 = 0.212;

  /**
   * §12 [V]: "one G3" — the reference gives no denominator, so the G3 share is what is left of
   * the any-grade figure after G1 and G2 (72.1 − 50.3 − 21.2 = 0.6%); no G4 is reported.
   */
  public static final double TECLISTAMAB_CRS_G3 = TECLISTAMAB_CRS_ANY - TECLISTAMAB_CRS_G1 - TECLISTAMAB_CRS_G2;

  public static final GradeDistribution TECLISTAMAB_CRS =
      new GradeDistribution(TECLISTAMAB_CRS_G1, TECLISTAMAB_CRS_G2, TECLISTAMAB_CRS_G3, 0);

  // --- IEC-HS after BCMA CAR T (US MM Immunotherapy Consortium, ASH 2025), reference §5 [V] ------

  /** §5 [V]: "incidence 4.9% ... of 1,502 MM patients" (BCMA CAR T). */
  public static final double BCMA_CAR_T_IEC_HS = 0.049;

  /** §5 [V]: "ide-cel 2.9%". */
  public static final double IDE_CEL_IEC_HS = 0.029;

  /** §5 [V]: "cilta-cel 6.7%". */
  public static final double CILTA_CEL_IEC_HS = 0.067;

  /** §5 [V]: "median onset D+9.5". */
  public static final double IEC_HS_ONSET_MEDIAN_DAY = 9.5;

  /** §5 [V]: onset "range 2–37" days. */
  public static final double IEC_HS_ONSET_MIN_DAY = 2;

  public static final double IEC_HS_ONSET_MAX_DAY = 37;

  /** §5 [V]: "median 4 days (IQR 1–6) after peak CRS". */
  public static final double IEC_HS_AFTER_CRS_PEAK_MEDIAN_DAYS = 4;

  public static final double IEC_HS_AFTER_CRS_PEAK_Q1_DAYS = 1;

  public static final double IEC_HS_AFTER_CRS_PEAK_Q3_DAYS = 6;

  // §5 [V]: clinical findings among the IEC-HS cases (the ward's labs and vitals show them)

  /** §5 [V]: "cytopenias 95%". */
  public static final double IEC_HS_CYTOPENIAS = 0.95;

  /** §5 [V]: "fever 76%". */
  public static final double IEC_HS_FEVER = 0.76;

  /** §5 [V]: "elevated LDH 71% (median 1,800 U/L)". */
  public static final double IEC_HS_LDH_HIGH = 0.71;

  public static final double IEC_HS_LDH_MEDIAN_U_PER_L = 1800;

  /** §5 [V]: "hypofibrinogenemia 70%". */
  public static final double IEC_HS_HYPOFIBRINOGENEMIA = 0.70;

  /** §5 [V]: "hypertriglyceridemia 65%". */
  public static final double IEC_HS_HYPERTRIGLYCERIDEMIA = 0.65;

  /** §5 [V]: "ICANS 63%". */
  public static final double IEC_HS_ICANS = 0.63;

  /** §5 [V]: "transaminase elevation 56%". */
  public static final double IEC_HS_TRANSAMINASE_ELEVATION = 0.56;

  /** §5 [V]: "renal insufficiency 29%". */
  public static final double IEC_HS_RENAL_INSUFFICIENCY = 0.29;

  /** §5 [V]: "hyperbilirubinemia 22%". */
  public static final double IEC_HS_HYPERBILIRUBINEMIA = 0.22;

  /**
   * §5 [V] companion abstract: post-CAR-T ferritin 7,470 ng/mL discriminated provider-diagnosed
   * IEC-HS with sensitivity 0.904 and specificity 0.934 — so 90.4% of IEC-HS cases reach it and
   * 6.6% of the others do.
   */
  public static final double IEC_HS_FERRITIN_DISCRIMINATOR_NG_PER_ML = 7470;

  public static final double IEC_HS_FERRITIN_ABOVE_DISCRIMINATOR = 0.904;

  public static final double NO_IEC_HS_FERRITIN_ABOVE_DISCRIMINATOR = 1 - 0.934;

  // --- Timing of CRS after CD19 CAR T, reference §3.3 [V] -------------------------------------

  /**
   * §3.3 [V] (real-world, 475 patients): new-onset CRS after D+14 "0%" for axi-cel/tisa-cel/
   * liso-cel, so no simulated CD19 CAR T patient starts CRS after this day.
   */
  public static final int CD19_CAR_T_LATEST_CRS_ONSET_DAY = 14;

  // --- Reference ranges of the reporting lab, reference §14 (the synthetic test cases' ranges) ---

  /** §14: "ferritin ULN 300 ng/mL". */
  public static final double FERRITIN_ULN = 300;

  /** §14: "ALT/AST ULN 40 U/L". */
  public static final double TRANSAMINASE_ULN = 40;

  /** §14: "bilirubin ULN 1.2 mg/dL". */
  public static final double BILIRUBIN_ULN = 1.2;

  /** §14: "LDH ULN 250 U/L". */
  public static final double LDH_ULN = 250;

  /** §14: "fibrinogen LLN 200 mg/dL". */
  public static final double FIBRINOGEN_LLN = 200;

  /** §14: "TG ULN 150 mg/dL". */
  public static final double TRIGLYCERIDES_ULN = 150;
}
