package org.pathway.model;

/** Ids of the pathway's models and the names the code shares with them (BPMN, DMN, forms). */
public final class PathwayModel {

  private PathwayModel() {}

  public static final String MONITORING_PROCESS_ID = "post-infusion-monitoring";
  public static final String IEC_HS_WORKUP_PROCESS_ID = "iec-hs-workup";
  public static final String CRS_MANAGEMENT_PROCESS_ID = "crs-management";
  public static final String ICANS_MANAGEMENT_PROCESS_ID = "icans-management";

  /** Job types: service tasks and user-task listeners. One worker class per type. */
  public static final class JobTypes {
    private JobTypes() {}

    public static final String PLAN_DAILY_DRAW = "plan-daily-draw";
    public static final String ASSEMBLE_LAB_FEATURES = "assemble-lab-features";
    public static final String RECORD_ASSESSMENT = "record-assessment";
    public static final String CHECK_DAY_RESULTS = "check-day-results";
    public static final String USER_TASK_CREATED = "user-task-created";
    public static final String USER_TASK_COMPLETING = "user-task-completing";
    public static final String USER_TASK_CANCELING = "user-task-canceling";
    public static final String OPEN_CARE_EPISODE = "open-care-episode";
    public static final String CLOSE_CARE_EPISODE = "close-care-episode";
    public static final String RECORD_NEURO_ASSESSMENT = "record-neuro-assessment";
    public static final String RECORD_VITALS = "record-vitals";
    public static final String ASSEMBLE_GRADING_INPUTS = "assemble-grading-inputs";
    public static final String ASSEMBLE_IEC_HS_COURSE = "assemble-iec-hs-course";
    public static final String RECORD_BONE_MARROW_FINDING = "record-bone-marrow-finding";
    public static final String NOTIFY_OPEN_IEC_HS_REVIEW = "notify-open-iec-hs-review";
    public static final String RECORD_ORGAN_FINDINGS = "record-organ-findings";
  }

  public static final class Messages {
    private Messages() {}

    public static final String LAB_RESULTS_RECEIVED = "lab-results-received";
    public static final String BEDSIDE_OBSERVATIONS_RECEIVED = "bedside-observations-received";
    public static final String IEC_HS_REASSESSMENT_REQUESTED = "iec-hs-reassessment-requested";
    /** The patient worsened while the physician's review of the suspicion is still open. */
    public static final String IEC_HS_WORSENED_DURING_REVIEW = "iec-hs-worsened-during-review";
  }

  /** Ids of user tasks the code looks for in the task projection. */
  public static final class UserTasks {
    private UserTasks() {}

    public static final String REVIEW_SUSPECTED_IEC_HS = "review-suspected-iec-hs";
    public static final String REVIEW_WORSENED_IEC_HS = "review-worsened-iec-hs";
  }

  public static final class Decisions {
    private Decisions() {}

    public static final String IEC_HS_SUSPICION = "iec-hs-suspicion";
    public static final String IEC_HS_GRADE = "iec-hs-grade";
    public static final String IEC_HS_RESPONSE = "iec-hs-response";
    public static final String IEC_HS_TREATMENT = "iec-hs-treatment";
    public static final String CRS_GRADE = "crs-grade";
    public static final String ICANS_GRADE = "icans-grade";
    public static final String CRS_MANAGEMENT = "crs-management";
    public static final String ICANS_MANAGEMENT = "icans-management";
    public static final String CRS_TREATMENT = "crs-treatment";
    public static final String ICANS_TREATMENT = "icans-treatment";
    public static final String TOCILIZUMAB_DOSE = "tocilizumab-dose";
    public static final String TOCILIZUMAB_DOSE_CHECK = "tocilizumab-dose-check";
    // graded by ./pathway evaluate and stored with every assessment
    public static final String IEC_HS_CONTEXT = "iec-hs-context";
    public static final String IEC_HS_CONTEXT_FINDINGS = "iec-hs-context-findings";
    public static final String HLH_2004 = "hlh-2004";
    public static final String HSCORE = "hscore";
    public static final String HSCORE_PROBABILITY = "hscore-probability";
    public static final String CAR_HLH = "car-hlh";
    public static final String ICAHT = "icaht";
    public static final String ICAHT_THRESHOLDS = "icaht-thresholds";
    public static final String CAR_HEMATOTOX = "car-hematotox";
  }

  public static final class CandidateGroups {
    private CandidateGroups() {}

    public static final String WARD_NURSES = "ward-nurses";
    public static final String PHYSICIANS = "physicians";
    public static final String ICU_TEAM = "icu-team";
  }

  /** Process variable names. */
  public static final class Vars {
    private Vars() {}

    public static final String PATIENT_ID = "patientId";
    public static final String WARD = "ward";
    public static final String INFUSION_AT = "infusionAt";
    public static final String ENROLLED_AT = "enrolledAt";
    public static final String MONITORING_DAYS = "monitoringDays";
    public static final String DAILY_DRAW_TIME = "dailyDrawTime";
    public static final String WARD_TIME_ZONE = "wardTimeZone";
    public static final String RESULTS_SLA = "resultsSla";
    public static final String THERAPY_CLASS = "therapyClass";
    public static final String AGE_YEARS = "ageYears";
    public static final String WEIGHT_KG = "weightKg";

    public static final String DRAW_INDEX = "drawIndex";
    public static final String DRAW_KIND = "drawKind";
    public static final String CYCLE_DAY = "cycleDay";
    public static final String DRAW_DUE_AT = "drawDueAt";
    public static final String CYCLE_CLOSES_AT = "cycleClosesAt";
    public static final String RESULTS_CHASE_DUE_AT = "resultsChaseDueAt";
    public static final String MONITORING_COMPLETE = "monitoringComplete";

    public static final String DAY_PANEL_COMPLETE = "dayPanelComplete";
    public static final String MISSING_ANALYTES_TEXT = "missingAnalytesText";
    public static final String REVIEW_NEEDED = "reviewNeeded";
    public static final String ASSESSMENT_DAY = "assessmentDay";

    public static final String FEATURES = org.pathway.clinical.DecisionInputs.FEATURES;
    public static final String LABS_SEEN = "labsSeen";
    public static final String LABS_AS_OF = "labsAsOf";
    public static final String UNASSESSED_RESULTS = "unassessedResults";
    public static final String IEC_HS_SUSPICION = "iecHsSuspicion";
    public static final String SUSPICION_SUMMARY = "suspicionSummary";
    public static final String REVIEW_DUE_AT = "reviewDueAt";
    /** An open review of the suspicion is told that the patient worsened (re-raise steps, new criteria). */
    public static final String WORSENED_WHILE_REVIEW_OPEN = "worsenedWhileReviewOpen";
    public static final String WORSENING_SUMMARY = "worseningSummary";
    /** The review's organ findings of carHLH (reference §6), recorded as timeline findings. */
    public static final String PULMONARY_EDEMA_GRADE_3_OR_MORE = "pulmonaryEdemaGrade3OrMore";
    public static final String OLIGURIA_GRADE_3_OR_MORE = "oliguriaGrade3OrMore";

    /** Local input of every user task, so a worklist can sort and filter by it. */
    public static final String DAY_POST_INFUSION = "dayPostInfusion";

    public static final String LAB_BATCH_ID = "labBatchId";

    /** Care episodes (IEC-HS work-up and treatment). */
    public static final String EPISODE_OPENED = "episodeOpened";
    public static final String EPISODE_STARTED_AT = "episodeStartedAt";
    public static final String EPISODE_OUTCOME = "episodeOutcome";
    public static final String PHYSICIAN_TASK_WITHIN = "physicianTaskWithin";
    public static final String GRADE_HISTORY = "gradeHistory";
    public static final String PREVIOUS_GRADE = "previousGrade";
    public static final String REASSESSMENT_INTERVAL = "reassessmentInterval";
    public static final String TREATMENT_LINE = "treatmentLine";
    public static final String TREATMENTS_ORDERED = "treatmentsOrdered";
    public static final String ICU_HANDOVERS = "icuHandovers";
    public static final String CLINICAL_RESPONSE = "clinicalResponse";
    public static final String CURRENT_FINDINGS = "currentFindings";
    public static final String IEC_HS_RESPONSE = "iecHsResponse";
    public static final String BEDSIDE_TASK_WITHIN = "bedsideTaskWithin";
    public static final String RESOLUTION_CONFIRMED = "resolutionConfirmed";
    public static final String REASSESSMENT_REQUEST_REASON = "reassessmentRequestReason";
    public static final String CRS_PLAN = "crsPlan";
    public static final String ICANS_PLAN = "icansPlan";

    /** Grading of bedside observations (CRS and ICANS). */
    public static final String CRS = org.pathway.clinical.DecisionInputs.CRS;
    public static final String ICANS = org.pathway.clinical.DecisionInputs.ICANS;
    public static final String CRS_GRADE = "crsGrade";
    public static final String ICANS_GRADE = "icansGrade";
    public static final String TOCILIZUMAB_HISTORY = "tocilizumabHistory";
    /** The pharmacy's rounding tolerance for an ordered tocilizumab dose (reference §11.1). */
    public static final String TOCILIZUMAB_ROUNDING_TOLERANCE_MG = "tocilizumabRoundingToleranceMg";
    /** Why the last tocilizumab order was refused, null when none was. */
    public static final String TOCILIZUMAB_ORDER_REFUSAL = "tocilizumabOrderRefusal";
    public static final String CRS_EPISODE_OPEN = "crsEpisodeOpen";
    public static final String ICANS_EPISODE_OPEN = "icansEpisodeOpen";
    public static final String OBSERVATIONS_SEEN = "observationsSeen";
    public static final String OBSERVATIONS_GRADED = "observationsGraded";
    public static final String CRS_REVIEW_OPEN = "crsReviewOpen";
  }
}
