package org.pathway.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.pathway.simulation.SimulationClock;

/**
 * The embedded engine's clock, moved on by a simulation: before and after each move it waits until
 * the service is quiet — the engine idle, the outbox empty and no job a worker has taken still
 * running — so that each step of simulated time is handled at its own time, not the next one's.
 */
public final class EngineSimulationClock implements SimulationClock {

  /** The service's meters that tell what is still in flight (OperationsGauges, the Camunda client). */
  static final String OUTBOX_DEPTH = "pathway.outbox.depth";

  static final String JOB_INVOCATIONS = "camunda.job.invocations";

  /** Polls in a row (2 ms apart) that must find the service quiet: timers due fire within them. */
  static final int QUIET_POLLS = 3;

  /** Far longer than any worker here takes for a job. */
  static final Duration STALE_JOBS_AFTER = Duration.ofSeconds(1);

  /** Longer than any step takes; a service still busy then is reported, not waited on forever. */
  static final Duration SETTLE_LIMIT = Duration.ofMinutes(2);

  private final EmbeddedEngine engine;
  private final Clock clock;
  private final MeterRegistry meters;
  /** Jobs counted activated whose completion never came (see {@link #settle}). */
  private double staleJobs;

  public EngineSimulationClock(EmbeddedEngine engine, Clock clock, MeterRegistry meters) {
    this.engine = engine;
    this.clock = clock;
    this.meters = meters;
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public void advanceTo(Instant t) {
    settle();
    Duration ahead = Duration.between(now(), t);
    if (ahead.isPositive()) {
      engine.increaseTime(ahead);
    }
    settle();
  }

  /**
   * Waits until the service is quiet for a few polls running: the engine's log not growing and all
   * of it processed, the outbox empty, no job in a worker.
   *
   * <p>A job whose completion the engine rejected (the task listener's element was cancelled while
   * the worker ran, say) is counted activated and never completed: when only such a count is left
   * and nothing else moves for {@link #STALE_JOBS_AFTER}, it is taken as no longer in flight.
   */
  public void settle() {
    long start = System.nanoTime();
    long deadline = start + SETTLE_LIMIT.toNanos();
    long lastPosition = Long.MIN_VALUE;
    long lastMove = start;
    int quiet = 0;
    while (quiet < QUIET_POLLS) {
      pause();
      long position = engine.lastWrittenPosition();
      boolean engineQuiet = position == lastPosition && engine.caughtUp() && outboxDepth() == 0;
      double busy = jobsInFlight() - staleJobs;
      long now = System.nanoTime();
      if (!engineQuiet) {
        lastMove = now;
      } else if (busy > 0 && now - lastMove > STALE_JOBS_AFTER.toNanos()) {
        staleJobs += busy;
        busy = 0;
      }
      lastPosition = position;
      quiet = engineQuiet && busy <= 0 ? quiet + 1 : 0;
      if (now > deadline) {
        throw new IllegalStateException("the service did not settle within " + SETTLE_LIMIT + " at " + now()
            + ": outbox " + outboxDepth() + " messages, jobs in workers " + jobsInFlightByType() + ", engine "
            + (engine.caughtUp() ? "caught up" : "still processing"));
      }
    }
  }

  private double outboxDepth() {
    var gauge = meters.find(OUTBOX_DEPTH).gauge();
    return gauge == null ? 0 : gauge.value();
  }

  /** Jobs the workers activated and have not yet completed, failed or thrown an error for. */
  private double jobsInFlight() {
    return count("activated") - count("completed") - count("failed") - count("bpmn-error");
  }

  private double count(String action) {
    return Search.in(meters).name(JOB_INVOCATIONS).tag("action", action).counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  /** For the message when the service does not settle: which job types are still in flight. */
  private java.util.Map<String, Double> jobsInFlightByType() {
    java.util.Map<String, Double> byType = new java.util.TreeMap<>();
    for (var c : Search.in(meters).name(JOB_INVOCATIONS).counters()) {
      double sign = "activated".equals(c.getId().getTag("action")) ? 1 : -1;
      byType.merge(c.getId().getTag("type"), sign * c.count(), Double::sum);
    }
    byType.values().removeIf(v -> v == 0);
    return byType;
  }

  private static void pause() {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the service settles", e);
    }
  }
}
