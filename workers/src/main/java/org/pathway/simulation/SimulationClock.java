package org.pathway.simulation;

import java.time.Instant;

/**
 * The time of the ward the simulation drives: the service's own clock. On the embedded engine the
 * simulation moves it on (days in seconds); in the live demo ward it is the wall clock.
 */
public interface SimulationClock {

  /** The service's now. */
  Instant now();

  /**
   * Returns once the service's clock reads {@code t} or later and the service has handled what
   * was posted and what fell due by then (timers, messages, jobs).
   */
  void advanceTo(Instant t);
}
