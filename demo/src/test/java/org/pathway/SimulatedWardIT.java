package org.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.pathway.engine.EmbeddedEngine;
import org.pathway.engine.EngineSimulationClock;
import org.pathway.grading.TimelineEvaluator;
import org.pathway.simulation.Cohort;
import org.pathway.simulation.CohortModel;
import org.pathway.simulation.Product;
import org.pathway.simulation.PublishedFrequencies;
import org.pathway.simulation.ServiceClient;
import org.pathway.simulation.SimulatedPatient;
import org.pathway.simulation.SimulationParameters;
import org.pathway.simulation.Trajectory;
import org.pathway.simulation.WardSimulation;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A small seeded cohort worked through the service exactly as {@code ./pathway simulate} starts and
 * drives it (SimulateCommand.start, WardSimulation, EngineSimulationClock), in its own JVM so that
 * its in-memory engine is the only one (the suite's shared test context holds another). Asserts
 * what the pathway must have done for the seeded trajectories, as a clinician would check it.
 */
class SimulatedWardIT {

  static final int DAYS = 10;
  static final long SEED = 20261202;
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSeededCohortIsWorkedThroughThePathwayAsTheTruthRequires() throws Exception {
    String password = "simulated-ward-it";
    Path log = Files.createDirectories(Path.of("target", "simulated-ward-it")).resolve("service.log");
    try (ConfigurableApplicationContext service = SimulateCommand.start(password, List.of("H7"), "simulated-ward-it", log)) {
      int port = ((WebServerApplicationContext) service).getWebServer().getPort();
      ServiceClient api = new ServiceClient(URI.create("http://127.0.0.1:" + port), password, JSON);
      EmbeddedEngine engine = service.getBean(EmbeddedEngine.class);
      EngineSimulationClock clock =
          new EngineSimulationClock(engine, service.getBean(Clock.class), service.getBean(MeterRegistry.class));
      var zone = SimulationParameters.defaults().wardZone();
      Instant midnight = clock.now().atZone(zone).toLocalDate().plusDays(1).atTime(LocalTime.MIDNIGHT).atZone(zone).toInstant();
      clock.advanceTo(midnight);
      Cohort cohort = cohort(midnight);
      // the cohort has the courses the assertions are about (else they would pass vacuously)
      assertThat(cohort.patients()).filteredOn(p -> p.trajectory().iecHs() != null).hasSize(2);
      assertThat(cohort.patients()).filteredOn(p -> p.trajectory().crs() != null && p.trajectory().crs().peakGrade() >= 3)
          .hasSizeGreaterThanOrEqualTo(2);

      WardSimulation simulation = new WardSimulation(cohort, WardSimulation.Settings.of(DAYS), api, clock, JSON);
      WardSimulation.Tally tally = simulation.run((t, done) -> { });

      assertThat(tally.refused).as("requests the service refused").isEmpty();
      assertThat(tally.unanswerable).isEmpty();
      assertThat(tally.enrolled).isEqualTo(cohort.patients().size());
      assertThat(StreamSupport.stream(engine.records().getRecords().spliterator(), false)
          .filter(r -> r.getValueType() == ValueType.INCIDENT && r.getIntent() == IncidentIntent.CREATED)
          .map(r -> r.getValue().toString()).toList()).as("engine incidents").isEmpty();

      TimelineEvaluator evaluator = service.getBean(TimelineEvaluator.class);
      for (SimulatedPatient p : cohort.patients()) {
        Trajectory t = p.trajectory();
        List<String> tasks = tally.seen.stream().filter(s -> s.patientId().equals(p.id()))
            .map(WardSimulation.SeenTask::elementId).toList();
        String course = p.id() + " " + p.product().label() + " " + t + " tasks " + tasks;
        // no patient stuck: a draw task every day of the follow-up, the baseline included
        List<String> draws = tally.seen.stream()
            .filter(s -> s.patientId().equals(p.id()) && s.elementId().equals("draw-daily-labs"))
            .map(s -> s.createdAt() + (s.outcome().forgotten() ? " forgotten" : " +" + s.outcome().delay())).toList();
        assertThat(draws).as("a draw every day, infused " + p.patient().infusionAt() + ", run ended " + clock.now()
            + ": " + course).hasSizeGreaterThanOrEqualTo(DAYS);
        if (t.iecHs() != null && t.iecHs().onsetDay() + 1 < DAYS) {
          assertThat(tasks).as("IEC-HS raised for review: " + course).contains("review-suspected-iec-hs");
          // and ./pathway evaluate suspects it on the stored timeline (the one grading path)
          JsonNode stored = api.get("physician", "/api/v1/patients/" + p.id() + "/timeline");
          assertThat(JSON.valueToTree(evaluator.evaluate(stored)).path("evaluations").findValues("suspected"))
              .as(course).anyMatch(JsonNode::asBoolean);
        }
        List<JsonNode> episodes = new ArrayList<>();
        api.get("physician", "/api/v1/patients/" + p.id() + "/episodes").forEach(episodes::add);
        int pathwayCrsPeak = episodes.stream().filter(e -> e.path("syndrome").asText().equals("CRS"))
            .mapToInt(e -> e.path("peakGrade").asInt()).max().orElse(0);
        if (pathwayCrsPeak >= 3 || t.crs() != null && t.crs().peakGrade() >= 3 && t.crs().peakDay() + 0.5 < DAYS) {
          assertThat(tasks).as("CRS grade 3 or more handed over to the ICU: " + course).contains("crs-icu-handover");
        }
      }
    }
  }

  /**
   * Ten patients of a seeded cohort, chosen so that the assertions have cases to bite on: two
   * IEC-HS with onset in the window and the findings §5.2a's trigger reads (ferritin above the
   * discriminator, hypofibrinogenemia), two with CRS grade 3-4, one with ICANS grade 2 or more,
   * one teclistamab step-up course, the rest as they come.
   */
  static Cohort cohort(Instant start) {
    return new CohortModel(SimulationParameters.defaults().withSchedule(List.of("H7"), start, 1))
        .select(3_000, SEED)
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
