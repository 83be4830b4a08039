package org.pathway.simulation;

import org.pathway.clinical.Patient.TherapyClass;

/**
 * The products a simulated cohort receives: therapy class, target and indication as the
 * evaluation contract's patient object carries them (reference §5 names cilta-cel and ide-cel
 * as BCMA CAR T, §12 teclistamab as a T-cell engager; axi-cel is the CD19 CAR T of TC-01).
 */
public enum Product {
  CILTA_CEL("cilta-cel", TherapyClass.CAR_T, Target.BCMA, "MM"),
  IDE_CEL("ide-cel", TherapyClass.CAR_T, Target.BCMA, "MM"),
  AXI_CEL("axi-cel", TherapyClass.CAR_T, Target.CD19, "LBCL"),
  TECLISTAMAB("teclistamab", TherapyClass.TCE, Target.BCMA, "MM");

  /** The antigen the product is directed at. */
  public enum Target {
    BCMA,
    CD19
  }

  private final String label;
  private final TherapyClass therapyClass;
  private final Target target;
  private final String indication;

  Product(String label, TherapyClass therapyClass, Target target, String indication) {
    this.label = label;
    this.therapyClass = therapyClass;
    this.target = target;
    this.indication = indication;
  }

  /** The product's name as the contract's free-text {@code product} field carries it. */
  public String label() {
    return label;
  }

  public TherapyClass therapyClass() {
    return therapyClass;
  }

  public Target target() {
    return target;
  }

  public String indication() {
    return indication;
  }

  public boolean isBcmaCarT() {
    return therapyClass == TherapyClass.CAR_T && target == Target.BCMA;
  }
}
