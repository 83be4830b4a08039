package org.pathway.clinical;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The analytes the pathway grades with, each identified by the LOINC codes of reference §2
 * (preferred code first, then the alternates that mean the same analyte) and the UCUM unit its
 * criteria are written in (reference §1).
 */
public enum LabConcept {
  FERRITIN("Ferritin", "ng/mL", null, "2276-4"),
  FIBRINOGEN("Fibrinogen", "mg/dL", null, "3255-7", "30902-1"),
  ALT("ALT", "U/L", null, "1742-6", "1744-2", "76625-3"),
  AST("AST", "U/L", null, "1920-8", "30239-8"),
  ANC("Neutrophils (ANC)", "10*3/uL", null, "751-8", "753-4", "26499-4"),
  PLATELETS("Platelets", "10*3/uL", null, "777-3", "26515-7"),
  WBC("Leukocytes (WBC)", "10*3/uL", null, "6690-2", "26464-8"),
  // §1: mmol/L = g/dL x 0.6206
  HEMOGLOBIN("Hemoglobin", "g/dL", new Molar("mmol/L", "0.6206", false), "718-7"),
  // §1: mmol/L = mg/dL x 0.01129, i.e. mg/dL = mmol/L x 88.57
  TRIGLYCERIDES("Triglycerides", "mg/dL", new Molar("mmol/L", "88.57", true), "2571-8", "14927-8"),
  // §1: umol/L = mg/dL x 17.1
  BILIRUBIN("Bilirubin, total", "mg/dL", new Molar("umol/L", "17.1", false), "1975-2", "14631-6"),
  // §1: umol/L = mg/dL x 88.4 (EASIX needs mg/dL)
  CREATININE("Creatinine", "mg/dL", new Molar("umol/L", "88.4", false), "2160-0", "14682-9"),
  LDH("LDH", "U/L", null, "2532-0", "14804-9"),
  // §1: m-EASIX and CAR-HEMATOTOX read CRP in mg/dL; most labs send mg/L
  CRP("CRP", "mg/dL", null, "1988-5", "30522-7"),
  // §1, §7: only U/mL compares with HLH-2004's 2400 U/mL; pg/mL has no fixed conversion
  SIL2R("sIL-2R (sCD25)", "U/mL", null, "76039-7"),
  // §2 [!]: public lists disagree on which aPTT code is plasma; both map to one concept
  PT("Prothrombin time", "s", null, "5902-2"),
  APTT("aPTT", "s", null, "14979-9", "3173-2");

  /**
   * The reference §1 factor between a substance concentration and the mass unit a criterion reads:
   * UCUM cannot convert moles to grams without the molar mass.
   */
  record Molar(String unit, String factor, boolean multiply) {
    java.math.BigDecimal factorValue() {
      return new java.math.BigDecimal(factor);
    }

    /** Converts a value in {@code unit} to the criterion's mass unit. */
    java.math.BigDecimal toCriterion(java.math.BigDecimal molar) {
      java.math.BigDecimal f = new java.math.BigDecimal(factor);
      return multiply ? molar.multiply(f) : molar.divide(f, java.math.MathContext.DECIMAL64);
    }
  }

  private final String display;
  private final String criterionUnit;
  private final Molar molar;
  private final List<String> loincCodes;

  LabConcept(String display, String criterionUnit, Molar molar, String... loincCodes) {
    this.display = display;
    this.criterionUnit = criterionUnit;
    this.molar = molar;
    this.loincCodes = List.of(loincCodes);
  }

  Molar molar() {
    return molar;
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

  /** The syntax of a LOINC code: up to seven digits, a hyphen, the check digit. */
  public static final String LOINC_CODE = "\\d{1,7}-\\d";

  public static boolean isLoincCode(String code) {
    return code != null && code.matches(LOINC_CODE);
  }

  // read for every stored result of a timeline: a map, not a scan of values(); the first concept
  // naming a code has it
  private static final Map<String, LabConcept> BY_LOINC = new HashMap<>();

  static {
    for (LabConcept c : values()) {
      c.loincCodes.forEach(code -> BY_LOINC.putIfAbsent(code, c));
    }
  }

  public static Optional<LabConcept> byLoinc(String loinc) {
    return Optional.ofNullable(BY_LOINC.get(loinc));
  }
}
