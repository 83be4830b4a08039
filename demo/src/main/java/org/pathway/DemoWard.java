package org.pathway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.pathway.api.security.SecurityProperties;
import org.pathway.engine.EmbeddedEngine;
import org.pathway.engine.EngineSimulationClock;
import org.pathway.simulation.Cohort;
import org.pathway.simulation.CohortModel;
import org.pathway.simulation.Product;
import org.pathway.simulation.ServiceClient;
import org.pathway.simulation.SimulationClock;
import org.pathway.simulation.SimulationParameters;
import org.pathway.simulation.WardSimulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code ./pathway serve --demo}: a simulated ward of {@value #PATIENTS} patients infused over the
 * last days. The engine's clock starts {@code pathway.demo.ward.history} in the past (see
 * EmbeddedEngineConfiguration); the ward's course up to now is run on it at once, the clock is
 * then caught up with the wall clock, and the ward goes on in real time: rounds charted, lab
 * results delivered, tasks picked up late or never by the simulated staff, beside what real users
 * do in the same service.
 */
@Component
@ConditionalOnProperty(name = DemoWard.ENABLED, havingValue = "true")
class DemoWard {

  static final String ENABLED = "pathway.demo.ward.enabled";
  static final String HISTORY = "pathway.demo.ward.history";
  static final int PATIENTS = 12;
  static final long SEED = 12;

  private static final Logger LOG = LoggerFactory.getLogger(DemoWard.class);

  private final EmbeddedEngine engine;
  private final Clock clock;
  private final MeterRegistry meters;
  private final SecurityProperties security;

  DemoWard(EmbeddedEngine engine, Clock clock, MeterRegistry meters, SecurityProperties security) {
    this.engine = engine;
    this.clock = clock;
    this.meters = meters;
    this.security = security;
  }

  @EventListener
  void start(ApplicationReadyEvent ready) {
    int port = ((WebServerApplicationContext) ready.getApplicationContext()).getWebServer().getPort();
    Thread.ofPlatform().daemon().name("demo-ward").start(() -> run(port));
  }

  private void run(int port) {
    try {
      String ward = security.demoNurseWards().getFirst();
      Instant start = clock.instant();
      Cohort cohort = cohort(start, ward);
      ObjectMapper json = new ObjectMapper();
      EngineSimulationClock fast = new EngineSimulationClock(engine, clock, meters);
      WardSimulation simulation = new WardSimulation(cohort, WardSimulation.Settings.of(28),
          new ServiceClient(URI.create("http://127.0.0.1:" + port), security.demoPassword(), json), fast, json);
      LOG.info("Demo ward {}: {} patients, catching up on their course since {}", ward, PATIENTS, start);
      simulation.runUntil(Instant.now(), fast);
      fast.advanceTo(Instant.now());
      LOG.info("Demo ward {} is live: the clock is the wall clock again, {} tasks seen so far, {} refused",
          ward, simulation.tally().seen.size(), simulation.tally().refused.size());
      simulation.tally().refused.forEach(r -> LOG.warn("Demo ward: the service refused {}", r));
      simulation.runUntil(simulation.end(), new WallClock(clock));
      LOG.info("Demo ward {}: every patient reached D+28", ward);
    } catch (RuntimeException e) {
      LOG.error("Demo ward stopped", e);
    }
  }

  /**
   * Twelve patients of a seeded cohort with something for each role to see: an IEC-HS, CRS of
   * grade 2 or more, ICANS, a teclistamab step-up course, the others as they come.
   */
  static Cohort cohort(Instant start, String ward) {
    return new CohortModel(SimulationParameters.defaults().withSchedule(List.of(ward), start, 7))
        .select(1_000, SEED)
        .pick(1, p -> p.trajectory().iecHs() != null && p.trajectory().iecHs().onsetDay() < 8)
        .pick(2, p -> p.trajectory().crs() != null && p.trajectory().crs().peakGrade() >= 2)
        .pick(1, p -> p.trajectory().icans() != null && p.trajectory().icans().peakGrade() >= 2)
        .pick(1, p -> p.product() == Product.TECLISTAMAB)
        .cohort(PATIENTS);
  }

  /** The live ward's clock: the service's, which runs with the wall clock; moving it on is waiting. */
  record WallClock(Clock clock) implements SimulationClock {
    @Override
    public Instant now() {
      return clock.instant();
    }

    @Override
    public void advanceTo(Instant t) {
      try {
        while (now().isBefore(t)) {
          Thread.sleep(Math.max(1, Math.min(Duration.between(now(), t).toMillis(), 60_000)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("demo ward interrupted", e);
      }
    }
  }
}
