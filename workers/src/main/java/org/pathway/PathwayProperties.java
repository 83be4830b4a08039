package org.pathway;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import org.pathway.clinical.FeaturePolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything an institution may configure. The defaults live in application.yml alone (the
 * service and the commands bind it); each clinical policy cites the reference section it stands in
 * for.
 */
@ConfigurationProperties("pathway")
public record PathwayProperties(
    Monitoring monitoring,
    Rules rules,
    Outbox outbox,
    Episodes episodes,
    Intake intake,
    Dosing dosing,
    HomeMonitoring homeMonitoring) {

  /**
   * Home monitoring of outpatient step-up doses (reference §12.1, Crombie 2024 [V]): recontact when
   * systolic BP falls ≥10 mmHg below the patient's baseline AND below 90 mmHg. Where no baseline is
   * known the fall cannot be checked; {@code belowNinetyWithoutBaseline} (default true, the safe
   * reading) makes "below 90 mmHg" alone the trigger then, its reason saying the baseline is unknown.
   * A nurse's recontact task is due this long after the reading is assessed (local policy).
   */
  public record HomeMonitoring(boolean belowNinetyWithoutBaseline, Duration recontactWithin) {}

  /**
   * Result intake: how far a result's time may lie ahead of this service's clock (the sender's
   * and our clocks differ by a little) before it is refused as a time no result can have yet.
   */
  public record Intake(Duration clockSkew) {}

  /**
   * Daily-labs schedule defaults (every enrollment may override the monitoring length) and the
   * daily panel whose results must be in by the SLA: CBC with differential, the CMP analytes the
   * pathway reads, ferritin, fibrinogen, CRP, LDH.
   */
  public record Monitoring(
      int days,
      LocalTime dailyDrawTime,
      ZoneId wardTimeZone,
      Duration resultsSla,
      java.util.List<org.pathway.clinical.LabConcept> dailyPanel,
      Bcma bcma) {

    /** The monitoring days of a patient not given them at enrollment: longer for BCMA products. */
    public int daysFor(org.pathway.clinical.Patient patient) {
      return bcma != null && bcma.isBcma(patient.product()) ? bcma.days() : days;
    }
  }

  /**
   * Reference §5.2a: monitor to at least D+28, longer for BCMA products given IEC-HS onset up to
   * D+37 in real-world data [V]. The products are matched by name, case-insensitively.
   */
  public record Bcma(java.util.List<String> products, int days) {
    boolean isBcma(String product) {
      return product != null
          && products.stream().anyMatch(p -> p.equalsIgnoreCase(product.trim()));
    }
  }

  /**
   * Local policies of reference §4.3, §5.2 and §11.1 (configuration, not source). Their defaults
   * live in application.yml only: the service and ./pathway evaluate both bind it.
   */
  public record Rules(
      Duration baselineLookback,
      double ferritinRapidRiseFold,
      Duration ferritinRapidRiseWindow,
      Duration cytopeniaLookback,
      Duration cytopeniaRecoveryWindow,
      java.math.BigDecimal capdBelowAgeYears,
      Duration cartoxCrsPhase,
      Duration hematotoxSampleBeforeInfusion,
      FeaturePolicy.CutoffEquality hematotoxCutoffEquality,
      java.math.BigDecimal tocilizumabRoundingToleranceMg) {

    public FeaturePolicy featurePolicy() {
      return new FeaturePolicy(
          baselineLookback,
          ferritinRapidRiseFold,
          ferritinRapidRiseWindow,
          cytopeniaLookback,
          cytopeniaRecoveryWindow,
          capdBelowAgeYears,
          cartoxCrsPhase,
          hematotoxSampleBeforeInfusion,
          hematotoxCutoffEquality,
          tocilizumabRoundingToleranceMg);
    }
  }

  /**
   * The configuration the service binds (application.yml, a site's config files and environment
   * variables, by Spring Boot's own rules), for commands that start no service: ./pathway evaluate
   * grades with the policies the pathway grades with.
   */
  public static PathwayProperties load() {
    org.springframework.core.env.StandardEnvironment environment =
        new org.springframework.core.env.StandardEnvironment();
    org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor.applyTo(environment);
    return org.springframework.boot.context.properties.bind.Binder.get(environment)
        .bindOrCreate("pathway", PathwayProperties.class);
  }

  /**
   * Delivery of engine messages (lab-results-received) from the transactional outbox; an instance
   * holds a message it publishes for {@code claimLease}, after which another instance may take it.
   */
  public record Outbox(
      Duration pollInterval,
      Duration messageTimeToLive,
      int batchSize,
      Duration claimLease) {}

  /**
   * Deadlines of the IEC-HS work-up and treatment episode. Local policy: reference §13 lists what
   * the work-up checks, not by when; the ICANS assessment follows "ICE at least twice daily"
   * (§3.3, §11.2). The reassessment interval is the pathway's documented default; a physician's
   * task (treatment order, reassessment, ICU handover) is due this long after it is raised, a
   * nurse's bedside check (vitals, ICE/CAPD) this long after it falls due.
   */
  public record Episodes(
      Duration iecHsReassessment,
      Duration physicianTaskWithin,
      Duration bedsideTaskWithin,
      WorkupDue workupDue,
      ReRaise reRaise) {}

  /**
   * When an unchanged suspicion is put to a physician again after a refuted suspicion or a closed
   * episode: the ferritin risen this many fold since the values the last review saw (as §5.2's
   * "rapidly rising" local rule), or the fibrinogen fallen below this level (Hines 2023 Table 4
   * [V]: keep fibrinogen above 100 mg/dL, §5.4). Local policy; defaults in application.yml.
   */
  public record ReRaise(java.math.BigDecimal ferritinFold, java.math.BigDecimal fibrinogenBelowMgDl) {}

  /** How long after the work-up starts each of its items is due. */
  public record WorkupDue(
      Duration infection,
      Duration relapse,
      Duration hlhPanel,
      Duration boneMarrow,
      Duration drugReview,
      Duration icansAssessment) {}

  /**
   * The dosing cycle of T-cell engagers and checkpoint inhibitors (reference §12, §12.1). The label
   * region picks the US label's or the EU SmPC's step-up days [V]; rows the reference marks [M]
   * (teclistamab's CRS dose modifications) apply while {@code unverifiedLabelRows} is true
   * (documented default), else the physician decides; tebentafusp's moderate CRS counts as
   * persistent from {@code persistentModerateCrsHours} (§12: "persistent (2-3 h)", default the
   * lower bound). {@code holdRecheck} is how often a held dose is checked again (local policy).
   * {@code products} maps the tables' product names to the names senders use;
   * {@code checkpointInhibitors} names the products (therapy class OTHER: the contract has no
   * checkpoint-inhibitor class) whose patients get the cycle with the physician deciding.
   */
  public record Dosing(
      String labelRegion,
      boolean unverifiedLabelRows,
      java.math.BigDecimal persistentModerateCrsHours,
      Duration holdRecheck,
      java.util.Map<String, java.util.List<String>> products,
      java.util.List<String> checkpointInhibitors) {

    /** The product as the dosing tables name it, else the name as given (trimmed, lower case). */
    public String productKey(String product) {
      String given = product == null ? "" : product.trim().toLowerCase(java.util.Locale.ROOT);
      return products.entrySet().stream()
          .filter(e -> e.getValue().stream().anyMatch(alias -> alias.equalsIgnoreCase(given)))
          .map(java.util.Map.Entry::getKey)
          .findFirst()
          .orElse(given);
    }

    /** T-cell engagers, and the configured checkpoint inhibitors, go through the dosing cycle. */
    public boolean hasDosingCycle(org.pathway.clinical.Patient patient) {
      return patient.therapyClass() == org.pathway.clinical.Patient.TherapyClass.TCE
          || (patient.product() != null
              && checkpointInhibitors.stream().anyMatch(p -> p.equalsIgnoreCase(patient.product().trim())));
    }
  }
}
