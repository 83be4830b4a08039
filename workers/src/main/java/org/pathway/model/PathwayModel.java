package org.pathway.model;

/** Ids of the pathway's models and the names the code shares with them (BPMN, DMN, forms). */
public final class PathwayModel {

  private PathwayModel() {}

  public static final String MONITORING_PROCESS_ID = "post-infusion-monitoring";
  public static final String IEC_HS_WORKUP_PROCESS_ID = "iec-hs-workup";
  public static final String CRS_MANAGEMENT_PROCESS_ID = "crs-management";
  public static final String ICANS_MANAGEMENT_PROCESS_ID = "icans-management";
  /** The dosing cycle of a T-cell engager or checkpoint inhibitor (reference §12.1). */
  public static final String DOSING_CYCLE_PROCESS_ID = "tce-dosing-cycle";
  /** One urgent page of the on-call clinician, until acknowledged (started by page-requested). */
  public static final String URGENT_PAGE_PROCESS_ID = "urgent-page";

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
    public static final String PLAN_NEXT_DOSE = "plan-next-dose";
    public static final String ASSESS_DOSE_FITNESS = "assess-dose-fitness";
    public static final String RECORD_DOSE_GIVEN = "record-dose-given";
    public static final String ASSESS_HOME_READING = "assess-home-reading";
    /** The monitoring pathway's instance completed (its process end listener). */
    public static final String RECORD_MONITORING_ENDED = "record-monitoring-ended";
    /** A pathway step asks for an urgent page (a message throw event: page-requested). */
    public static final String REQUEST_PAGE = "request-page";
    public static final String LOOK_UP_ON_CALL = "look-up-on-call";
    public static final String SEND_PAGE = "send-page";
    public static final String REPORT_UNDELIVERED_PAGE = "report-undelivered-page";
    public static final String REPORT_UNANSWERED_PAGE = "report-unanswered-page";
  }

  public static final class Messages {
    private Messages() {}

    public static final String LAB_RESULTS_RECEIVED = "lab-results-received";
    public static final String BEDSIDE_OBSERVATIONS_RECEIVED = "bedside-observations-received";
    /** A home-monitoring reading stored (reference §12.1), named by homeReadingKey. */
    public static final String HOME_READING_RECEIVED = "home-reading-received";
    public static final String IEC_HS_REASSESSMENT_REQUESTED = "iec-hs-reassessment-requested";
    /** The patient worsened while the physician's review of the suspicion is still open. */
    public static final String IEC_HS_WORSENED_DURING_REVIEW = "iec-hs-worsened-during-review";
    /** Starts the dosing cycle of an enrolled patient; one active cycle per patient (correlation key). */
    public static final String DOSING_CYCLE_REQUESTED = "dosing-cycle-requested";
    /** A physician ends the patient's treatment (e.g. progression): the cycle stops at once. */
    public static final String DOSING_CYCLE_STOP_REQUESTED = "dosing-cycle-stop-requested";
    /** Starts bpmn/urgent-page.bpmn; its message id makes a request idempotent. */
    public static final String PAGE_REQUESTED = "page-requested";
    /** Correlated by the page id: someone acknowledged the page. */
    public static final String PAGE_ACKNOWLEDGED = "page-acknowledged";
  }

  /** Ids of user tasks the code looks for in the task projection. */
  public static final class UserTasks {
    private UserTasks() {}

    public static final String REVIEW_SUSPECTED_IEC_HS = "review-suspected-iec-hs";
    public static final String REVIEW_WORSENED_IEC_HS = "review-worsened-iec-hs";
    public static final String RECONTACT_PATIENT = "recontact-patient";
    // the compliance report's clinical intervals and daily-panel completeness
    public static final String ORDER_IEC_HS_TREATMENT = "order-iec-hs-treatment";
    public static final String ORDER_CRS_TREATMENT = "order-crs-treatment";
    public static final String REASSESS_IEC_HS = "reassess-iec-hs";
    public static final String DRAW_DAILY_LABS = "draw-daily-labs";
    public static final String CHASE_MISSING_LAB_RESULTS = "chase-missing-lab-results";
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
    public static final String TCE_DOSING_SCHEDULE = "tce-dosing-schedule";
    public static final String TCE_DOSE_ACTION = "tce-dose-action";
    public static final String TCE_DOSE_DELAY = "tce-dose-delay";
    /** Outpatient home-monitoring triggers (reference §12, §12.1). */
    public static final String HOME_MONITORING_TRIGGER = "home-monitoring-trigger";
    /** What pages the on-call clinician ([P] institutional policy, issue 14). */
    public static final String URGENT_PAGE = "urgent-page";
  }

  public static final class CandidateGroups {
    private CandidateGroups() {}

    public static final String WARD_NURSES = "ward-nurses";
    public static final String PHYSICIANS = "physicians";
    public static final String ICU_TEAM = "icu-team";

    public static final java.util.Set<String> ALL = java.util.Set.of(WARD_NURSES, PHYSICIANS, ICU_TEAM);
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
    public static final String LABS_READ = "labsRead";
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
    /** When each task of the IEC-HS work-up is due, from the episode's start. */
    public static final String INFECTION_WORKUP_DUE_AT = "infectionWorkupDueAt";
    public static final String RELAPSE_WORKUP_DUE_AT = "relapseWorkupDueAt";
    public static final String HLH_PANEL_DUE_AT = "hlhPanelDueAt";
    public static final String BONE_MARROW_DUE_AT = "boneMarrowDueAt";
    public static final String DRUG_REVIEW_DUE_AT = "drugReviewDueAt";
    public static final String ICANS_ASSESSMENT_DUE_AT = "icansAssessmentDueAt";
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
    /** What a nurse recorded, as stored in the timeline (RecordVitalsWorker, RecordNeuroAssessmentWorker). */
    public static final String VITALS = "vitals";
    public static final String NEURO_EXAM = "neuroExam";

    /** The dosing cycle (bpmn/tce-dosing-cycle.bpmn). */
    public static final String PRODUCT = "product";
    /** The product as the dosing tables name it (pathway.dosing.products), else the name as given. */
    public static final String PRODUCT_KEY = "productKey";
    public static final String LABEL_REGION = "labelRegion";
    public static final String UNVERIFIED_LABEL_ROWS = "unverifiedLabelRows";
    public static final String PERSISTENT_MODERATE_CRS_HOURS = "persistentModerateCrsHours";
    public static final String HOLD_RECHECK = "holdRecheck";
    /** The dose of the schedule to give next: 1 = step-up dose 1. */
    public static final String DOSE_STEP = "doseStep";
    /** A restarted or repeated dose is due at once, not on its schedule day. */
    public static final String DOSE_DUE_NOW = "doseDueNow";
    public static final String SCHEDULED_DOSE = "scheduledDose";
    public static final String PLANNED_DOSE = "plannedDose";
    public static final String LAST_DOSE_AT = "lastDoseAt";
    public static final String LAST_DOSE_STEP = "lastDoseStep";
    /** The CRS and ICANS course is read from here: the last dose, or a physician's restart. */
    public static final String COURSE_FROM = "courseFrom";
    public static final String COURSE_ASSESSED_AT = "courseAssessedAt";
    public static final String COURSE_SUMMARY = "courseSummary";
    public static final String DOSE_COURSE = "doseCourse";
    public static final String DOSE_DELAY = "doseDelay";
    public static final String DOSE_RECORDED = "doseRecorded";
    public static final String MONITOR_UNTIL = "monitorUntil";
    public static final String PREMEDICATE_NEXT_DOSE = "premedicateNextDose";
    public static final String MONITOR_HOURS_NEXT_DOSE = "monitorHoursNextDose";
    public static final String DOSING_STOP_REASON = "dosingStopReason";
    /** Home monitoring (reference §12.1): which stored reading, its decision inputs and result. */
    public static final String HOME_READING_KEY = "homeReadingKey";
    public static final String HOME_READING = "homeReading";
    public static final String HOME_MONITORING = "homeMonitoring";
    /** The reading as the nurse reads it, and the recontact task's due time (ISO-8601). */
    public static final String HOME_READING_SUMMARY = "homeReadingSummary";
    public static final String RECONTACT_DUE_AT = "recontactDueAt";
    /** Urgent paging (bpmn/urgent-page.bpmn): what a requesting step gives, what the page carries. */
    public static final String PAGE_ID = "pageId";
    /** CRS_GRADE, ICANS_GRADE, IEC_HS_GRADE, IEC_HS_SUSPECTED, PHYSICIAN_REVIEW_OVERDUE, HOME_MONITORING_TRIGGER. */
    public static final String PAGE_EVENT = "pageEvent";
    public static final String GRADE = "grade";
    public static final String WHAT_HAPPENED = "whatHappened";
    public static final String PATIENT_LINK = "patientLink";
    public static final String REQUESTED_AT = "requestedAt";
    public static final String PAGE_DECISION = "pageDecision";
    public static final String ON_CALL_CHAIN = "onCallChain";
    /** 1-based place in the chain of the person paged now. */
    public static final String CHAIN_LEVEL = "chainLevel";
    /** 1 for the first page of that person, then each re-page. */
    public static final String PAGE_ROUND = "pageRound";
    public static final String REPAGE_EVERY = "repageEvery";
    public static final String REPEATS_BEFORE_ESCALATION = "repeatsBeforeEscalation";
    public static final String ACKNOWLEDGED_BY = "acknowledgedBy";
    public static final String ACKNOWLEDGED_AT = "acknowledgedAt";
  }

  /**
   * Keys of form fields the workers read (a completed form's fields become process variables under
   * these names). FormContractTest checks the options behind them.
   */
  public static final class FormKeys {
    private FormKeys() {}

    // forms/record-vitals.form
    public static final String TEMPERATURE_C = "temperatureC";
    public static final String FEVER_ATTRIBUTED_TO_OTHER_CAUSE = "feverAttributedToOtherCause";
    public static final String HYPOTENSION = "hypotension";
    public static final String VASOPRESSORS = "vasopressors";
    public static final String OXYGEN_DEVICE = "oxygenDevice";
    public static final String OXYGEN_FLOW_LPM = "oxygenFlowLpm";
    public static final String VENTILATION_REASON = "ventilationReason";

    // forms/assess-icans.form (the CAPD items are NeuroScores.CAPD_ITEMS)
    public static final String NEURO_INSTRUMENT = "neuroInstrument";
    public static final String ICE_ORIENTATION = "iceOrientation";
    public static final String ICE_NAMING = "iceNaming";
    public static final String ICE_COMMANDS = "iceCommands";
    public static final String ICE_WRITING = "iceWriting";
    public static final String ICE_ATTENTION = "iceAttention";
    /** Shown on the form, written by the worker from the items. */
    public static final String ICE_SCORE = "iceScore";
    public static final String CAPD_SCORE = "capdScore";
    public static final String GLOBAL_APHASIA = "globalAphasia";
    public static final String CONSCIOUSNESS = "consciousness";
    public static final String SEIZURE = "seizure";
    public static final String DEEP_FOCAL_MOTOR_WEAKNESS = "deepFocalMotorWeakness";
    public static final String CEREBRAL_EDEMA = "cerebralEdema";
    public static final String RAISED_ICP_SIGNS = "raisedIcpSigns";

    // forms/review-suspected-iec-hs.form and reassess-iec-hs.form
    public static final String REVIEW_DECISION = "reviewDecision";
    public static final String REVIEW_REASON = "reviewReason";
    public static final String ALTERNATIVE_CAUSE = "alternativeCause";
    public static final String COURSE_DEATH = "courseDeath";
    public static final String COURSE_LIFE_THREATENING = "courseLifeThreatening";
    public static final String COURSE_SEVERE = "courseSevere";
    public static final String COURSE_INTERVENTION = "courseIntervention";

    // forms/review-late-onset-crs.form
    public static final String LATE_ONSET_ASSESSMENT = "lateOnsetAssessment";
    public static final String LATE_ONSET_NOTE = "lateOnsetNote";

    // the IEC-HS work-up forms (record-*.form): an outcome and its details each
    public static final String INFECTION_WORKUP_OUTCOME = "infectionWorkupOutcome";
    public static final String INFECTION_WORKUP_DETAILS = "infectionWorkupDetails";
    public static final String RELAPSE_WORKUP_OUTCOME = "relapseWorkupOutcome";
    public static final String RELAPSE_WORKUP_DETAILS = "relapseWorkupDetails";
    public static final String HLH_PANEL_OUTCOME = "hlhPanelOutcome";
    public static final String HLH_PANEL_DETAILS = "hlhPanelDetails";
    public static final String BONE_MARROW_OUTCOME = "boneMarrowOutcome";
    public static final String BONE_MARROW_DETAILS = "boneMarrowDetails";
    public static final String DRUG_REVIEW_OUTCOME = "drugReviewOutcome";
    public static final String DRUG_REVIEW_DETAILS = "drugReviewDetails";

    // forms/plan-next-dose.form
    public static final String PLAN_DECISION = "planDecision";
    public static final String PLANNED_DOSE_MG = "plannedDoseMg";
    public static final String PLANNED_DAYS_AFTER_PREVIOUS = "plannedDaysAfterPrevious";
    public static final String PLAN_PRETREATMENT = "planPretreatment";
    public static final String PLAN_MONITORING_HOURS = "planMonitoringHours";

    // forms/give-dose.form
    /** New fever, hypotension, breathing difficulty or confusion the nurse sees before the dose. */
    public static final String NEW_SYMPTOMS = "newSymptoms";
    public static final String ACTIVE_INFECTION = "activeInfection";
    public static final String DOSE_GIVEN = "doseGiven";
    public static final String DOSE_NOT_GIVEN_REASON = "doseNotGivenReason";
    public static final String PRETREATMENT_STEROID = "pretreatmentSteroid";
    public static final String PRETREATMENT_STEROID_MG = "pretreatmentSteroidMg";

    // forms/decide-next-dose.form and decide-rechallenge.form: audited with the task's completion
    public static final String DOSING_DECISION = "dosingDecision";
    public static final String DOSING_DECISION_REASON = "dosingDecisionReason";
    public static final String RECHALLENGE_DECISION = "rechallengeDecision";
    public static final String RECHALLENGE_REASON = "rechallengeReason";
    public static final String PATIENT_GOALS = "patientGoals";
    public static final String RECHALLENGE_RISKS = "rechallengeRisks";

    // forms/recontact-patient.form (reference §12.1): audited with the task's completion
    public static final String RECONTACT_OUTCOME = "recontactOutcome";
    public static final String RECONTACT_NOTE = "recontactNote";
  }
}
