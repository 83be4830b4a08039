package org.pathway.simulation;

import java.util.List;

/** The patients a seed gives, in enrolment order, with the parameters that made them. */
public record Cohort(long seed, SimulationParameters parameters, List<SimulatedPatient> patients) {

  public Cohort {
    patients = List.copyOf(patients);
  }
}
