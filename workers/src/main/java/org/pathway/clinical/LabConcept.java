package org.pathway.clinical;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The analytes the pathway grades with, each identified by the LOINC codes of reference §2
 * (preferred code first, then the alternates that mean the same analyte) and the UCUM unit its
 * criteria are written in (reference §1).
 */
public enum LabConcept {
  FERRITIN("Ferritin", "ng/mL", "2276-4"),
  FIBRINOGEN("Fibrinogen", "mg/dL", "3255-7", "30902-1"),
  ALT("ALT", "U/L", "1742-6", "1744-2", "76625-3"),
  AST("AST", "U/L", "1920-8", "30239-8"),
  ANC("Neutrophils (ANC)", "10*3/uL", "751-8", "753-4", "26499-4"),
  PLATELETS("Platelets", "10*3/uL", "777-3", "26515-7");

  private final String display;
  private final String criterionUnit;
  private final List<String> loincCodes;

  LabConcept(String display, String criterionUnit, String... loincCodes) {
    this.display = display;
    this.criterionUnit = criterionUnit;
    this.loincCodes = List.of(loincCodes);
  }

  public String display() {
    return display;
  }

  /** The UCUM unit the criteria on this analyte are written in; results are converted to it. */
  public String criterionUnit() {
    return criterionUnit;
  }

  public List<String> loincCodes() {
    return loincCodes;
  }

  /** Enzyme activities: labs write IU/L for U/L (reference §1, AST/ALT row). */
  boolean isEnzymeActivity() {
    return this == ALT || this == AST;
  }

  public static Optional<LabConcept> byLoinc(String loinc) {
    return Arrays.stream(values()).filter(c -> c.loincCodes.contains(loinc)).findFirst();
  }
}
