package org.pathway.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pathway.api.FormSubmissions;
import org.pathway.engine.ModelResources;

/**
 * What the simulated staff submit fits each deployed form exactly as the server checks it, for
 * every form the pathway can raise; a new form without an answer fails here, not in a long run.
 */
class StaffAnswersTest {

  static final ModelResources MODELS = ModelResources.load();
  static final FormSubmissions FORMS = new FormSubmissions(MODELS, new ObjectMapper());

  @Test
  void everyFormIsAnsweredAndTheServerAcceptsTheAnswerAtEveryStageOfEveryCourse() {
    List<SimulatedPatient> patients = CohortModel.of(400, 5).patients();
    int checked = 0;
    for (ModelResources.Model form : MODELS.ofKind("forms")) {
      String formId = form.name().replace(".form", "").replaceAll(".*/", "");
      if (formId.equals("draw-daily-labs")) {
        continue; // the ward's own answer: WardSimulation delivers the draw it reports
      }
      String elementId = formId.equals("confirm-resolution") ? "confirm-icans-resolution" : formId;
      for (SimulatedPatient p : patients) {
        for (int hours = 0; hours < 24 * 14; hours += 7) {
          Instant at = p.patient().infusionAt().plus(Duration.ofHours(hours));
          Map<String, Object> answer = StaffAnswers.answer(formId, elementId, p, at, hours / 100, new SplittableRandom(hours));
          assertThat(answer).as(formId).isNotEmpty();
          assertThatCode(() -> FORMS.check(formId, answer)).as(formId + " " + answer).doesNotThrowAnyException();
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(20 * 400 * 40);
  }

  @Test
  void theIceItemsAddUpToTheScoreTheExamGrades() {
    SplittableRandom random = new SplittableRandom(1);
    for (int grade = 0; grade <= 4; grade++) {
      for (int i = 0; i < 200; i++) {
        var exam = WardObservations.neuro(Instant.EPOCH, grade, random);
        Map<String, Object> a = new java.util.HashMap<>();
        StaffAnswers.neuro(a, exam);
        int items = ((List<?>) a.get("iceOrientation")).size() + ((List<?>) a.get("iceNaming")).size()
            + (Boolean.TRUE.equals(a.get("iceCommands")) ? 1 : 0) + (Boolean.TRUE.equals(a.get("iceWriting")) ? 1 : 0)
            + (Boolean.TRUE.equals(a.get("iceAttention")) ? 1 : 0);
        assertThat(items).as("grade %d exam %s", grade, exam).isEqualTo(exam.ice());
        assertThat(items).isBetween(0, 10); // reference §4.1: ICE is out of 10
      }
    }
  }

  @Test
  void theTocilizumabOrderIsEightMgPerKgAndNeverAbove800Mg() {
    for (SimulatedPatient p : CohortModel.of(300, 9).patients()) {
      if (p.trajectory().crs() == null || p.trajectory().crs().peakGrade() < 2) {
        continue;
      }
      Instant peak = p.patient().infusionAt().plus(Duration.ofMinutes(Math.round(p.trajectory().crs().peakDay() * 1440) + 1));
      Map<String, Object> order = StaffAnswers.answer("order-crs-treatment", "order-crs-treatment", p, peak, 0, new SplittableRandom(1));
      java.math.BigDecimal mg = (java.math.BigDecimal) order.get("tocilizumabDoseMg");
      assertThat(mg).isEqualByComparingTo(p.patient().weightKg().multiply(java.math.BigDecimal.valueOf(8))
          .min(java.math.BigDecimal.valueOf(800)).setScale(0, java.math.RoundingMode.DOWN));
    }
  }
}
