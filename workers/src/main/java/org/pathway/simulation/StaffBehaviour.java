package org.pathway.simulation;

import java.time.Duration;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * How the simulated staff handle a task: how often it is forgotten, how often late, and how long
 * they take. A simulation parameter for the later {@code ./pathway simulate} (so the compliance
 * report has something to show), not from the reference. Task types are the simulation's own
 * names (e.g. {@code daily-labs}, {@code vitals}, {@code neuro-exam}, {@code review}); an unknown
 * type behaves as {@code fallback}.
 */
public record StaffBehaviour(Map<String, Task> byType, Task fallback) {

  /**
   * @param forgotten probability the task is never done
   * @param late probability it is done after its due window
   * @param onTimeMinutes delay after the task is raised when done on time (at most until its due time)
   * @param lateMinutes delay after its due time when done late
   */
  public record Task(double forgotten, double late, Quantiles onTimeMinutes, Quantiles lateMinutes) {
    public Task {
      if (forgotten < 0 || late < 0 || forgotten + late > 1) {
        throw new IllegalArgumentException("forgotten and late are probabilities adding up to at most 1");
      }
    }
  }

  /** What happened to one task: never done, or done after {@code delay}, late or not. */
  public record Outcome(boolean forgotten, boolean late, Duration delay) {}

  public StaffBehaviour {
    byType = Map.copyOf(byType);
  }

  /** Demo defaults: most tasks on time, a few late, very few forgotten. */
  public static StaffBehaviour defaults() {
    Quantiles onTime = Quantiles.of(0, 5, 15, 30, 55);
    return new StaffBehaviour(
        Map.of(
            "daily-labs", new Task(0.02, 0.08, onTime, Quantiles.of(60, 75, 100, 150, 300)),
            "vitals", new Task(0.01, 0.10, onTime, Quantiles.of(60, 70, 90, 120, 240)),
            "neuro-exam", new Task(0.03, 0.12, onTime, Quantiles.of(60, 80, 120, 180, 360)),
            "review", new Task(0.01, 0.15, onTime, Quantiles.of(60, 90, 150, 240, 600))),
        new Task(0.02, 0.10, onTime, Quantiles.of(60, 80, 120, 180, 480)));
  }

  public Task of(String taskType) {
    return byType.getOrDefault(taskType, fallback);
  }

  /** One task's outcome, drawn with the caller's (seeded) generator. */
  public Outcome outcome(String taskType, RandomGenerator random) {
    Task task = of(taskType);
    double u = random.nextDouble();
    if (u < task.forgotten()) {
      return new Outcome(true, false, null);
    }
    boolean late = u < task.forgotten() + task.late();
    double minutes = (late ? task.lateMinutes() : task.onTimeMinutes()).sample(random);
    return new Outcome(false, late, Duration.ofSeconds(Math.round(minutes * 60)));
  }
}
