package org.pathway.clinical;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A patient's history in the shape of the evaluation contract (iec-timeline/1): what happened, when.
 * Values are kept as sent; units are converted where a criterion reads them.
 */
public record Timeline(
    Patient patient,
    List<LabResult> labs,
    List<Vitals> vitals,
    List<NeuroExam> neuro,
    List<Treatment> treatments,
    List<Finding> findings) {

  public Timeline {
    labs = List.copyOf(labs);
    vitals = List.copyOf(vitals);
    neuro = List.copyOf(neuro);
    treatments = List.copyOf(treatments);
    findings = List.copyOf(findings);
  }

  /** A bedside observation: temperature, hypotension, vasopressors running, oxygen support. */
  public record Vitals(
      Instant at,
      Temperature temperature,
      boolean hypotension,
      List<String> vasopressors,
      Oxygen oxygen,
      boolean feverAttributedToOtherCause) {}

  /** Temperature as measured: UCUM "Cel" or "[degF]". */
  public record Temperature(BigDecimal value, String unit) {}

  public enum OxygenDevice {
    NONE,
    BLOW_BY,
    NASAL_CANNULA,
    HIGH_FLOW_NASAL_CANNULA,
    FACE_MASK,
    NON_REBREATHER,
    VENTURI_MASK,
    CPAP,
    BIPAP,
    MECHANICAL_VENTILATION
  }

  public enum VentilationReason {
    HYPOXIA,
    AIRWAY_PROTECTION
  }

  public record Oxygen(OxygenDevice device, BigDecimal flowLpm, VentilationReason reason) {}

  public enum Consciousness {
    AWAKE,
    AWAKENS_TO_VOICE,
    AWAKENS_TO_TACTILE,
    UNAROUSABLE
  }

  public enum Seizure {
    NONE,
    RAPIDLY_RESOLVING,
    PROLONGED_OR_REPETITIVE
  }

  public enum CerebralEdema {
    NONE,
    FOCAL,
    DIFFUSE
  }

  /** A neurological assessment: ICE (0-10) or CAPD (0-32) and the other ICANS domains. */
  public record NeuroExam(
      Instant at,
      Integer ice,
      Integer capd,
      Consciousness consciousness,
      boolean globalAphasia,
      Seizure seizure,
      boolean deepFocalMotorWeakness,
      CerebralEdema cerebralEdema,
      boolean raisedIcpSigns,
      boolean sedated) {}

  public enum Indication {
    CRS,
    ICANS,
    IEC_HS,
    PROPHYLAXIS,
    OTHER
  }

  /** A drug given (or, with {@code proposed}, an order to check). Drug names are lower case. */
  public record Treatment(
      Instant at, String drug, BigDecimal doseMg, Indication indication, boolean proposed) {}

  public enum FindingType {
    HEMOPHAGOCYTOSIS,
    SPLENOMEGALY,
    HEPATOMEGALY,
    BLEEDING_REQUIRING_TRANSFUSION,
    LIFE_THREATENING_BLEEDING,
    NEW_RENAL_INSUFFICIENCY,
    DIALYSIS,
    INTUBATION,
    PULMONARY_INFILTRATES,
    HOSPITALIZATION,
    INFECTION_CONFIRMED,
    DISEASE_PROGRESSION,
    DEATH,
    // Extensions beyond iec-timeline/1, whose finding types are silent on them: the clinician's
    // grade >=3 (CTCAE v5.0) pulmonary oedema and oliguria of the carHLH criteria 3 and 2
    // (reference §6: "clinical findings (clinician-entered)"). README: "Findings beyond the contract".
    PULMONARY_EDEMA_GRADE_3_OR_MORE,
    OLIGURIA_GRADE_3_OR_MORE
  }

  public enum Attribution {
    CRS,
    ICANS,
    IEC_HS,
    OTHER
  }

  public record Finding(Instant at, FindingType type, Attribution attributedTo) {}
}
