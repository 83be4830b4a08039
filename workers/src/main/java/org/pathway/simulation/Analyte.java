package org.pathway.simulation;

/**
 * The daily labs a simulated ward draws, each with its preferred LOINC code (reference §2) and the
 * UCUM unit it is reported in (reference §1; CRP in mg/L as most European labs report it).
 */
public enum Analyte {
  FERRITIN("2276-4", "ng/mL", 0),
  CRP("1988-5", "mg/L", 1),
  FIBRINOGEN("3255-7", "mg/dL", 0),
  ALT("1742-6", "U/L", 0),
  AST("1920-8", "U/L", 0),
  ANC("751-8", "10*3/uL", 2),
  PLATELETS("777-3", "10*3/uL", 0),
  HEMOGLOBIN("718-7", "g/dL", 1),
  WBC("6690-2", "10*3/uL", 2),
  CREATININE("2160-0", "mg/dL", 2),
  BILIRUBIN("1975-2", "mg/dL", 1),
  LDH("2532-0", "U/L", 0),
  TRIGLYCERIDES("2571-8", "mg/dL", 0);

  /**
   * A patient's baseline (drawn per patient) and the reporting lab's reference range (null where
   * the lab gives no limit).
   */
  public record Range(Quantiles baseline, Double low, Double high) {}

  private final String loinc;
  private final String unit;
  private final int decimals;

  Analyte(String loinc, String unit, int decimals) {
    this.loinc = loinc;
    this.unit = unit;
    this.decimals = decimals;
  }

  public String loinc() {
    return loinc;
  }

  public String unit() {
    return unit;
  }

  /** Decimal places the lab reports. */
  public int decimals() {
    return decimals;
  }

  /**
   * Demo baselines and reference ranges. The upper/lower limits of ferritin, ALT, AST, bilirubin,
   * LDH, fibrinogen (LLN) and triglycerides are reference §14's; every other limit and every
   * baseline spread is a simulation parameter (typical adult values, not from the reference).
   */
  Range demoRange() {
    return switch (this) {
      case FERRITIN -> new Range(Quantiles.of(40, 150, 300, 500, 1200), 30.0, PublishedFrequencies.FERRITIN_ULN);
      case CRP -> new Range(Quantiles.of(0.5, 2, 4, 9, 25), null, 5.0);
      case FIBRINOGEN -> new Range(Quantiles.of(220, 280, 320, 370, 450), PublishedFrequencies.FIBRINOGEN_LLN, 400.0);
      case ALT -> new Range(Quantiles.of(8, 15, 22, 30, 38), 7.0, PublishedFrequencies.TRANSAMINASE_ULN);
      case AST -> new Range(Quantiles.of(10, 17, 24, 31, 38), 10.0, PublishedFrequencies.TRANSAMINASE_ULN);
      case ANC -> new Range(Quantiles.of(1.2, 2.0, 2.8, 3.8, 6.0), 1.5, 7.5);
      case PLATELETS -> new Range(Quantiles.of(60, 120, 170, 220, 320), 150.0, 400.0);
      case HEMOGLOBIN -> new Range(Quantiles.of(8.5, 10, 11, 12.3, 14.5), 12.0, 16.0);
      case WBC -> new Range(Quantiles.of(2.5, 3.6, 4.6, 6.0, 9.0), 4.0, 10.0);
      case CREATININE -> new Range(Quantiles.of(0.55, 0.75, 0.9, 1.05, 1.3), 0.6, 1.2);
      case BILIRUBIN -> new Range(Quantiles.of(0.2, 0.4, 0.6, 0.8, 1.1), 0.2, PublishedFrequencies.BILIRUBIN_ULN);
      case LDH -> new Range(Quantiles.of(130, 170, 210, 260, 400), 120.0, PublishedFrequencies.LDH_ULN);
      case TRIGLYCERIDES -> new Range(Quantiles.of(60, 95, 120, 150, 210), null, PublishedFrequencies.TRIGLYCERIDES_ULN);
    };
  }
}
