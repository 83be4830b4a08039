package org.pathway.simulation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the cohort model needs that the clinical reference does not give: NOT FROM THE
 * REFERENCE, FOR THE DEMO ONLY. The defaults make a plausible ward for a demonstration and a
 * benchmark; they are not clinical frequencies and must never be read as such. Where the reference
 * gives a number, {@link PublishedFrequencies} holds it and these parameters do not override it.
 *
 * @param productMix share of each product in the cohort (normalised)
 * @param crsWithoutReference peak-grade CRS frequencies of the products the reference gives no
 *     number for (teclistamab's come from {@link PublishedFrequencies#TECLISTAMAB_CRS})
 * @param crsOnsetDay CRS onset, days after infusion (first step-up dose for TCE)
 * @param crsDurationDays how long CRS lasts from onset
 * @param icans peak-grade ICANS frequencies per product (none in the reference)
 * @param icansOnsetAfterCrsOnsetDays ICANS onset relative to CRS onset (or to infusion without CRS)
 * @param icansDurationDays how long ICANS lasts
 * @param iecHsWithoutReference IEC-HS frequency of the products §5 gives none for (not BCMA CAR T)
 * @param iecHsOnsetQuartiles 25th and 75th percentile of IEC-HS onset (§5 gives median and range)
 * @param iecHsAfterCrsPeakExtremes shortest and longest days from peak CRS to IEC-HS (§5 gives
 *     median and IQR)
 * @param iecHsDurationDays how long the IEC-HS picture lasts
 * @param ageYears adult ages (so the ICE score, not CAPD, applies: reference §4.3)
 * @param weightKg body weights
 * @param wards the wards patients are spread over, evenly
 * @param start the simulation's start; infusions fall in the first {@code infusionSpreadDays}
 * @param infusionSpreadDays over how many days the infusions are spread
 * @param drawTime the ward's daily-labs draw time (as pathway.daily-draw-time configures the service)
 * @param wardZone the ward's time zone (pathway.ward-time-zone)
 * @param vitalsInterval how often the ward records vitals
 * @param neuroInterval how often the ward examines (ICE)
 * @param missedDraw probability that a whole daily draw is missed
 * @param missingAnalyte probability that one analyte of a draw is not reported
 * @param labNoise coefficient of variation of the analytical and biological noise on each value
 * @param labs baseline and reference range of each analyte
 * @param staff per task type, how often staff are late or forget it (for the later simulate)
 */
public record SimulationParameters(
    Map<Product, Double> productMix,
    Map<Product, GradeDistribution> crsWithoutReference,
    Map<Product, Quantiles> crsOnsetDay,
    Quantiles crsDurationDays,
    Map<Product, GradeDistribution> icans,
    Quantiles icansOnsetAfterCrsOnsetDays,
    Quantiles icansDurationDays,
    Map<Product, Double> iecHsWithoutReference,
    double[] iecHsOnsetQuartiles,
    double[] iecHsAfterCrsPeakExtremes,
    Quantiles iecHsDurationDays,
    Quantiles ageYears,
    Quantiles weightKg,
    List<String> wards,
    Instant start,
    int infusionSpreadDays,
    LocalTime drawTime,
    ZoneId wardZone,
    Duration vitalsInterval,
    Duration neuroInterval,
    double missedDraw,
    double missingAnalyte,
    double labNoise,
    Map<Analyte, Analyte.Range> labs,
    StaffBehaviour staff) {

  public SimulationParameters {
    productMix = Map.copyOf(productMix);
    crsWithoutReference = Map.copyOf(crsWithoutReference);
    crsOnsetDay = Map.copyOf(crsOnsetDay);
    icans = Map.copyOf(icans);
    iecHsWithoutReference = Map.copyOf(iecHsWithoutReference);
    wards = List.copyOf(wards);
    labs = Map.copyOf(labs);
    for (Product p : Product.values()) {
      if (p != Product.TECLISTAMAB && !crsWithoutReference.containsKey(p)) {
        throw new IllegalArgumentException("no CRS frequencies for " + p.label());
      }
      if (!p.isBcmaCarT() && !iecHsWithoutReference.containsKey(p)) {
        throw new IllegalArgumentException("no IEC-HS frequency for " + p.label());
      }
      if (!crsOnsetDay.containsKey(p) || !icans.containsKey(p)) {
        throw new IllegalArgumentException("no CRS onset or ICANS frequencies for " + p.label());
      }
    }
    if (wards.isEmpty() || infusionSpreadDays < 1) {
      throw new IllegalArgumentException("a cohort needs a ward and at least one day to infuse on");
    }
  }

  /** The demo defaults (not from the reference). */
  public static SimulationParameters defaults() {
    Map<Product, Double> mix = new EnumMap<>(Product.class);
    mix.put(Product.CILTA_CEL, 0.30);
    mix.put(Product.IDE_CEL, 0.15);
    mix.put(Product.AXI_CEL, 0.30);
    mix.put(Product.TECLISTAMAB, 0.25);

    // demo values in the region of the products' trial reports; not checked against the reference
    Map<Product, GradeDistribution> crs = new EnumMap<>(Product.class);
    crs.put(Product.CILTA_CEL, new GradeDistribution(0.55, 0.36, 0.03, 0.01));
    crs.put(Product.IDE_CEL, new GradeDistribution(0.50, 0.28, 0.04, 0.01));
    crs.put(Product.AXI_CEL, new GradeDistribution(0.40, 0.40, 0.10, 0.03));

    Map<Product, Quantiles> onset = new EnumMap<>(Product.class);
    onset.put(Product.CILTA_CEL, Quantiles.of(1, 5, 7, 8, 12));
    onset.put(Product.IDE_CEL, Quantiles.of(0.2, 1, 1.5, 3, 9));
    // capped at the last CD19 onset day the reference's real-world data saw (§3.3)
    onset.put(Product.AXI_CEL, Quantiles.of(0.2, 1, 2, 3, PublishedFrequencies.CD19_CAR_T_LATEST_CRS_ONSET_DAY));
    // step-up dosing: most TCE CRS occurs during step-up (§12), days 1-7 (§12.1)
    onset.put(Product.TECLISTAMAB, Quantiles.of(0.5, 1.5, 2.5, 4.5, 8));

    Map<Product, GradeDistribution> icans = new EnumMap<>(Product.class);
    icans.put(Product.CILTA_CEL, new GradeDistribution(0.10, 0.06, 0.02, 0.01));
    icans.put(Product.IDE_CEL, new GradeDistribution(0.10, 0.05, 0.03, 0));
    icans.put(Product.AXI_CEL, new GradeDistribution(0.20, 0.16, 0.22, 0.06));
    icans.put(Product.TECLISTAMAB, new GradeDistribution(0.02, 0.01, 0, 0));

    Map<Product, Double> iecHs = new EnumMap<>(Product.class);
    iecHs.put(Product.AXI_CEL, 0.01);
    iecHs.put(Product.TECLISTAMAB, 0.005);

    Map<Analyte, Analyte.Range> labs = new EnumMap<>(Analyte.class);
    for (Analyte a : Analyte.values()) {
      labs.put(a, a.demoRange());
    }

    return new SimulationParameters(
        mix,
        crs,
        onset,
        Quantiles.of(1, 2.5, 4, 6, 12),
        icans,
        Quantiles.of(0, 1, 2, 4, 10),
        Quantiles.of(1, 2, 4, 6, 14),
        iecHs,
        new double[] {7, 13},
        new double[] {0, 14},
        Quantiles.of(3, 5, 7, 10, 21),
        Quantiles.of(25, 55, 64, 71, 85),
        Quantiles.of(45, 65, 76, 88, 130),
        List.of("H7", "H8"),
        Instant.parse("2026-01-05T00:00:00Z"),
        14,
        LocalTime.of(6, 0),
        ZoneId.of("Europe/Berlin"),
        Duration.ofHours(6),
        Duration.ofHours(12),
        0.03,
        0.02,
        0.05,
        labs,
        StaffBehaviour.defaults());
  }

  /** The CRS peak-grade distribution of a product: published where the reference gives one. */
  public GradeDistribution crs(Product product) {
    return product == Product.TECLISTAMAB ? PublishedFrequencies.TECLISTAMAB_CRS : crsWithoutReference.get(product);
  }

  /** The IEC-HS frequency of a product: published for BCMA CAR T (§5), else a parameter. */
  public double iecHs(Product product) {
    return switch (product) {
      case CILTA_CEL -> PublishedFrequencies.CILTA_CEL_IEC_HS;
      case IDE_CEL -> PublishedFrequencies.IDE_CEL_IEC_HS;
      default -> iecHsWithoutReference.get(product);
    };
  }

  /** IEC-HS onset day: §5's median and range, the parameters' quartiles between them. */
  public Quantiles iecHsOnsetDay() {
    return Quantiles.of(
        PublishedFrequencies.IEC_HS_ONSET_MIN_DAY,
        iecHsOnsetQuartiles[0],
        PublishedFrequencies.IEC_HS_ONSET_MEDIAN_DAY,
        iecHsOnsetQuartiles[1],
        PublishedFrequencies.IEC_HS_ONSET_MAX_DAY);
  }

  /** Days from peak CRS to IEC-HS: §5's median and IQR, the parameters' extremes around them. */
  public Quantiles iecHsAfterCrsPeakDays() {
    return Quantiles.of(
        iecHsAfterCrsPeakExtremes[0],
        PublishedFrequencies.IEC_HS_AFTER_CRS_PEAK_Q1_DAYS,
        PublishedFrequencies.IEC_HS_AFTER_CRS_PEAK_MEDIAN_DAYS,
        PublishedFrequencies.IEC_HS_AFTER_CRS_PEAK_Q3_DAYS,
        iecHsAfterCrsPeakExtremes[1]);
  }

  /** A copy with another product mix (e.g. one product only). */
  public SimulationParameters withProductMix(Map<Product, Double> mix) {
    return new SimulationParameters(mix, crsWithoutReference, crsOnsetDay, crsDurationDays, icans,
        icansOnsetAfterCrsOnsetDays, icansDurationDays, iecHsWithoutReference, iecHsOnsetQuartiles,
        iecHsAfterCrsPeakExtremes, iecHsDurationDays, ageYears, weightKg, wards, start, infusionSpreadDays,
        drawTime, wardZone, vitalsInterval, neuroInterval, missedDraw, missingAnalyte, labNoise, labs, staff);
  }

  /** A copy with other wards, start and infusion spread (what ./pathway simulate and its tests set). */
  public SimulationParameters withSchedule(List<String> wards, Instant start, int infusionSpreadDays) {
    return new SimulationParameters(productMix, crsWithoutReference, crsOnsetDay, crsDurationDays, icans,
        icansOnsetAfterCrsOnsetDays, icansDurationDays, iecHsWithoutReference, iecHsOnsetQuartiles,
        iecHsAfterCrsPeakExtremes, iecHsDurationDays, ageYears, weightKg, wards, start, infusionSpreadDays,
        drawTime, wardZone, vitalsInterval, neuroInterval, missedDraw, missingAnalyte, labNoise, labs, staff);
  }
}
