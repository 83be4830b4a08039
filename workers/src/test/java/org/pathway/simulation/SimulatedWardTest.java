package org.pathway.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.engine.EngineSimulationClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A small seeded cohort worked through the whole service on the in-memory engine, as
 * {@code ./pathway simulate} does: enrolment, FHIR lab results, charted vitals and neuro exams,
 * every task completed (or not) through the task API, the engine clock moved on in steps. Asserts
 * what the pathway must have done for the seeded trajectories, as a clinician would check it.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SimulatedWardTest extends PathwayTestSupport {

  static final int DAYS = 10;
  static final ObjectMapper JSON = new ObjectMapper();

  @DynamicPropertySource
  static void ownContext(DynamicPropertyRegistry registry) {
    // its own engine: the clock moves by days, and nothing of other classes' patients wakes up
    registry.add("pathway.outbox.poll-interval", () -> "PT0.05S");
  }

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;
  @Autowired org.pathway.grading.TimelineEvaluator evaluator;

  @Test
  void aSeededCohortIsWorkedThroughThePathwayAsTheTruthRequires() {
    EngineSimulationClock ward = new EngineSimulationClock(engine, clock, meters);
    Instant midnight = now().atZone(SimulationParameters.defaults().wardZone()).toLocalDate().plusDays(1)
        .atTime(LocalTime.MIDNIGHT).atZone(SimulationParameters.defaults().wardZone()).toInstant();
    ward.advanceTo(midnight);
    Cohort cohort = cohort(midnight);
    WardSimulation simulation = new WardSimulation(
        cohort, WardSimulation.Settings.of(DAYS),
        new ServiceClient(URI.create("http://127.0.0.1:" + port), DEMO_PASSWORD, JSON), ward, JSON);
    // the cohort has the courses the assertions are about (else they would pass vacuously)
    assertThat(cohort.patients()).filteredOn(p -> p.trajectory().iecHs() != null).hasSize(2);
    assertThat(cohort.patients()).filteredOn(p -> p.trajectory().crs() != null && p.trajectory().crs().peakGrade() >= 3)
        .hasSizeGreaterThanOrEqualTo(2);
    WardSimulation.Tally tally = simulation.run((t, done) -> { });

    assertThat(tally.refused).as("requests the service refused").isEmpty();
    assertThat(tally.unanswerable).isEmpty();
    assertThat(tally.enrolled).isEqualTo(cohort.patients().size());
    assertThat(incidents()).as("engine incidents").isEmpty();

    for (SimulatedPatient p : cohort.patients()) {
      Trajectory t = p.trajectory();
      List<String> tasks = tally.seen.stream().filter(s -> s.patientId().equals(p.id()))
          .map(WardSimulation.SeenTask::elementId).toList();
      String course = p.id() + " " + p.product().label() + " " + t + " tasks " + tasks;
      // no patient stuck: a draw task every day of the follow-up, the baseline included
      assertThat(tasks.stream().filter("draw-daily-labs"::equals).count()).as(course).isGreaterThanOrEqualTo(DAYS);
      if (t.iecHs() != null && t.iecHs().onsetDay() + 1 < DAYS) {
        assertThat(tasks).as("IEC-HS raised for review: " + course).contains("review-suspected-iec-hs");
        // and ./pathway evaluate suspects it on the stored timeline (the one grading path)
        JsonNode stored = JSON.valueToTree(http.getForObject("/api/v1/patients/" + p.id() + "/timeline", Map.class));
        assertThat(JSON.valueToTree(evaluator.evaluate(stored)).path("evaluations").findValues("suspected"))
            .as(course).anyMatch(JsonNode::asBoolean);
      }
      List<JsonNode> episodes = episodesOf(p.id());
      int pathwayCrsPeak = episodes.stream().filter(e -> e.path("syndrome").asText().equals("CRS"))
          .mapToInt(e -> e.path("peakGrade").asInt()).max().orElse(0);
      if (pathwayCrsPeak >= 3 || t.crs() != null && t.crs().peakGrade() >= 3 && t.crs().peakDay() + 0.5 < DAYS) {
        assertThat(tasks).as("CRS grade 3 or more handed over to the ICU: " + course).contains("crs-icu-handover");
      }
    }
  }

  private List<JsonNode> episodesOf(String patientId) {
    List<JsonNode> out = new ArrayList<>();
    JSON.valueToTree(episodes(patientId)).forEach(out::add);
    return out;
  }

  /**
   * Ten patients of a seeded cohort, chosen so that the assertions have cases to bite on: two
   * IEC-HS with onset in the window and the findings §5.2a's trigger reads (ferritin above the
   * discriminator, hypofibrinogenemia), two with CRS grade 3-4, one with ICANS grade 2 or more,
   * one teclistamab step-up course, the rest as they come.
   */
  static Cohort cohort(Instant start) {
    return new CohortModel(SimulationParameters.defaults().withSchedule(List.of("H7"), start, 1))
        .select(3_000, 20261202)
        .pick(2, p -> p.trajectory().iecHs() != null && p.trajectory().iecHs().onsetDay() < DAYS - 4
            && p.trajectory().ferritinPeak() > PublishedFrequencies.IEC_HS_FERRITIN_DISCRIMINATOR_NG_PER_ML
            && p.trajectory().iecHs().hypofibrinogenemia())
        .pick(2, p -> p.trajectory().crs() != null && p.trajectory().crs().peakGrade() >= 3
            && p.trajectory().crs().peakDay() < DAYS - 3)
        .pick(1, p -> p.trajectory().icans() != null && p.trajectory().icans().peakGrade() >= 2
            && p.trajectory().icans().onsetDay() < DAYS - 3)
        .pick(1, p -> p.product() == Product.TECLISTAMAB)
        .cohort(10);
  }
}
