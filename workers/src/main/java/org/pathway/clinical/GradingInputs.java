package org.pathway.clinical;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the CRS, ICANS and IEC-HS grade tables read at one point of a timeline: the most recent
 * vitals and neuro exam, converted and counted, and the treatments and findings so far. No grade is
 * decided here; the tables in dmn/ do that.
 */
public final class GradingInputs {

  private GradingInputs() {}

  /** Drugs that, given for CRS, make fever no longer required (reference §3.2 rule 2). */
  static final Set<String> FEVER_MASKING_DRUGS =
      Set.of("antipyretic", "tocilizumab", "siltuximab", "anakinra", "dexamethasone", "methylprednisolone");

  /** Positive-pressure support (reference §3.1 grade 4 devices). */
  static final Set<Timeline.OxygenDevice> POSITIVE_PRESSURE =
      EnumSet.of(
          Timeline.OxygenDevice.CPAP,
          Timeline.OxygenDevice.BIPAP,
          Timeline.OxygenDevice.MECHANICAL_VENTILATION);

  /** Fibrinogen replacement: an IEC-HS intervention of grade 2 (reference §5.3). */
  static final String CRYOPRECIPITATE = "cryoprecipitate";

  /** °F to °C by the reference §1 formula, exact in decimals (100.4 °F is 38.0 °C). */
  public static BigDecimal celsius(Timeline.Temperature t) {
    if (t == null || t.value() == null) {
      return null;
    }
    if ("[degF]".equals(t.unit())) {
      return t.value()
          .subtract(BigDecimal.valueOf(32))
          .multiply(BigDecimal.valueOf(5))
          .divide(BigDecimal.valueOf(9), MathContext.DECIMAL64);
    }
    return t.value();
  }

  /**
   * The item with the latest time at or before t; of items at that same time, the first listed.
   * A plain loop: it runs at every time point over the whole list.
   */
  static <T> Optional<T> latest(java.util.List<T> items, java.util.function.Function<T, Instant> at, Instant t) {
    T latest = null;
    Instant latestAt = null;
    for (T item : items) {
      Instant itemAt = at.apply(item);
      if (!itemAt.isAfter(t) && (latestAt == null || itemAt.isAfter(latestAt))) {
        latest = item;
        latestAt = itemAt;
      }
    }
    return Optional.ofNullable(latest);
  }

  /** Inputs of dmn/crs-grade.dmn, under the variable {@code crs}. */
  public static Map<String, Object> crs(Timeline timeline, Instant t) {
    Map<String, Object> crs = new LinkedHashMap<>();
    Optional<Timeline.Vitals> vitals = latest(timeline.vitals(), Timeline.Vitals::at, t);
    crs.put("vitalsRecorded", vitals.isPresent());
    crs.put("tempC", vitals.map(v -> celsius(v.temperature())).orElse(null));
    crs.put("feverAttributedToOtherCause", vitals.map(Timeline.Vitals::feverAttributedToOtherCause).orElse(false));
    crs.put("hypotension", vitals.map(Timeline.Vitals::hypotension).orElse(false));
    Vasopressor.Count pressors =
        Vasopressor.count(vitals.map(Timeline.Vitals::vasopressors).orElse(java.util.List.of()));
    crs.put("vasopressin", pressors.vasopressin());
    crs.put("nonVasopressinVasopressors", pressors.nonVasopressinAgents());
    crs.put("unknownVasopressors", pressors.unknown());
    Timeline.Oxygen oxygen = vitals.map(Timeline.Vitals::oxygen).orElse(null);
    crs.put("oxygenDevice", oxygen == null || oxygen.device() == null ? null : oxygen.device().name());
    crs.put("oxygenFlowLpm", oxygen == null ? null : oxygen.flowLpm());
    crs.put("ventilationReason", oxygen == null || oxygen.reason() == null ? null : oxygen.reason().name());
    crs.put("infant", timeline.patient().ageYears().compareTo(BigDecimal.ONE) < 0);
    crs.put(
        "feverMaskedByTherapy",
        given(
            timeline,
            t,
            tr -> tr.indication() == Timeline.Indication.CRS && FEVER_MASKING_DRUGS.contains(tr.drug())));
    crs.put("deathAttributedToCrs", died(timeline, t, Timeline.Attribution.CRS));
    return crs;
  }

  /** The ICANS instrument: CAPD for children below the configured age or with developmental delay. */
  public static String instrument(Patient patient, FeaturePolicy policy) {
    return patient.developmentalDelay() || patient.ageYears().compareTo(policy.capdBelowAgeYears()) < 0
        ? "CAPD"
        : "ICE";
  }

  /** Inputs of dmn/icans-grade.dmn, under the variable {@code icans}. */
  public static Map<String, Object> icans(Timeline timeline, Instant t, FeaturePolicy policy) {
    Map<String, Object> icans = new LinkedHashMap<>();
    Optional<Timeline.NeuroExam> exam = latest(timeline.neuro(), Timeline.NeuroExam::at, t);
    String instrument = instrument(timeline.patient(), policy);
    icans.put("examRecorded", exam.isPresent());
    icans.put("instrument", instrument);
    icans.put("score", exam.map(e -> "CAPD".equals(instrument) ? e.capd() : e.ice()).orElse(null));
    icans.put("consciousness", exam.map(e -> e.consciousness().name()).orElse(null));
    icans.put("globalAphasia", exam.map(Timeline.NeuroExam::globalAphasia).orElse(false));
    icans.put("seizure", exam.map(e -> e.seizure().name()).orElse(null));
    icans.put("deepFocalMotorWeakness", exam.map(Timeline.NeuroExam::deepFocalMotorWeakness).orElse(false));
    icans.put("cerebralEdema", exam.map(e -> e.cerebralEdema().name()).orElse(null));
    icans.put("raisedIcpSigns", exam.map(Timeline.NeuroExam::raisedIcpSigns).orElse(false));
    icans.put("sedated", exam.map(Timeline.NeuroExam::sedated).orElse(false));
    return icans;
  }

  /** Age below which HLH-2004 reads hemoglobin against 100 g/L instead of 90 (reference §7). */
  static final BigDecimal FOUR_WEEKS_IN_YEARS =
      BigDecimal.valueOf(28).divide(BigDecimal.valueOf(365.25), MathContext.DECIMAL64);

  /**
   * Inputs of dmn/hscore.dmn and dmn/hlh-2004.dmn, under {@code hlh}: the latest values in the units
   * the criteria are written in (a bound as {@code reading} takes it), organ findings so far, and
   * which inputs are missing.
   */
  public static Map<String, Object> hemophagocytic(
      Timeline timeline, LabSeries labs, Instant t, Reading reading) {
    Map<String, Object> hlh = new LinkedHashMap<>();
    java.util.List<String> missing = new java.util.ArrayList<>();
    BigDecimal temp =
        latest(timeline.vitals(), Timeline.Vitals::at, t).map(v -> celsius(v.temperature())).orElse(null);
    hlh.put("tempC", temp);
    hlh.put("immunosuppressed", timeline.patient().immunosuppressed());
    hlh.put("infantUnder4Weeks", timeline.patient().ageYears().compareTo(FOUR_WEEKS_IN_YEARS) < 0);
    hlh.put("hepatomegaly", findings(timeline, t, EnumSet.of(Timeline.FindingType.HEPATOMEGALY), true));
    hlh.put("splenomegaly", findings(timeline, t, EnumSet.of(Timeline.FindingType.SPLENOMEGALY), true));
    hlh.put("hemophagocytosis", hemophagocytosis(timeline, t));
    if (temp == null) {
      missing.add("TEMPERATURE");
    }
    latestValues(
        hlh,
        missing,
        labs,
        t,
        v -> true,
        reading,
        java.util.List.of(
            new Analyte("hemoglobinGdl", LabConcept.HEMOGLOBIN, Interval.Abnormal.LOW),
            new Analyte("wbc", LabConcept.WBC, Interval.Abnormal.LOW),
            new Analyte("platelets", LabConcept.PLATELETS, Interval.Abnormal.LOW),
            new Analyte("anc", LabConcept.ANC, Interval.Abnormal.LOW),
            new Analyte("ferritin", LabConcept.FERRITIN, Interval.Abnormal.HIGH),
            new Analyte("fibrinogenMgDl", LabConcept.FIBRINOGEN, Interval.Abnormal.LOW),
            new Analyte("ast", LabConcept.AST, Interval.Abnormal.HIGH),
            new Analyte("tgMgDl", LabConcept.TRIGLYCERIDES, Interval.Abnormal.HIGH),
            new Analyte("sil2rUnitsPerMl", LabConcept.SIL2R, Interval.Abnormal.HIGH)));
    // HScore and HLH-2004 state triglycerides in mmol/L with mg/dL equivalents (reference §1, §7,
    // §8); the tables compare a result in the unit family it was reported in
    Optional<LabSeries.Value> tg = labs.latest(LabConcept.TRIGLYCERIDES, t);
    boolean molar = tg.map(v -> UnitConverter.ucum().isSubstanceConcentration(v.unit())).orElse(false);
    hlh.put("tgReportedMolar", molar);
    Interval tgMgDl = reading.interval(LabConcept.TRIGLYCERIDES, tg.orElse(null));
    hlh.put(
        "tgMmolL",
        reading.end(
            tgMgDl == null ? null : tgMgDl.over(LabConcept.TRIGLYCERIDES.molar().factorValue()),
            Interval.Abnormal.HIGH));
    hlh.put("missing", missing);
    return hlh;
  }

  /**
   * Inputs of dmn/car-hlh.dmn, under {@code carHlh}: peak ferritin inside and after the CARTOX CRS
   * phase, and the highest value since infusion of each laboratory row of reference §6 as a fold of
   * what its CTCAE v5.0 grade is stated against; {@code missing} names the rows with no value to
   * grade (a row with a value and the lab's ULN is always graded). Bounds as {@code reading} takes
   * them (reference §5.2); a row with a bound left out is missing.
   */
  public static Map<String, Object> carHlh(
      Timeline timeline, LabSeries labs, Instant t, FeaturePolicy policy, Reading reading) {
    Instant infusion = timeline.patient().infusionAt();
    Instant phaseEnd = infusion.plus(policy.cartoxCrsPhase());
    java.util.List<LabSeries.Value> ferritin = labs.upTo(LabConcept.FERRITIN, t);
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("peakFerritinCrsPhase", reading.end(
        max(LabConcept.FERRITIN, ferritin, v -> !v.at().isBefore(infusion) && !v.at().isAfter(phaseEnd), reading),
        Interval.Abnormal.HIGH));
    in.put("peakFerritinAfterCrsPhase", reading.end(
        max(LabConcept.FERRITIN, ferritin, v -> v.at().isAfter(phaseEnd), reading), Interval.Abnormal.HIGH));
    BigDecimal bilirubin = foldOverUlnOrAbnormalBaseline(LabConcept.BILIRUBIN, labs, t, infusion, policy, reading);
    BigDecimal alt = foldOverUlnOrAbnormalBaseline(LabConcept.ALT, labs, t, infusion, policy, reading);
    BigDecimal ast = foldOverUlnOrAbnormalBaseline(LabConcept.AST, labs, t, infusion, policy, reading);
    in.put("bilirubinFoldMax", bilirubin);
    in.put("transaminaseFoldMax", alt == null ? ast : ast == null ? alt : alt.max(ast));
    // §6: creatinine grade 3 is ">3.0 × baseline or >3.0–6.0 × ULN", either one on its own
    java.util.List<LabSeries.Value> creatinine = labs.upTo(LabConcept.CREATININE, t);
    LabSeries.Value baselineValue = IecHsFeatures.baseline(creatinine, infusion, policy);
    Interval baseline = reading.interval(LabConcept.CREATININE, baselineValue);
    BigDecimal overBaseline = baseline == null ? null : reading.end(
        maxFold(LabConcept.CREATININE, creatinine, infusion, v -> baseline, reading), Interval.Abnormal.HIGH);
    BigDecimal overUln = reading.end(
        maxFold(LabConcept.CREATININE, creatinine, infusion, v -> uln(v), reading), Interval.Abnormal.HIGH);
    in.put("creatinineFoldBaselineMax", overBaseline);
    in.put("creatinineFoldUlnMax", overUln);
    in.put("hemophagocytosis", hemophagocytosis(timeline, t));
    // §6 criteria 2 and 3: the clinician's findings (extension finding types, README)
    in.put("oliguria", findings(timeline, t, EnumSet.of(Timeline.FindingType.OLIGURIA_GRADE_3_OR_MORE), true));
    in.put(
        "pulmonaryEdema",
        findings(timeline, t, EnumSet.of(Timeline.FindingType.PULMONARY_EDEMA_GRADE_3_OR_MORE), true));
    Map<String, Object> rows = new LinkedHashMap<>();
    rows.put("FERRITIN_IN_CRS_PHASE", in.get("peakFerritinCrsPhase"));
    rows.put("BILIRUBIN", bilirubin);
    rows.put("ALT", alt);
    rows.put("AST", ast);
    rows.put("CREATININE", overBaseline == null ? overUln : overBaseline);
    in.put("missing",
        rows.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList());
    return in;
  }

  private static Interval uln(LabSeries.Value v) {
    return v.high() == null ? null : Interval.exact(v.high());
  }

  /**
   * The highest post-infusion value over the reference a CTCAE v5.0 "increased" row of reference §6
   * grades it against: the baseline when that was above the ULN ("if baseline was abnormal"), else
   * the lab's ULN, i.e. the higher of the two. Null when no post-infusion value has a ULN.
   */
  private static BigDecimal foldOverUlnOrAbnormalBaseline(
      LabConcept concept, LabSeries labs, Instant t, Instant infusion, FeaturePolicy policy, Reading reading) {
    java.util.List<LabSeries.Value> values = labs.upTo(concept, t);
    LabSeries.Value baselineValue = IecHsFeatures.baseline(values, infusion, policy);
    Interval baseline = reading.interval(concept, baselineValue);
    if (baselineValue != null && baseline == null) {
      return null;
    }
    return reading.end(
        maxFold(concept, values, infusion, v -> v.high() == null || baseline == null ? uln(v) : uln(v).max(baseline), reading),
        Interval.Abnormal.HIGH);
  }

  /**
   * The highest value after infusion over its reference, among the values that have one; null also
   * where a bound among them is left out.
   */
  private static Interval maxFold(
      LabConcept concept,
      java.util.List<LabSeries.Value> values,
      Instant infusion,
      java.util.function.Function<LabSeries.Value, Interval> reference,
      Reading reading) {
    Interval max = null;
    for (LabSeries.Value v : values) {
      Interval r = reference.apply(v);
      if (v.at().isAfter(infusion) && r != null && (r.high() == null || r.high().signum() > 0)) {
        Interval value = reading.interval(concept, v);
        if (value == null) {
          return null;
        }
        Interval fold = value.over(r);
        max = max == null ? fold : max.max(fold);
      }
    }
    return max;
  }

  /** The highest of the values {@code which} selects; null also where a bound among them is left out. */
  private static Interval max(
      LabConcept concept,
      java.util.List<LabSeries.Value> values,
      java.util.function.Predicate<LabSeries.Value> which,
      Reading reading) {
    Interval max = null;
    for (LabSeries.Value v : values) {
      if (which.test(v)) {
        Interval value = reading.interval(concept, v);
        if (value == null) {
          return null;
        }
        max = max == null ? value : max.max(value);
      }
    }
    return max;
  }

  /**
   * Inputs of dmn/car-hematotox.dmn, under {@code hematotox}: each marker's last value before
   * lymphodepletion (at or before the configured time before infusion, within the baseline
   * look-back before that).
   */
  public static Map<String, Object> hematotox(
      Timeline timeline, LabSeries labs, FeaturePolicy policy, Reading reading) {
    Instant sampled = timeline.patient().infusionAt().minus(policy.hematotoxSampleBeforeInfusion());
    Instant earliest = sampled.minus(policy.baselineLookback());
    java.util.List<String> missing = new java.util.ArrayList<>();
    Map<String, Object> in = new LinkedHashMap<>();
    latestValues(
        in,
        missing,
        labs,
        sampled,
        v -> !v.at().isBefore(earliest),
        reading,
        java.util.List.of(
            new Analyte("platelets", LabConcept.PLATELETS, Interval.Abnormal.LOW),
            new Analyte("anc", LabConcept.ANC, Interval.Abnormal.LOW),
            new Analyte("hemoglobinGdl", LabConcept.HEMOGLOBIN, Interval.Abnormal.LOW),
            new Analyte("crpMgDl", LabConcept.CRP, Interval.Abnormal.HIGH),
            new Analyte("ferritin", LabConcept.FERRITIN, Interval.Abnormal.HIGH)));
    in.put("cutoffEquality", policy.hematotoxCutoffEquality().name());
    in.put("missing", missing);
    return in;
  }

  /** Findings that end ICAHT and T-ICAHT counting (reference §9.1 counting conventions). */
  static final Set<Timeline.FindingType> ICAHT_CENSORING =
      EnumSet.of(Timeline.FindingType.DISEASE_PROGRESSION, Timeline.FindingType.DEATH);

  /**
   * Inputs of dmn/icaht.dmn, under {@code icaht} and {@code tIcaht}: cumulative days of neutropenia
   * and thrombocytopenia and the late values, counted with the thresholds of icaht-thresholds, up
   * to the day of a progression or death known at t ({@code censoredAtDay}, else null). A bound is
   * counted as {@code reading} takes it (reference §5.2): "<0.5" is a day at or below 500/µL; left
   * out, its day is one without a value.
   */
  public static Map<String, Object> icaht(
      Timeline timeline, LabSeries labs, Instant t, Map<String, Object> thresholds, Reading reading) {
    Instant infusion = timeline.patient().infusionAt();
    // §9.1: censored at progression, next line of therapy or death; the day of the finding still
    // counts, the days after it do not (a next line of therapy has no input in iec-timeline/1)
    Long censoredAt =
        timeline.findings().stream()
            .filter(f -> ICAHT_CENSORING.contains(f.type()) && !f.at().isAfter(t))
            .map(f -> timeline.patient().dayPostInfusion(f.at()))
            .min(Long::compare)
            .orElse(null);
    long today =
        Math.min(timeline.patient().dayPostInfusion(t), censoredAt == null ? Long.MAX_VALUE : censoredAt);
    int stable = ((Number) thresholds.get("stableRecoveryDays")).intValue();
    long earlyLast = Math.min(((Number) thresholds.get("earlyLastDay")).longValue(), today);
    long lateLast = Math.min(((Number) thresholds.get("plateletsLateLastDay")).longValue(), today);
    long lateFirst = ((Number) thresholds.get("earlyLastDay")).longValue() + 1;

    java.util.TreeMap<Long, BigDecimal> anc = CytopeniaDays.dailyLowest(
        labs.upTo(LabConcept.ANC, t), infusion, v -> reading.value(LabConcept.ANC, v, Interval.Abnormal.LOW));
    java.util.TreeMap<Long, BigDecimal> plt = CytopeniaDays.dailyLowest(
        labs.upTo(LabConcept.PLATELETS, t), infusion,
        v -> reading.value(LabConcept.PLATELETS, v, Interval.Abnormal.LOW));

    Map<String, Object> icaht = new LinkedHashMap<>();
    CytopeniaDays.Count severe = CytopeniaDays.count(anc, 0, earlyLast, threshold(thresholds, "ancSevereAtOrBelow"), true, stable);
    icaht.put("daysAncSevere", severe.days());
    icaht.put("daysAncProfound",
        CytopeniaDays.count(anc, 0, earlyLast, threshold(thresholds, "ancProfoundAtOrBelow"), true, stable).days());
    icaht.put("earlyDaysWithoutAnc", severe.unmeasuredDays());
    icaht.put("censoredAtDay", censoredAt);
    java.util.List<BigDecimal> late =
        labs.upTo(LabConcept.ANC, t).stream()
            .filter(v -> {
              long day = Patient.dayPostInfusion(infusion, v.at());
              return day >= lateFirst && day <= today;
            })
            .map(v -> reading.value(LabConcept.ANC, v, Interval.Abnormal.LOW))
            .toList();
    // a bound left out is not replaced by an earlier value: the late grade is not evaluable
    BigDecimal last = late.size() < 2 ? null : late.get(late.size() - 1);
    BigDecimal beforeLast = late.size() < 2 ? null : late.get(late.size() - 2);
    icaht.put("lateAncHigherOfLastTwo", last == null || beforeLast == null ? null : last.max(beforeLast));

    Map<String, Object> tIcaht = new LinkedHashMap<>();
    BigDecimal moderate = threshold(thresholds, "plateletsModerateBelow");
    BigDecimal severeBelow = threshold(thresholds, "plateletsSevereBelow");
    tIcaht.put("daysBelowModerate", CytopeniaDays.count(plt, 0, earlyLast, moderate, false, stable).days());
    tIcaht.put("daysBelowSevere", CytopeniaDays.count(plt, 0, earlyLast, severeBelow, false, stable).days());
    CytopeniaDays.Count lateSevere = CytopeniaDays.count(plt, lateFirst, lateLast, severeBelow, false, stable);
    tIcaht.put("lateDaysMeasured", Math.max(0, lateLast - lateFirst + 1 - lateSevere.unmeasuredDays()));
    tIcaht.put("lateDaysBelowSevere", lateSevere.days());
    tIcaht.put("lateDaysBelowModerate", CytopeniaDays.count(plt, lateFirst, lateLast, moderate, false, stable).days());
    tIcaht.put("lateDaysBelow100",
        CytopeniaDays.count(plt, lateFirst, lateLast, threshold(thresholds, "plateletsLateBelow"), false, stable).days());
    return Map.of("icaht", icaht, "tIcaht", tIcaht);
  }

  private static BigDecimal threshold(Map<String, Object> thresholds, String name) {
    return new BigDecimal(String.valueOf(thresholds.get(name)));
  }

  public static final String TOCILIZUMAB = "tocilizumab";

  /**
   * Inputs of the tocilizumab dose check (dmn/tocilizumab-dose.dmn), under {@code check}: the
   * proposed dose, the doses given before it and the pharmacy's rounding tolerance (§11.1). The
   * check reads the weight under {@code dosing}.
   */
  public static Map<String, Object> tocilizumabCheck(
      Timeline timeline, Timeline.Treatment proposed, FeaturePolicy policy) {
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("doseMg", proposed.doseMg());
    check.put("roundingToleranceMg", policy.tocilizumabRoundingToleranceMg());
    check.putAll(tocilizumabHistory(timeline, proposed.at()));
    return check;
  }

  /**
   * The tocilizumab doses given before a time: how many, how many in the 24 h before, and the
   * hours since the last one (null before the first).
   */
  public static Map<String, Object> tocilizumabHistory(Timeline timeline, Instant at) {
    java.util.List<Instant> given =
        timeline.treatments().stream()
            .filter(tr -> !tr.proposed() && TOCILIZUMAB.equals(tr.drug()))
            .map(Timeline.Treatment::at)
            .filter(t -> t.isBefore(at))
            .sorted()
            .toList();
    Instant dayBefore = at.minus(java.time.Duration.ofHours(24));
    Map<String, Object> history = new LinkedHashMap<>();
    history.put("dosesGiven", given.size());
    history.put("dosesInPrevious24h", given.stream().filter(t -> t.isAfter(dayBefore)).count());
    history.put(
        "hoursSinceLastDose",
        given.isEmpty()
            ? null
            : BigDecimal.valueOf(java.time.Duration.between(given.getLast(), at).toMinutes())
                .divide(BigDecimal.valueOf(60), MathContext.DECIMAL64));
    return history;
  }

  /**
   * The non-lab context manifestations of IEC-HS (reference §5.1, §5.2a context flags), added to
   * the IEC-HS features: splenomegaly, current temperature and ICANS grade, pulmonary involvement,
   * new renal insufficiency, and CRS resolved or improving against its peak so far.
   */
  public static Map<String, Object> iecHsContext(
      Timeline timeline, Instant t, Integer crsGrade, Integer crsPeak, Integer icansGrade) {
    Map<String, Object> context = new LinkedHashMap<>();
    Optional<Timeline.Vitals> vitals = latest(timeline.vitals(), Timeline.Vitals::at, t);
    context.put("splenomegaly", findings(timeline, t, EnumSet.of(Timeline.FindingType.SPLENOMEGALY), true));
    context.put("tempC", vitals.map(v -> celsius(v.temperature())).orElse(null));
    context.put("icansGrade", icansGrade);
    boolean onOxygen =
        vitals
            .map(Timeline.Vitals::oxygen)
            .map(o -> o.device() != null && o.device() != Timeline.OxygenDevice.NONE)
            .orElse(false);
    context.put(
        "pulmonary",
        onOxygen
            || findings(timeline, t, EnumSet.of(Timeline.FindingType.PULMONARY_INFILTRATES), true));
    context.put(
        "newRenalInsufficiency",
        findings(timeline, t, EnumSet.of(Timeline.FindingType.NEW_RENAL_INSUFFICIENCY), true));
    context.put(
        "crsResolvedOrImproving",
        crsPeak != null && crsGrade != null && crsPeak >= 1 && crsGrade < crsPeak);
    return context;
  }

  /** Whether pathology has shown hemophagocytosis by time t. */
  public static boolean hemophagocytosis(Timeline timeline, Instant t) {
    return findings(timeline, t, EnumSet.of(Timeline.FindingType.HEMOPHAGOCYTOSIS), true);
  }

  /**
   * Inputs of dmn/iec-hs-grade.dmn, under {@code iecHsCourse}: events and interventions so far that
   * are not attributed to something other than IEC-HS.
   */
  public static Map<String, Object> iecHsCourse(Timeline timeline, Instant t) {
    Map<String, Object> course = new LinkedHashMap<>();
    course.put("deathAttributedToIecHs", died(timeline, t, Timeline.Attribution.IEC_HS));
    course.put(
        "lifeThreateningEvent",
        findings(
            timeline,
            t,
            EnumSet.of(
                Timeline.FindingType.LIFE_THREATENING_BLEEDING,
                Timeline.FindingType.DIALYSIS,
                Timeline.FindingType.INTUBATION),
            false));
    course.put(
        "severeEvent",
        findings(
            timeline,
            t,
            EnumSet.of(
                Timeline.FindingType.BLEEDING_REQUIRING_TRANSFUSION,
                Timeline.FindingType.NEW_RENAL_INSUFFICIENCY,
                Timeline.FindingType.HOSPITALIZATION),
            false));
    // the interventions the bedside record holds now (reference §5.3 grade 4: life-threatening
    // hypotension, respiratory failure needing ventilatory support), not only what a physician ticked
    Optional<Timeline.Vitals> vitals = latest(timeline.vitals(), Timeline.Vitals::at, t);
    course.put("vasopressorsRunning", vitals.map(v -> !v.vasopressors().isEmpty()).orElse(false));
    course.put(
        "positivePressureForHypoxia",
        vitals
            .map(Timeline.Vitals::oxygen)
            .filter(o -> POSITIVE_PRESSURE.contains(o.device()))
            .map(o -> o.reason() != Timeline.VentilationReason.AIRWAY_PROTECTION)
            .orElse(false));
    course.put(
        "interventionGiven",
        given(
            timeline,
            t,
            tr -> tr.indication() == Timeline.Indication.IEC_HS || CRYOPRECIPITATE.equals(tr.drug())));
    return course;
  }

  /** Whether a treatment of that kind was given (not merely proposed) by time t. */
  private static boolean given(
      Timeline timeline, Instant t, java.util.function.Predicate<Timeline.Treatment> kind) {
    return timeline.treatments().stream()
        .anyMatch(tr -> !tr.proposed() && !tr.at().isAfter(t) && kind.test(tr));
  }

  /** A table input read from an analyte's latest result, and which way the result is abnormal. */
  private record Analyte(String key, LabConcept concept, Interval.Abnormal abnormal) {}

  /**
   * Puts each analyte's latest value at {@code at} that {@code usable} accepts under its key (a
   * bound as {@code reading} takes it), and names the analytes without one (and results that could
   * not be converted) in {@code missing}.
   */
  private static void latestValues(
      Map<String, Object> into,
      java.util.List<String> missing,
      LabSeries labs,
      Instant at,
      java.util.function.Predicate<LabSeries.Value> usable,
      Reading reading,
      java.util.List<Analyte> analytes) {
    for (Analyte analyte : analytes) {
      BigDecimal value = reading.value(
          analyte.concept(), labs.latest(analyte.concept(), at).filter(usable).orElse(null), analyte.abnormal());
      into.put(analyte.key(), value);
      if (value == null) {
        missing.add(analyte.concept().name());
      }
      missing.addAll(labs.problems(analyte.concept(), at));
    }
  }

  private static boolean died(Timeline timeline, Instant t, Timeline.Attribution cause) {
    return timeline.findings().stream()
        .anyMatch(
            f ->
                f.type() == Timeline.FindingType.DEATH
                    && f.attributedTo() == cause
                    && !f.at().isAfter(t));
  }

  private static boolean findings(
      Timeline timeline, Instant t, Set<Timeline.FindingType> types, boolean anyAttribution) {
    return timeline.findings().stream()
        .anyMatch(
            f ->
                types.contains(f.type())
                    && !f.at().isAfter(t)
                    && (anyAttribution
                        || f.attributedTo() == null
                        || f.attributedTo() == Timeline.Attribution.IEC_HS));
  }
}
