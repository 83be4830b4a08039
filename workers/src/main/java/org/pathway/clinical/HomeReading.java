package org.pathway.clinical;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A reading a patient takes at home between outpatient step-up doses (reference §12, §12.1:
 * Crombie 2024 CD3×CD20 consensus [V]): any of temperature, systolic blood pressure, SpO₂, and
 * whether there are new orthostatic symptoms or confusion (null: not reported). A reading marked
 * {@code baseline} gives the patient's baseline systolic pressure the §12.1 fall is measured from.
 * Not part of iec-timeline/1: the contract's vitals need a clinician's hypotension, oxygen and
 * vasopressor statements, which a reading at home cannot make.
 */
public record HomeReading(
    Instant at,
    Timeline.Temperature temperature,
    BigDecimal systolicBp,
    BigDecimal spo2,
    Boolean newOrthostaticSymptoms,
    Boolean confusion,
    boolean baseline) {

  /**
   * Reference §12 / §12.1 (Crombie 2024 [V]): fever is ≥38.0 °C (≥100.4 °F). The same threshold as
   * dmn/home-monitoring-trigger.dmn's fever rule; here it decides only where a fever run begins and
   * ends, the table decides what the run means.
   */
  static final BigDecimal FEVER_C = new BigDecimal("38.0");

  /** The temperature in °C (reference §1), null when none was taken. */
  public BigDecimal temperatureC() {
    return GradingInputs.celsius(temperature);
  }

  /** Fever by §12 (≥38.0 °C, the raw value, never rounded: §1); null when no temperature. */
  public Boolean febrile() {
    BigDecimal c = temperatureC();
    return c == null ? null : c.compareTo(FEVER_C) >= 0;
  }

  /** The patient's baseline systolic pressure and the reading it comes from. */
  public record Baseline(BigDecimal systolicBp, Instant at, boolean marked) {}

  /**
   * The baseline systolic pressure as of {@code asOf}: the latest reading marked as the baseline,
   * else the latest systolic pressure taken before the first dose (day 0, {@code firstDose}).
   * Empty when neither exists: §12.1's "fall below baseline" cannot be checked then.
   *
   * @param readings in time order
   */
  public static Optional<Baseline> baseline(List<HomeReading> readings, Instant firstDose, Instant asOf) {
    Optional<Baseline> marked = readings.stream()
        .filter(r -> r.baseline() && r.systolicBp() != null && !r.at().isAfter(asOf))
        .reduce((a, b) -> b)
        .map(r -> new Baseline(r.systolicBp(), r.at(), true));
    if (marked.isPresent()) {
      return marked;
    }
    return readings.stream()
        .filter(r -> r.systolicBp() != null && !r.at().isAfter(firstDose) && !r.at().isAfter(asOf))
        .reduce((a, b) -> b)
        .map(r -> new Baseline(r.systolicBp(), r.at(), false));
  }

  /**
   * How long the fever of the reading at {@code index} has lasted: from the first febrile reading
   * of its run, a run being febrile readings with no fever-free temperature between them (readings
   * without a temperature neither extend nor end it). {@code hoursBefore} is the run's length at
   * its previous febrile reading, null when this reading starts the run. Empty when this reading
   * has no fever.
   *
   * @param readings in time order (the reading at {@code index} and those before it are read)
   */
  public static Optional<FeverRun> feverRun(List<HomeReading> readings, int index) {
    HomeReading current = readings.get(index);
    if (!Boolean.TRUE.equals(current.febrile())) {
      return Optional.empty();
    }
    Instant since = current.at();
    Instant previous = null;
    for (int i = index - 1; i >= 0; i--) {
      Boolean febrile = readings.get(i).febrile();
      if (febrile == null) {
        continue;
      }
      if (!febrile) {
        break;
      }
      since = readings.get(i).at();
      if (previous == null) {
        previous = since;
      }
    }
    return Optional.of(new FeverRun(
        since, hours(Duration.between(since, current.at())),
        previous == null ? null : hours(Duration.between(since, previous))));
  }

  /** A run of fever: since when, how many hours at this reading and at the run's previous reading. */
  public record FeverRun(Instant since, BigDecimal hours, BigDecimal hoursBefore) {}

  /** Hours, to the second (a week and a second is more than a week). */
  private static BigDecimal hours(Duration d) {
    return BigDecimal.valueOf(d.toSeconds()).divide(BigDecimal.valueOf(3600), 6, RoundingMode.HALF_UP);
  }
}
