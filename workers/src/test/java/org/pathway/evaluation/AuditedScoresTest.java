package org.pathway.evaluation;

import org.pathway.grading.EvaluationResult;
import org.pathway.grading.TimelineEvaluator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Defects of a clinical audit of carHLH (reference §6), CAR-HEMATOTOX (§9.3), HLH-2004 (§7) and the
 * ICAHT counting conventions (§9.1), each on a timeline built in the contract format.
 */
class AuditedScoresTest {

  static final Instant INFUSION = Instant.parse("2026-01-01T06:00:00Z");
  static TimelineEvaluator evaluator;

  @BeforeAll
  static void load() {
    evaluator = org.pathway.SitePolicies.evaluator();
  }

  /** An iec-timeline/1 document under construction: a 45-year-old CAR T patient, nothing else yet. */
  static final class Doc {
    final ObjectNode json = ReferenceTimelinesTest.JSON.createObjectNode();

    Doc() {
      json.put("schema", "iec-timeline/1");
      ObjectNode patient = json.putObject("patient");
      patient.put("id", "AUDIT").put("ageYears", 45).put("weightKg", 70)
          .put("developmentalDelay", false).put("therapyClass", "CAR_T")
          .put("infusionAt", INFUSION.toString()).put("immunosuppressed", false);
      for (String list : new String[] {"labs", "vitals", "neuro", "treatments", "findings"}) {
        json.putArray(list);
      }
    }

    /** A result drawn on day {@code day} at the hour of infusion (a day 0 result is the baseline). */
    Doc lab(int day, String loinc, String value, String unit, String high) {
      ObjectNode lab = ((ArrayNode) json.get("labs")).addObject();
      lab.put("at", at(day).toString()).put("loinc", loinc).put("value", new java.math.BigDecimal(value))
          .put("unit", unit).putNull("low");
      if (high == null) {
        lab.putNull("high");
      } else {
        lab.put("high", new java.math.BigDecimal(high));
      }
      return this;
    }

    Doc finding(int day, String type) {
      ((ArrayNode) json.get("findings")).addObject().put("at", at(day).toString()).put("type", type);
      return this;
    }

    EvaluationResult evaluate() {
      EvaluationResult result = evaluator.evaluate(json);
      assertThat(result.errors()).isEmpty();
      return result;
    }

    /** The evaluation at the last time of the timeline. */
    EvaluationResult.Evaluation last() {
      return evaluate().evaluations().getLast();
    }

    static Instant at(int day) {
      return INFUSION.plus(Duration.ofDays(day));
    }
  }

  static final String FERRITIN = "2276-4";
  static final String ALT = "1742-6";
  static final String BILIRUBIN = "1975-2";
  static final String CREATININE = "2160-0";

  /** Reference TC-10: ALT 12× ULN and creatinine 3.2× baseline on D+6, ferritin on D+4. */
  static Doc tc10(String ferritin) {
    return new Doc()
        .lab(0, CREATININE, "1.0", "mg/dL", "1.2")
        .lab(0, ALT, "30", "U/L", "40")
        .lab(4, FERRITIN, ferritin, "ng/mL", "300")
        .lab(6, ALT, "480", "U/L", "40")
        .lab(6, CREATININE, "3.2", "mg/dL", "1.2");
  }

  @Test
  void carHlhTc10IsPositiveAbove10000AndNegativeAt10000() {
    assertThat(tc10("10001").last().carHlh().met()).isTrue();
    EvaluationResult.CarHlh at10000 = tc10("10000").last().carHlh();
    assertThat(at10000.met()).isFalse();
    assertThat(at10000.organToxicities())
        .containsExactly("TRANSAMINASES_GRADE_3_OR_MORE", "CREATININE_GRADE_3_OR_MORE");
  }

  @Test
  void carHlhBilirubinAbove3xUlnAloneIsTheLiverCriterion() {
    EvaluationResult.CarHlh carHlh =
        new Doc()
            .lab(0, BILIRUBIN, "0.8", "mg/dL", "1.2")
            .lab(0, CREATININE, "1.0", "mg/dL", "1.2")
            .lab(4, FERRITIN, "10001", "ng/mL", "300")
            .lab(6, BILIRUBIN, "3.72", "mg/dL", "1.2") // 3.1× ULN: CTCAE grade 3
            .lab(6, CREATININE, "3.2", "mg/dL", "1.2")
            .last()
            .carHlh();
    assertThat(carHlh.organToxicities())
        .containsExactly("BILIRUBIN_GRADE_3_OR_MORE", "CREATININE_GRADE_3_OR_MORE");
    assertThat(carHlh.met()).isTrue();
    assertThat(carHlh.notEvaluable()).noneMatch(n -> n.startsWith("BILIRUBIN"));
  }

  @Test
  void carHlhLabRowsAreGradedStrictlyAndAgainstAnAbnormalBaseline() {
    // exactly 3.0× ULN is grade 2 (">3.0"); with an abnormal baseline (2× ULN) 3.3× ULN is only
    // 1.7× baseline: neither is grade 3, and both were evaluable
    for (Doc doc :
        new Doc[] {
          new Doc().lab(6, BILIRUBIN, "3.6", "mg/dL", "1.2"),
          new Doc().lab(0, BILIRUBIN, "2.4", "mg/dL", "1.2").lab(6, BILIRUBIN, "4.0", "mg/dL", "1.2")
        }) {
      EvaluationResult.CarHlh carHlh = doc.last().carHlh();
      assertThat(carHlh.organToxicities()).isEmpty();
      assertThat(carHlh.notEvaluable()).contains("ALT", "AST").noneMatch(n -> n.startsWith("BILIRUBIN"));
    }
  }

  @Test
  void carHlhBilirubinAndAltTogetherAreOneCriterionNotTwo() {
    EvaluationResult.CarHlh carHlh =
        new Doc()
            .lab(4, FERRITIN, "10001", "ng/mL", "300")
            .lab(6, BILIRUBIN, "3.72", "mg/dL", "1.2")
            .lab(6, ALT, "480", "U/L", "40")
            .last()
            .carHlh();
    assertThat(carHlh.organToxicities())
        .containsExactlyInAnyOrder("BILIRUBIN_GRADE_3_OR_MORE", "TRANSAMINASES_GRADE_3_OR_MORE");
    assertThat(carHlh.met()).isFalse();
  }

  @Test
  void carHlhCreatinineAbove3xUlnCountsWithoutABaseline() {
    EvaluationResult.CarHlh carHlh =
        new Doc().lab(6, CREATININE, "3.72", "mg/dL", "1.2").last().carHlh(); // 3.1× ULN
    assertThat(carHlh.organToxicities()).containsExactly("CREATININE_GRADE_3_OR_MORE");
    assertThat(carHlh.notEvaluable()).noneMatch(n -> n.startsWith("CREATININE"));
  }

  @Test
  void carHlhClinicianFindingsNotRecordedStayNotEvaluable() {
    // oliguria and pulmonary oedema are findings a clinician records when present (extension
    // finding types, README): none recorded is not "none"; oliguria belongs to the renal
    // criterion, which a creatinine of 3.2× baseline has already met
    assertThat(tc10("10001").last().carHlh().notEvaluable())
        .contains("PULMONARY_EDEMA")
        .doesNotContain("OLIGURIA");
    assertThat(new Doc().lab(4, FERRITIN, "10001", "ng/mL", "300").last().carHlh().notEvaluable())
        .contains("OLIGURIA", "PULMONARY_EDEMA", "BILIRUBIN", "ALT", "AST", "CREATININE");
  }

  @Test
  void carHlhReadsTheClinicianFindingsOfPulmonaryOedemaAndOliguria() {
    // reference §6: criterion 3 is grade ≥3 pulmonary oedema, criterion 2 grade ≥3 oliguria or
    // creatinine; the extension finding types beyond iec-timeline/1 carry them (README)
    EvaluationResult.CarHlh carHlh =
        new Doc()
            .lab(4, FERRITIN, "10001", "ng/mL", "300")
            .finding(6, "PULMONARY_EDEMA_GRADE_3_OR_MORE")
            .finding(6, "OLIGURIA_GRADE_3_OR_MORE")
            .last()
            .carHlh();
    assertThat(carHlh.organToxicities())
        .containsExactlyInAnyOrder("PULMONARY_EDEMA_GRADE_3_OR_MORE", "OLIGURIA_GRADE_3_OR_MORE");
    assertThat(carHlh.met()).isTrue();
    assertThat(carHlh.notEvaluable()).doesNotContain("OLIGURIA", "PULMONARY_EDEMA", "CREATININE");

    // oliguria and creatinine are one criterion: with the creatinine of TC-10 it adds nothing
    EvaluationResult.CarHlh renal =
        new Doc()
            .lab(0, CREATININE, "1.0", "mg/dL", "1.2")
            .lab(4, FERRITIN, "10001", "ng/mL", "300")
            .lab(6, CREATININE, "3.2", "mg/dL", "1.2")
            .finding(6, "OLIGURIA_GRADE_3_OR_MORE")
            .last()
            .carHlh();
    assertThat(renal.organToxicities())
        .containsExactlyInAnyOrder("CREATININE_GRADE_3_OR_MORE", "OLIGURIA_GRADE_3_OR_MORE");
    assertThat(renal.met()).isFalse();
    assertThat(renal.notEvaluable()).contains("PULMONARY_EDEMA");
  }

  /** Markers before lymphodepletion (D−5), as reference TC-12 draws them. */
  static Doc hematotox(String... markers) {
    Doc doc = new Doc();
    for (int i = 0; i < markers.length; i += 3) {
      doc.lab(-5, markers[i], markers[i + 1], markers[i + 2], null);
    }
    return doc;
  }

  @Test
  void carHematotoxWithMissingMarkersIsNotEvaluableNeverLow() {
    EvaluationResult.CarHematotox score =
        hematotox(FERRITIN, "650", "ng/mL").evaluate().carHematotox(); // 1 point, four markers missing
    assertThat(score.risk()).isEqualTo("NOT_EVALUABLE");
    assertThat(score.notEvaluable()).containsExactly("PLATELETS", "ANC", "HEMOGLOBIN", "CRP");
  }

  @Test
  void carHematotoxIsHighWhenThePresentMarkersReachTwoPoints() {
    EvaluationResult.CarHematotox score =
        hematotox("777-3", "50000", "/uL").evaluate().carHematotox(); // platelets <75,000: 2 points
    assertThat(score.risk()).isEqualTo("HIGH");
    assertThat(score.notEvaluable()).containsExactly("ANC", "HEMOGLOBIN", "CRP", "FERRITIN");
  }

  @Test
  void carHematotoxIsLowOnlyWithAllFiveMarkers() {
    EvaluationResult.CarHematotox score =
        hematotox(
                "777-3", "200000", "/uL",
                "751-8", "2000", "/uL",
                "718-7", "12", "g/dL",
                "1988-5", "5", "mg/L",
                FERRITIN, "300", "ng/mL")
            .evaluate()
            .carHematotox();
    assertThat(score.risk()).isEqualTo("LOW");
    assertThat(score.notEvaluable()).isEmpty();
  }

  static final String HB = "718-7";
  static final String PLT = "777-3";
  static final String ANC = "751-8";
  static final String TG = "2571-8";
  static final String FIBRINOGEN = "3255-7";
  static final String CYTOPENIAS = "CYTOPENIAS";
  static final String TG_OR_FIBRINOGEN = "HYPERTRIGLYCERIDEMIA_OR_HYPOFIBRINOGENEMIA";

  /** HLH-2004 at the last time, each criterion listed at most once and never both met and not. */
  static EvaluationResult.Hlh2004 hlh2004(Doc doc) {
    EvaluationResult.Hlh2004 hlh = doc.last().hlh2004();
    assertThat(hlh.criteria()).doesNotHaveDuplicates().doesNotContainAnyElementsOf(hlh.notEvaluable());
    assertThat(hlh.notEvaluable()).doesNotHaveDuplicates();
    assertThat(hlh.criteriaMet()).isEqualTo(hlh.criteria().size());
    return hlh;
  }

  @Test
  void hlh2004TwoCytopenicLineagesMeetCriterion3WithTheThirdMissing() {
    EvaluationResult.Hlh2004 hlh =
        hlh2004(new Doc().lab(6, HB, "8.5", "g/dL", null).lab(6, PLT, "50", "10*3/uL", null));
    assertThat(hlh.criteria()).contains(CYTOPENIAS);
    assertThat(hlh.notEvaluable()).doesNotContain(CYTOPENIAS);
  }

  @Test
  void hlh2004CytopeniasAreNotEvaluableOnlyWhileTheMissingLineagesCouldStillMeetThem() {
    // one cytopenic lineage and one missing: the missing one decides
    assertThat(hlh2004(new Doc().lab(6, HB, "8.5", "g/dL", null).lab(6, PLT, "150", "10*3/uL", null))
            .notEvaluable())
        .contains(CYTOPENIAS);
    // two normal lineages: the third alone cannot make two, so the criterion is not met
    EvaluationResult.Hlh2004 normal =
        hlh2004(new Doc().lab(6, HB, "12", "g/dL", null).lab(6, PLT, "150", "10*3/uL", null));
    assertThat(normal.criteria()).doesNotContain(CYTOPENIAS);
    assertThat(normal.notEvaluable()).doesNotContain(CYTOPENIAS);
  }

  @Test
  void hlh2004OneArmOfCriterion4MetIsMetWithTheOtherMissing() {
    EvaluationResult.Hlh2004 hlh = hlh2004(new Doc().lab(6, FIBRINOGEN, "140", "mg/dL", null));
    assertThat(hlh.criteria()).containsOnlyOnce(TG_OR_FIBRINOGEN);
    assertThat(hlh.notEvaluable()).doesNotContain(TG_OR_FIBRINOGEN);
    EvaluationResult.Hlh2004 both =
        hlh2004(new Doc().lab(6, FIBRINOGEN, "140", "mg/dL", null).lab(6, TG, "300", "mg/dL", null));
    assertThat(both.criteria()).containsOnlyOnce(TG_OR_FIBRINOGEN);
  }

  @Test
  void hlh2004Criterion4IsNotEvaluableWhenTheMissingArmCouldStillMeetIt() {
    EvaluationResult.Hlh2004 hlh = hlh2004(new Doc().lab(6, TG, "150", "mg/dL", null));
    assertThat(hlh.criteria()).doesNotContain(TG_OR_FIBRINOGEN);
    assertThat(hlh.notEvaluable()).contains(TG_OR_FIBRINOGEN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"DISEASE_PROGRESSION", "DEATH"})
  void icahtDaysAfterProgressionOrDeathAreNotCounted(String censoring) {
    Doc doc = new Doc();
    for (int day = 1; day <= 13; day++) {
      doc.lab(day, ANC, "0.3", "10*3/uL", null).lab(day, PLT, "10", "10*3/uL", null);
    }
    EvaluationResult.Evaluation d13 = doc.finding(5, censoring).last();
    assertThat(d13.icaht().daysAncSevere()).isEqualTo(5);
    assertThat(d13.icaht().earlyGrade()).isEqualTo(1); // <7 days; 13 uncensored days would be G2
    assertThat(d13.tIcaht().daysBelowSevere()).isEqualTo(5);
    assertThat(d13.icaht().censoredAtDay()).isEqualTo(5);
  }

  /** Gives every result of the analyte in the document the comparator: each becomes a bound. */
  static Doc bounded(Doc doc, String loinc, String comparator) {
    for (com.fasterxml.jackson.databind.JsonNode lab : doc.json.get("labs")) {
      if (lab.get("loinc").asText().equals(loinc)) {
        ((ObjectNode) lab).put("comparator", comparator);
      }
    }
    return doc;
  }

  /**
   * Reference §5.2 with §6: ">10000" meets CARTOX's strict ">10,000" (exactly 10,000 does not);
   * "<12000" does not decide it: the ferritin row is not evaluable, naming the bound.
   */
  @Test
  void aFerritinBoundDecidesCartoxOnlyWhereItCan() {
    assertThat(bounded(tc10("10000"), FERRITIN, ">").last().carHlh().met()).isTrue();
    EvaluationResult.CarHlh below = bounded(tc10("12000"), FERRITIN, "<").last().carHlh();
    assertThat(below.met()).isFalse();
    assertThat(below.notEvaluable()).contains("FERRITIN_IN_CRS_PHASE")
        .anySatisfy(n -> assertThat(n).contains("bound (<12000)"));
  }

  /**
   * Reference §5.2 with §9.1: "<0.5" ANC is a day at or below 500/µL; "<0.8" is not decided, so
   * its day counts as one without an ANC rather than as either.
   */
  @Test
  void anAncBoundCountsAnIcahtDayOnlyWhereItDecidesIt() {
    Doc decided = new Doc();
    Doc undecided = new Doc();
    for (int day = 1; day <= 3; day++) {
      decided.lab(day, ANC, "0.5", "10*3/uL", null);
      undecided.lab(day, ANC, "0.8", "10*3/uL", null);
    }
    EvaluationResult.Icaht below = bounded(decided, ANC, "<").last().icaht();
    assertThat(below.daysAncSevere()).isEqualTo(3);
    assertThat(below.earlyGrade()).isEqualTo(1);
    EvaluationResult.Icaht notDecided = bounded(undecided, ANC, "<").last().icaht();
    assertThat(notDecided.daysAncSevere()).isZero();
    assertThat(notDecided.earlyDaysWithoutAnc()).isGreaterThanOrEqualTo(3);
  }
}
