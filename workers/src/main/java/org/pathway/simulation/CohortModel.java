package org.pathway.simulation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.pathway.clinical.Patient;

/**
 * Draws a cohort from a seed: the same seed and parameters always give the same patients, and each
 * patient's draws come from its own split of the seed, so patient k is the same whatever N is.
 * Frequencies come from {@link PublishedFrequencies} where the reference gives them, from
 * {@link SimulationParameters} otherwise.
 */
public final class CohortModel {

  private final SimulationParameters parameters;

  public CohortModel(SimulationParameters parameters) {
    this.parameters = parameters;
  }

  public Cohort generate(int patients, long seed) {
    if (patients < 0) {
      throw new IllegalArgumentException("a cohort has at least 0 patients");
    }
    SplittableRandom root = new SplittableRandom(seed);
    List<SimulatedPatient> out = new ArrayList<>(patients);
    for (int i = 0; i < patients; i++) {
      out.add(patient(i, seed, root.split()));
    }
    return new Cohort(seed, parameters, out);
  }

  private SimulatedPatient patient(int index, long seed, SplittableRandom random) {
    Product product = product(random);
    String ward = parameters.wards().get(index % parameters.wards().size());
    Instant infusionAt = infusionAt(random);
    Patient patient =
        new Patient(
            "SIM-" + Long.toUnsignedString(seed, 36).toUpperCase() + "-" + String.format("%04d", index + 1),
            decimal(parameters.ageYears().sample(random), 0),
            decimal(parameters.weightKg().sample(random), 1),
            false,
            product.therapyClass(),
            product.label(),
            product.indication(),
            infusionAt,
            false);
    Trajectory trajectory = trajectory(product, random);
    return new SimulatedPatient(patient, ward, product, trajectory, random.nextLong());
  }

  private Product product(RandomGenerator random) {
    double total = parameters.productMix().values().stream().mapToDouble(Double::doubleValue).sum();
    double u = random.nextDouble() * total;
    double sum = 0;
    Product last = null;
    for (Product p : Product.values()) {
      double share = parameters.productMix().getOrDefault(p, 0.0);
      if (share > 0) {
        sum += share;
        last = p;
        if (u < sum) {
          return p;
        }
      }
    }
    if (last == null) {
      throw new IllegalArgumentException("the product mix is empty");
    }
    return last;
  }

  /** Infusion on one of the first days of the simulation, late morning in the ward's zone. */
  private Instant infusionAt(RandomGenerator random) {
    ZonedDateTime day =
        parameters.start().atZone(parameters.wardZone()).toLocalDate()
            .plusDays(random.nextInt(parameters.infusionSpreadDays()))
            .atTime(9, 0)
            .atZone(parameters.wardZone());
    return day.toInstant().plus(Duration.ofMinutes(15L * random.nextInt(16)));
  }

  Trajectory trajectory(Product product, RandomGenerator random) {
    boolean iecHs = random.nextDouble() < parameters.iecHs(product);
    int crsPeak = parameters.crs(product).draw(random);
    Trajectory.Episode crs = null;
    Trajectory.IecHs hs = null;
    if (crsPeak > 0) {
      double onset = parameters.crsOnsetDay().get(product).sample(random);
      crs = new Trajectory.Episode(onset, crsPeak, parameters.crsDurationDays().sample(random));
    }
    if (iecHs) {
      double onset = parameters.iecHsOnsetDay().sample(random);
      if (crs != null) {
        // §5: IEC-HS a median 4 days (IQR 1-6) after peak CRS — place the CRS peak accordingly
        double lag = parameters.iecHsAfterCrsPeakDays().sample(random);
        double peak = Math.max(onset - lag, crs.rise() + 0.2);
        double crsOnset = peak - crs.rise();
        if (product.target() == Product.Target.CD19) {
          crsOnset = Math.min(crsOnset, PublishedFrequencies.CD19_CAR_T_LATEST_CRS_ONSET_DAY);
        }
        crs = new Trajectory.Episode(crsOnset, crs.peakGrade(), crs.durationDays());
      }
      hs = new Trajectory.IecHs(
          onset,
          parameters.iecHsDurationDays().sample(random),
          random.nextDouble() < PublishedFrequencies.IEC_HS_CYTOPENIAS,
          random.nextDouble() < PublishedFrequencies.IEC_HS_FEVER,
          random.nextDouble() < PublishedFrequencies.IEC_HS_LDH_HIGH,
          random.nextDouble() < PublishedFrequencies.IEC_HS_HYPOFIBRINOGENEMIA,
          random.nextDouble() < PublishedFrequencies.IEC_HS_HYPERTRIGLYCERIDEMIA,
          random.nextDouble() < PublishedFrequencies.IEC_HS_TRANSAMINASE_ELEVATION,
          random.nextDouble() < PublishedFrequencies.IEC_HS_RENAL_INSUFFICIENCY,
          random.nextDouble() < PublishedFrequencies.IEC_HS_HYPERBILIRUBINEMIA);
    }
    Trajectory.Episode icans = icans(product, crs, hs != null, random);
    return new Trajectory(crs, icans, hs, ferritinPeak(product, crs, hs != null, random));
  }

  private Trajectory.Episode icans(Product product, Trajectory.Episode crs, boolean iecHs, RandomGenerator random) {
    GradeDistribution grades = parameters.icans().get(product);
    // §5: 63% of the IEC-HS cases had ICANS; the grade given ICANS is the product's parameter
    int peak = iecHs
        ? (random.nextDouble() < PublishedFrequencies.IEC_HS_ICANS ? grades.drawGivenAny(random) : 0)
        : grades.draw(random);
    if (peak == 0) {
      return null;
    }
    double from = crs == null ? 0.5 : crs.onsetDay();
    return new Trajectory.Episode(
        from + parameters.icansOnsetAfterCrsOnsetDays().sample(random),
        peak,
        parameters.icansDurationDays().sample(random));
  }

  /**
   * The highest ferritin. §5 companion abstract (MM, BCMA CAR T): 90.4% of IEC-HS cases and 6.6%
   * of the others reach 7,470 ng/mL. Below it, and for the other products, how high ferritin goes
   * with CRS is a simulation parameter applied by {@link WardObservations}: 0 means "follow the CRS".
   */
  private double ferritinPeak(Product product, Trajectory.Episode crs, boolean iecHs, RandomGenerator random) {
    double cut = PublishedFrequencies.IEC_HS_FERRITIN_DISCRIMINATOR_NG_PER_ML;
    if (iecHs) {
      return random.nextDouble() < PublishedFrequencies.IEC_HS_FERRITIN_ABOVE_DISCRIMINATOR
          ? HIGH_FERRITIN.sample(random)
          : Quantiles.uniform(2_000, cut - 1).sample(random);
    }
    if (product.isBcmaCarT() && random.nextDouble() < PublishedFrequencies.NO_IEC_HS_FERRITIN_ABOVE_DISCRIMINATOR) {
      return HIGH_FERRITIN.sample(random);
    }
    return 0;
  }

  /** Simulation parameter: how far above 7,470 ng/mL a high ferritin goes (not from the reference). */
  static final Quantiles HIGH_FERRITIN = Quantiles.of(7_500, 9_000, 12_000, 18_000, 40_000);

  static BigDecimal decimal(double value, int scale) {
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
  }

  /**
   * A cohort chosen from the first {@code pool} patients of a seed, so that a small ward has the
   * courses it is meant to show or test: {@link Selection#pick} what is wanted, the rest as they come.
   */
  public Selection select(int pool, long seed) {
    return new Selection(generate(pool, seed));
  }

  /** Patients picked from a seeded pool, in the order picked. */
  public static final class Selection {
    private final Cohort pool;
    private final java.util.Set<SimulatedPatient> chosen = new java.util.LinkedHashSet<>();

    private Selection(Cohort pool) {
      this.pool = pool;
    }

    /** Adds up to {@code n} patients not yet chosen that have what is wanted. */
    public Selection pick(int n, java.util.function.Predicate<SimulatedPatient> wanted) {
      pool.patients().stream().filter(p -> !chosen.contains(p)).filter(wanted).limit(n).forEach(chosen::add);
      return this;
    }

    /** The cohort of {@code size} patients: those picked, then the pool's next ones. */
    public Cohort cohort(int size) {
      pick(size - chosen.size(), p -> true);
      return new Cohort(pool.seed(), pool.parameters(), new ArrayList<>(chosen));
    }
  }

  /** The cohort of the demo defaults. */
  public static Cohort of(int patients, long seed) {
    return new CohortModel(SimulationParameters.defaults()).generate(patients, seed);
  }
}
