package org.pathway.simulation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.pathway.clinical.Timeline;

/**
 * What the simulated staff enter on a task's Camunda Form, field by field as form-js submits it.
 * Nurses record what the patient shows at that moment (the trajectory, through the same vitals and
 * neuro-exam generator as the ward's rounds); physicians decide as a clinician who knows the
 * patient's true course would, so that the pathway, not the physician, is what the simulation
 * tests. The draw task is the ward's ({@link WardSimulation}), which also delivers its results.
 */
final class StaffAnswers {

  /**
   * The simulated physician's tocilizumab order for an adult (≥30 kg): 8 mg/kg, at most 800 mg
   * per infusion (reference §11.1, the dose the pathway's tocilizumab-dose check accepts).
   */
  static final BigDecimal TOCILIZUMAB_MG_PER_KG = BigDecimal.valueOf(8);

  static final BigDecimal TOCILIZUMAB_MAX_MG = BigDecimal.valueOf(800);

  /** The simulated nurse's dexamethasone pretreatment (mg): what the ward gives, not a rule. */
  static final int PRETREATMENT_DEXAMETHASONE_MG = 16;

  /**
   * Teclistamab: pretreatment before each step-up dose (reference §12.1), i.e. the first two doses
   * of the cycle; after those the nurse gives it when the pathway asks again (after grade 2 CRS).
   */
  static final int STEP_UP_DOSES = 2;

  private StaffAnswers() {}

  /**
   * The form's fields for a task that became due on a patient, answered at {@code at}; empty when
   * the simulated ward has no answer for the form (the task is then left open and reported).
   *
   * @param dosesGiven doses of the patient's dosing cycle given so far
   */
  static Map<String, Object> answer(
      String formId, String elementId, SimulatedPatient p, Instant at, int dosesGiven, RandomGenerator random) {
    Trajectory t = p.trajectory();
    double day = WardObservations.day(p.patient().infusionAt(), at);
    int crs = t.crsGradeAt(day);
    int icans = t.icansGradeAt(day);
    boolean iecHs = iecHsAround(t, day);
    Map<String, Object> a = new HashMap<>();
    switch (formId) {
      case "record-vitals" -> vitals(a, WardObservations.vitals(at, crs, t.iecHs() != null && t.iecHs().fever() && t.iecHsAt(day), random));
      case "assess-icans" -> neuro(a, WardObservations.neuro(at, icans, random));
      case "chase-missing-lab-results" -> a.put("chaseOutcome", "RESULTS_PENDING_AT_LAB");
      case "confirm-resolution" -> {
        boolean active = elementId.contains("icans") ? icans > 0 : crs > 0;
        a.put("resolutionConfirmed", active ? "NOT_RESOLVED" : "RESOLVED");
        a.put("resolutionNote", active ? "still symptomatic on the simulated ward round" : "no symptoms on the ward round");
      }
      case "icu-handover" -> {
        a.put("icuHandoverOutcome", "ADMITTED");
        a.put("icuHandoverNote", "handed over to the ICU team (simulated)");
      }
      case "order-crs-treatment" -> order(a, crs >= 2, "TOCILIZUMAB", p);
      case "order-icans-treatment" -> order(a, icans >= 2, "DEXAMETHASONE", p);
      case "order-iec-hs-treatment" -> {
        a.put("treatmentOrdered", List.of("ANAKINRA"));
        a.put("treatmentOrderDetails", "anakinra (simulated order)");
      }
      case "review-suspected-iec-hs" -> {
        if (iecHs) {
          a.put("reviewDecision", "CONFIRMED");
          a.put("courseIntervention", true);
        } else if (crs > 0) {
          a.put("reviewDecision", "ALTERNATIVE_CAUSE");
          a.put("alternativeCause", "CRS");
        } else {
          a.put("reviewDecision", "REFUTED");
        }
        a.put("reviewReason", "simulated physician: decided on the patient's true course");
      }
      case "review-worsened-iec-hs" -> a.put("worseningNote", "seen, reviewing the suspicion now (simulated)");
      case "review-ungraded-crs" -> {
        a.put("crsReviewDecision", crs > 0 ? "CRS" : "NOT_CRS");
        if (crs > 0) {
          a.put("physicianCrsGrade", String.valueOf(crs));
        }
        a.put("crsReviewReason", "simulated physician at the bedside");
      }
      case "review-late-onset-crs" -> {
        a.put("lateOnsetAssessment", iecHs ? "IEC_HS_SUSPECTED" : crs > 0 ? "CRS" : "OTHER");
        a.put("lateOnsetNote", "simulated physician review");
      }
      case "reassess-iec-hs" -> {
        a.put("clinicalResponse", !t.iecHsAt(day) ? "RESOLVED" : day > t.iecHs().onsetDay() + 2 ? "IMPROVING" : "NOT_IMPROVING");
        a.put("courseIntervention", true);
        a.put("reassessmentNote", "simulated reassessment");
      }
      case "record-infection-workup" -> workup(a, "infectionWorkupOutcome", "infectionWorkupDetails");
      case "record-relapse-workup" -> workup(a, "relapseWorkupOutcome", "relapseWorkupDetails");
      case "record-drug-tma-dic-review" -> workup(a, "drugReviewOutcome", "drugReviewDetails");
      case "record-hlh-panel" -> {
        a.put("hlhPanelOutcome", "SENT");
        a.put("hlhPanelDrawn", List.of("FERRITIN", "FIBRINOGEN", "TRIGLYCERIDES", "LDH", "AST_ALT", "CBC_DIFF"));
        a.put("hlhPanelDetails", "sent to the lab (simulated)");
      }
      case "record-bone-marrow-evaluation" -> {
        a.put("boneMarrowOutcome", t.iecHs() != null ? "HEMOPHAGOCYTOSIS" : "NO_FINDING");
        a.put("boneMarrowDetails", "simulated marrow report");
      }
      case "recontact-patient" -> {
        a.put("recontactOutcome", "MANAGED_AT_HOME");
        a.put("recontactNote", "advised by phone (simulated)");
      }
      case "give-dose" -> {
        a.put("newSymptoms", crs > 0 || icans > 0 ? "YES" : "NO");
        if (crs == 0 && icans == 0) {
          a.put("activeInfection", "NO");
          a.put("doseGiven", "GIVEN");
          boolean pretreat = dosesGiven < STEP_UP_DOSES || t.crs() != null && t.crs().peakGrade() >= 2 && day > t.crs().endDay();
          a.put("pretreatmentSteroid", pretreat ? "DEXAMETHASONE" : "NONE");
          if (pretreat) {
            a.put("pretreatmentSteroidMg", PRETREATMENT_DEXAMETHASONE_MG);
          }
        }
      }
      case "decide-next-dose" -> {
        a.put("dosingDecision", crs > 0 || icans > 0 ? "HOLD" : "GIVE");
        if (crs > 0 || icans > 0) {
          a.put("recheckInHours", 24);
        }
        a.put("dosingDecisionReason", "simulated physician decision");
      }
      case "plan-next-dose" -> {
        // only for products without verified label rows, which the cohort model does not give
        a.put("planDecision", "DISCONTINUE");
        a.put("planNote", "simulated physician: no label schedule for this product at hand");
      }
      case "decide-rechallenge" -> {
        a.put("patientGoals", "simulated patient: wishes to continue if safe");
        a.put("rechallengeRisks", "recurrent CRS");
        a.put("rechallengeDecision", "DISCONTINUE");
        a.put("rechallengeReason", "simulated physician: severe CRS, label row");
      }
      default -> { }
    }
    return a;
  }

  /** IEC-HS as the simulated physician judges it: present, or building up (§5's picture). */
  static boolean iecHsAround(Trajectory t, double day) {
    return t.iecHs() != null && day >= t.iecHs().onsetDay() - 1.5 && day < t.iecHs().endDay();
  }

  private static void order(Map<String, Object> a, boolean severe, String drug, SimulatedPatient p) {
    if (!severe) {
      a.put("treatmentOrdered", List.of("SUPPORTIVE_CARE"));
      a.put("treatmentOrderDetails", "supportive care (simulated order)");
      return;
    }
    a.put("treatmentOrdered", List.of(drug));
    if (drug.equals("TOCILIZUMAB")) {
      BigDecimal mg = TOCILIZUMAB_MG_PER_KG.multiply(p.patient().weightKg()).min(TOCILIZUMAB_MAX_MG)
          .setScale(0, RoundingMode.DOWN);
      a.put("tocilizumabDoseMg", mg);
      a.put("treatmentOrderDetails", "tocilizumab " + mg + " mg IV (simulated order)");
    } else {
      a.put("treatmentOrderDetails", drug.toLowerCase() + " (simulated order)");
    }
  }

  private static void workup(Map<String, Object> a, String outcome, String details) {
    a.put(outcome, "NO_FINDING");
    a.put(details, "nothing found (simulated)");
  }

  static void vitals(Map<String, Object> a, Timeline.Vitals v) {
    a.put("temperatureC", v.temperature().value());
    a.put("hypotension", v.hypotension());
    a.put("vasopressors", v.vasopressors());
    a.put("feverAttributedToOtherCause", v.feverAttributedToOtherCause());
    a.put("oxygenDevice", v.oxygen().device().name());
    if (v.oxygen().flowLpm() != null
        && (v.oxygen().device() == Timeline.OxygenDevice.NASAL_CANNULA
            || v.oxygen().device() == Timeline.OxygenDevice.HIGH_FLOW_NASAL_CANNULA)) {
      a.put("oxygenFlowLpm", v.oxygen().flowLpm());
    }
    if (v.oxygen().reason() != null) {
      a.put("ventilationReason", v.oxygen().reason().name());
    }
  }

  /** ICE items (reference §4.1: orientation 4, naming 3, commands, writing, attention 1 each). */
  static void neuro(Map<String, Object> a, Timeline.NeuroExam e) {
    int score = e.ice();
    List<String> orientation = new ArrayList<>(List.of("YEAR", "MONTH", "CITY", "HOSPITAL").subList(0, Math.min(4, score)));
    int left = score - orientation.size();
    List<String> naming = new ArrayList<>(List.of("OBJECT_1", "OBJECT_2", "OBJECT_3").subList(0, Math.min(3, left)));
    left -= naming.size();
    a.put("neuroInstrument", "ICE");
    a.put("iceOrientation", orientation);
    a.put("iceNaming", naming);
    a.put("iceCommands", left >= 1);
    a.put("iceWriting", left >= 2);
    a.put("iceAttention", left >= 3);
    a.put("globalAphasia", e.globalAphasia());
    a.put("consciousness", e.consciousness().name());
    a.put("seizure", e.seizure().name());
    a.put("deepFocalMotorWeakness", e.deepFocalMotorWeakness());
    a.put("cerebralEdema", e.cerebralEdema().name());
    a.put("raisedIcpSigns", e.raisedIcpSigns());
  }
}
