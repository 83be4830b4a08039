package org.pathway.simulation;

import org.pathway.clinical.Patient;

/**
 * One patient of a cohort: the contract's patient object, the ward, the product, the ground-truth
 * trajectory, and the seed of the observations the ward will make (so they are reproducible and
 * independent of how many other patients there are).
 */
public record SimulatedPatient(
    Patient patient, String ward, Product product, Trajectory trajectory, long observationSeed) {

  public String id() {
    return patient.id();
  }
}
