package org.pathway.simulation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.pathway.clinical.DrawSchedule;
import org.pathway.clinical.LabResult;
import org.pathway.clinical.Timeline;
import org.pathway.clinical.Timeline.Consciousness;
import org.pathway.clinical.Timeline.Oxygen;
import org.pathway.clinical.Timeline.OxygenDevice;

/**
 * What a ward observes of a simulated patient, in the evaluation contract's shapes: the daily labs
 * at the ward's draw time (reference §2 LOINC, §1 units, the lab's reference range), vitals that
 * grade to the true CRS grade under ASTCT (reference §3.1) and neuro exams whose ICE score and
 * consciousness grade to the true ICANS grade (reference §4.2). Labs follow the trajectory with
 * noise and missing draws. No treatments: what staff do is the later simulation's business, so
 * fever is never masked by therapy here.
 *
 * <p>The shape of each curve (how far ferritin rises with CRS, how deep the cytopenias after
 * lymphodepletion go, ...) is a simulation parameter, not from the reference: see the constants
 * below.
 */
public final class WardObservations {

  // --- simulation parameters of the lab curves (NOT FROM THE REFERENCE, demo only) -------------

  /** CRP rise (mg/L) per CRS grade, and with active IEC-HS. */
  static final double CRP_PER_CRS_GRADE = 45;

  static final double CRP_IEC_HS = 70;

  /** Ferritin multiple of baseline per CRS peak grade when no published peak applies. */
  static final double FERRITIN_FOLD_PER_CRS_GRADE = 1.5;

  /** Fibrinogen in IEC-HS with hypofibrinogenemia (mg/dL): below §5.1's 150 mg/dL. */
  static final Quantiles IEC_HS_FIBRINOGEN = Quantiles.uniform(70, 140);

  /** ALT and AST in IEC-HS with transaminase elevation, multiples of the ULN (above §5.1's 5×). */
  static final Quantiles IEC_HS_ALT_FOLD_ULN = Quantiles.uniform(6, 12);

  static final Quantiles IEC_HS_AST_FOLD_ULN = Quantiles.uniform(5.5, 10);

  /** LDH in IEC-HS with elevated LDH: the median is §5's 1,800 U/L [V], the spread a parameter. */
  static final Quantiles IEC_HS_LDH =
      Quantiles.of(700, 1_200, PublishedFrequencies.IEC_HS_LDH_MEDIAN_U_PER_L, 2_600, 5_000);

  /** Triglycerides in IEC-HS with hypertriglyceridemia (mg/dL): above §5.1's 265 mg/dL. */
  static final Quantiles IEC_HS_TRIGLYCERIDES = Quantiles.uniform(280, 480);

  /** Bilirubin in IEC-HS with hyperbilirubinemia, multiples of the ULN. */
  static final Quantiles IEC_HS_BILIRUBIN_FOLD_ULN = Quantiles.uniform(2.2, 4);

  /** Creatinine multiple of baseline in IEC-HS with renal insufficiency. */
  static final double IEC_HS_CREATININE_FOLD = 2.8;

  /** How deep counts fall in IEC-HS cytopenias (fraction lost). */
  static final double IEC_HS_COUNT_LOSS = 0.75;

  /** CAR T after lymphodepletion: nadir (fraction of baseline) of ANC and platelets, recovery day. */
  static final Quantiles CAR_T_ANC_NADIR = Quantiles.uniform(0.04, 0.3);

  static final Quantiles CAR_T_PLATELET_NADIR = Quantiles.uniform(0.3, 0.75);

  static final Quantiles CAR_T_RECOVERY_DAY = Quantiles.uniform(8, 18);

  /** T-cell engagers: counts dip by this fraction during step-up. */
  static final double TCE_COUNT_DIP = 0.3;

  /** Days over which an inflammation marker falls back after its cause resolved. */
  static final double DECAY_DAYS = 2.5;

  private final SimulationParameters parameters;

  public WardObservations(SimulationParameters parameters) {
    this.parameters = parameters;
  }

  /** The patient's timeline from enrolment to D+{@code days}. */
  public Timeline timeline(SimulatedPatient p, int days) {
    // one stream per kind, so a shorter run is a prefix of a longer one
    SplittableRandom root = new SplittableRandom(p.observationSeed());
    SplittableRandom patientDraws = root.split();
    SplittableRandom labNoise = root.split();
    SplittableRandom bedside = root.split();
    SplittableRandom neuroDraws = root.split();
    Curves curves = new Curves(p, patientDraws);
    return new Timeline(
        p.patient(), labs(p, days, curves, labNoise), vitals(p, days, bedside), neuro(p, days, neuroDraws),
        List.of(), List.of());
  }

  /** Fractional days since infusion. */
  static double day(Instant infusionAt, Instant at) {
    return Duration.between(infusionAt, at).toMillis() / 86_400_000.0;
  }

  // --- labs --------------------------------------------------------------------------------------

  private List<LabResult> labs(SimulatedPatient p, int days, Curves curves, RandomGenerator random) {
    Instant infusionAt = p.patient().infusionAt();
    DrawSchedule schedule = new DrawSchedule(
        infusionAt, infusionAt.minus(Duration.ofHours(3)), Math.max(days, 1), parameters.drawTime(),
        parameters.wardZone());
    List<LabResult> out = new ArrayList<>();
    for (int i = 0; ; i++) {
      DrawSchedule.Draw draw = schedule.draw(i);
      if (draw.monitoringComplete() || draw.dayPostInfusion() > days) {
        return out;
      }
      // the baseline is always drawn; a daily draw may be missed as a whole
      boolean missed = random.nextDouble() < parameters.missedDraw() && i > 0;
      for (Analyte a : Analyte.values()) {
        double noise = Math.exp(parameters.labNoise() * random.nextGaussian());
        boolean missing = random.nextDouble() < parameters.missingAnalyte() && i > 0;
        if (missed || missing) {
          continue;
        }
        Analyte.Range range = parameters.labs().get(a);
        double value = curves.value(a, day(infusionAt, draw.dueAt())) * noise;
        out.add(new LabResult(
            a.loinc(), reported(value, a.decimals()), a.unit(), limit(range.low()), limit(range.high()),
            draw.dueAt(), LabResult.Status.FINAL, p.id() + "-" + i + "-" + a.loinc(), null, null));
      }
    }
  }

  private static BigDecimal reported(double value, int decimals) {
    BigDecimal smallest = BigDecimal.ONE.movePointLeft(decimals);
    BigDecimal v = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
    return v.compareTo(smallest) < 0 ? smallest : v;
  }

  private static BigDecimal limit(Double value) {
    return value == null ? null : BigDecimal.valueOf(value);
  }

  /** The patient's lab curves: baselines and IEC-HS targets drawn once, values by day. */
  private final class Curves {
    final Trajectory t;
    final boolean carT;
    final Map<Analyte, Double> base = new EnumMap<>(Analyte.class);
    final double fibrinogenLow;
    final double altHigh;
    final double astHigh;
    final double ldhHigh;
    final double tgHigh;
    final double bilirubinHigh;
    final double ancNadir;
    final double plateletNadir;
    final double recoveryDay;

    Curves(SimulatedPatient p, RandomGenerator random) {
      t = p.trajectory();
      carT = p.product().therapyClass() == org.pathway.clinical.Patient.TherapyClass.CAR_T;
      for (Analyte a : Analyte.values()) {
        base.put(a, parameters.labs().get(a).baseline().sample(random));
      }
      fibrinogenLow = IEC_HS_FIBRINOGEN.sample(random);
      altHigh = IEC_HS_ALT_FOLD_ULN.sample(random) * PublishedFrequencies.TRANSAMINASE_ULN;
      astHigh = IEC_HS_AST_FOLD_ULN.sample(random) * PublishedFrequencies.TRANSAMINASE_ULN;
      ldhHigh = IEC_HS_LDH.sample(random);
      tgHigh = IEC_HS_TRIGLYCERIDES.sample(random);
      bilirubinHigh = IEC_HS_BILIRUBIN_FOLD_ULN.sample(random) * PublishedFrequencies.BILIRUBIN_ULN;
      ancNadir = CAR_T_ANC_NADIR.sample(random);
      plateletNadir = CAR_T_PLATELET_NADIR.sample(random);
      recoveryDay = CAR_T_RECOVERY_DAY.sample(random);
    }

    /** 0 before start, rising to 1 at peak, 1 until end, then falling back. */
    static double pulse(double d, double start, double peak, double end, double decay) {
      if (d < start) {
        return 0;
      }
      if (d < peak) {
        return (d - start) / Math.max(peak - start, 1e-9);
      }
      return d < end ? 1 : Math.exp(-(d - end) / decay);
    }

    /** CRS inflammation: the grade while active, easing off after it resolves. */
    double crs(double d) {
      if (t.crs() == null) {
        return 0;
      }
      double grade = t.crs().gradeAt(d);
      return d >= t.crs().endDay() ? Math.exp(-(d - t.crs().endDay()) / DECAY_DAYS) : grade;
    }

    /** The IEC-HS picture: 0 before, building up over a day and a half, 1 while active. */
    double iecHs(double d) {
      return t.iecHs() == null
          ? 0
          : pulse(d, t.iecHs().onsetDay() - 0.5, t.iecHs().onsetDay() + 1, t.iecHs().endDay(), DECAY_DAYS);
    }

    static double toward(double from, double to, double weight) {
      return from + (to - from) * weight;
    }

    /** Counts after lymphodepletion (CAR T) or during step-up (TCE): a fraction of baseline. */
    double marrow(double d, double nadir) {
      if (!carT) {
        return 1 - TCE_COUNT_DIP * pulse(d, 1, 3, 10, 4);
      }
      if (d < 4) {
        return toward(0.8, nadir, Math.max(d, 0) / 4);
      }
      return d < recoveryDay ? nadir : toward(nadir, 0.85, Math.min(1, (d - recoveryDay) / 6));
    }

    double value(Analyte a, double d) {
      double b = base.get(a);
      double crs = crs(d);
      double hs = iecHs(d);
      Trajectory.IecHs f = t.iecHs();
      double cytopenia = f != null && f.cytopenias() ? 1 - IEC_HS_COUNT_LOSS * hs : 1;
      return switch (a) {
        case FERRITIN -> b + Math.max(ferritinCrs(d, b), f == null ? 0 : Math.max(0, t.ferritinPeak() - b) * hs);
        case CRP -> b + CRP_PER_CRS_GRADE * crs + CRP_IEC_HS * hs;
        case FIBRINOGEN -> {
          double acute = b * (1 + 0.12 * crs);
          yield f != null && f.hypofibrinogenemia() ? toward(acute, fibrinogenLow, hs) : acute;
        }
        case ALT -> f != null && f.transaminaseElevation() ? toward(b, altHigh, hs) : b * (1 + 0.2 * crs);
        case AST -> f != null && f.transaminaseElevation() ? toward(b, astHigh, hs) : b * (1 + 0.2 * crs);
        case ANC -> b * marrow(d, ancNadir) * cytopenia;
        case PLATELETS -> b * marrow(d, plateletNadir) * cytopenia;
        case HEMOGLOBIN -> b * (1 - 0.12 * Math.min(1, Math.max(d, 0) / 7)) * (f != null && f.cytopenias() ? 1 - 0.15 * hs : 1);
        case WBC -> value(Analyte.ANC, d) + Math.max(0.4, b - base.get(Analyte.ANC)) * marrow(d, ancNadir);
        case CREATININE -> b * (1 + 0.1 * crs) * (f != null && f.renalInsufficiency() ? 1 + (IEC_HS_CREATININE_FOLD - 1) * hs : 1);
        case BILIRUBIN -> f != null && f.hyperbilirubinemia() ? toward(b, bilirubinHigh, hs) : b;
        case LDH -> f != null && f.ldhHigh() ? toward(b, ldhHigh, hs) : b * (1 + 0.25 * crs);
        case TRIGLYCERIDES -> f != null && f.hypertriglyceridemia() ? toward(b, tgHigh, hs) : b * (1 + 0.1 * crs);
      };
    }

    /** Ferritin with CRS: to the published high peak where one was drawn, else a multiple of baseline. */
    private double ferritinCrs(double d, double b) {
      if (t.crs() == null && (t.iecHs() != null || t.ferritinPeak() == 0)) {
        return 0;
      }
      Trajectory.Episode e = t.crs() != null ? t.crs() : new Trajectory.Episode(5, 1, 3);
      double peak = t.iecHs() == null && t.ferritinPeak() > 0
          ? t.ferritinPeak()
          : b * (1 + FERRITIN_FOLD_PER_CRS_GRADE * e.peakGrade());
      return (peak - b) * pulse(d, e.onsetDay(), e.peakDay() + 1, e.endDay(), DECAY_DAYS * 1.6);
    }
  }

  // --- vitals ------------------------------------------------------------------------------------

  /** The ward's rounds of one kind: every {@code interval} from {@code offset} after local midnight. */
  private List<Instant> rounds(SimulatedPatient p, int days, Duration offset, Duration interval) {
    Instant infusionAt = p.patient().infusionAt();
    Instant end = infusionAt.plus(Duration.ofDays(days + 1L));
    Instant at = infusionAt.atZone(parameters.wardZone()).toLocalDate().atStartOfDay(parameters.wardZone())
        .toInstant().plus(offset);
    List<Instant> out = new ArrayList<>();
    for (; at.isBefore(end); at = at.plus(interval)) {
      if (at.isAfter(infusionAt)) {
        out.add(at);
      }
    }
    return out;
  }

  private List<Timeline.Vitals> vitals(SimulatedPatient p, int days, RandomGenerator random) {
    List<Timeline.Vitals> out = new ArrayList<>();
    Trajectory t = p.trajectory();
    for (Instant at : rounds(p, days, Duration.ofHours(2), parameters.vitalsInterval())) {
      double d = day(p.patient().infusionAt(), at);
      out.add(vitals(at, t.crsGradeAt(d), t.iecHs() != null && t.iecHs().fever() && t.iecHsAt(d), random));
    }
    return out;
  }

  /**
   * Vitals that ASTCT (reference §3.1) grades to {@code grade}: fever ≥38.0 °C for any grade
   * (never on the boundary), then the more severe of hypotension and hypoxia decides (§3.2 rule 3).
   * An IEC-HS fever outside CRS is recorded as attributed to another cause by the clinician
   * (§3.2 rule 1), so it is not graded as CRS.
   */
  static Timeline.Vitals vitals(Instant at, int grade, boolean iecHsFever, RandomGenerator random) {
    boolean fever = grade > 0 || iecHsFever;
    BigDecimal temperature = BigDecimal.valueOf(fever ? 38.1 + random.nextInt(17) / 10.0 : 36.2 + random.nextInt(15) / 10.0)
        .setScale(1, RoundingMode.HALF_UP);
    boolean hypotension = false;
    List<String> pressors = List.of();
    Oxygen oxygen = new Oxygen(OxygenDevice.NONE, null, null);
    double u = random.nextDouble();
    switch (grade) {
      case 2 -> {
        // hypotension without vasopressors and/or low-flow nasal cannula ≤6 L/min
        hypotension = u < 0.6;
        if (u >= 0.4) {
          oxygen = nasalCannula(1 + random.nextInt(6));
        }
      }
      case 3 -> {
        if (u < 0.5) {
          hypotension = true;
          pressors = random.nextBoolean() ? List.of("norepinephrine") : List.of("norepinephrine", "vasopressin");
          if (random.nextBoolean()) {
            oxygen = nasalCannula(1 + random.nextInt(6));
          }
        } else {
          hypotension = random.nextBoolean();
          oxygen = random.nextBoolean()
              ? new Oxygen(OxygenDevice.HIGH_FLOW_NASAL_CANNULA, BigDecimal.valueOf(20 + 10 * random.nextInt(5)), null)
              : new Oxygen(OxygenDevice.FACE_MASK, BigDecimal.valueOf(5 + random.nextInt(6)), null);
        }
      }
      case 4 -> {
        if (u < 0.5) {
          hypotension = true;
          pressors = List.of("norepinephrine", "phenylephrine");
        } else {
          hypotension = random.nextBoolean();
          OxygenDevice device = List.of(OxygenDevice.CPAP, OxygenDevice.BIPAP, OxygenDevice.MECHANICAL_VENTILATION)
              .get(random.nextInt(3));
          oxygen = new Oxygen(device, null, Timeline.VentilationReason.HYPOXIA);
        }
      }
      default -> { }
    }
    return new Timeline.Vitals(
        at, new Timeline.Temperature(temperature, "Cel"), hypotension, pressors, oxygen, iecHsFever && grade == 0);
  }

  private static Oxygen nasalCannula(int flowLpm) {
    return new Oxygen(OxygenDevice.NASAL_CANNULA, BigDecimal.valueOf(flowLpm), null);
  }

  // --- neuro exams -------------------------------------------------------------------------------

  private List<Timeline.NeuroExam> neuro(SimulatedPatient p, int days, RandomGenerator random) {
    List<Timeline.NeuroExam> out = new ArrayList<>();
    for (Instant at : rounds(p, days, Duration.ofHours(9), parameters.neuroInterval())) {
      out.add(neuro(at, p.trajectory().icansGradeAt(day(p.patient().infusionAt(), at)), random));
    }
    return out;
  }

  /** An adult neuro exam (ICE, reference §4.1) that the §4.2 table grades to {@code grade}. */
  static Timeline.NeuroExam neuro(Instant at, int grade, RandomGenerator random) {
    int ice = 10;
    Consciousness consciousness = Consciousness.AWAKE;
    Timeline.Seizure seizure = Timeline.Seizure.NONE;
    boolean aphasia = false;
    double u = random.nextDouble();
    switch (grade) {
      case 1 -> ice = 7 + random.nextInt(3);
      case 2 -> {
        if (u < 0.8) {
          ice = 3 + random.nextInt(4);
        } else {
          ice = 7 + random.nextInt(4);
          consciousness = Consciousness.AWAKENS_TO_VOICE;
        }
      }
      case 3 -> {
        if (u < 0.6) {
          ice = random.nextInt(3);
          aphasia = ice == 0;
        } else if (u < 0.85) {
          ice = 3 + random.nextInt(4);
          consciousness = Consciousness.AWAKENS_TO_TACTILE;
        } else {
          ice = 3 + random.nextInt(4);
          seizure = Timeline.Seizure.RAPIDLY_RESOLVING;
        }
      }
      case 4 -> {
        ice = 0;
        consciousness = Consciousness.UNAROUSABLE;
      }
      default -> { }
    }
    return new Timeline.NeuroExam(
        at, ice, null, consciousness, aphasia, seizure, false, Timeline.CerebralEdema.NONE, false, false);
  }
}
