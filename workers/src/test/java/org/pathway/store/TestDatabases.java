package org.pathway.store;

import static org.junit.jupiter.api.Assumptions.abort;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The two databases the service runs on. PostgreSQL comes from PATHWAY_TEST_DB_URL (set up by
 * ./pathway test); when PATHWAY_TEST_POSTGRES=required a missing database fails the run instead of
 * skipping it, so CI can never pass without having tested against PostgreSQL.
 */
public final class TestDatabases {

  private TestDatabases() {}

  public static DataSource h2(String name) {
    return new DriverManagerDataSource(
        "jdbc:h2:mem:"
            + name
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "pathway",
        "pathway");
  }

  public static DataSource postgres() {
    String url = System.getenv("PATHWAY_TEST_DB_URL");
    if (url == null || url.isBlank()) {
      String message =
          "no PostgreSQL for the repository tests: run ./pathway test, or set PATHWAY_TEST_DB_URL,"
              + " PATHWAY_TEST_DB_USER and PATHWAY_TEST_DB_PASSWORD";
      if ("required".equals(System.getenv("PATHWAY_TEST_POSTGRES"))) {
        throw new IllegalStateException(message);
      }
      abort(message);
    }
    return new DriverManagerDataSource(
        url, System.getenv("PATHWAY_TEST_DB_USER"), System.getenv("PATHWAY_TEST_DB_PASSWORD"));
  }

  /** The same database through its own connections, as a second service instance reaches it. */
  public static DataSource anotherInstance(DataSource first) {
    DriverManagerDataSource d = (DriverManagerDataSource) first;
    return new DriverManagerDataSource(d.getUrl(), d.getUsername(), d.getPassword());
  }

  static boolean isPostgres(DataSource dataSource) {
    return dataSource instanceof DriverManagerDataSource d && d.getUrl().startsWith("jdbc:postgresql:");
  }

  /** Drops everything and applies the service's migrations from scratch, as the service would. */
  public static Flyway migrateClean(DataSource dataSource) {
    return migrateClean(dataSource, null);
  }

  /**
   * As the service migrates: with a runtime role other than the connecting owner, that role gets
   * the service's privileges (on the audit log INSERT and SELECT only).
   */
  public static Flyway migrateClean(DataSource dataSource, String runtimeRole) {
    String owner = dataSource instanceof DriverManagerDataSource d ? d.getUsername() : "sa";
    Flyway flyway =
        Flyway.configure()
            .dataSource(dataSource)
            .placeholders(java.util.Map.of("runtimeRole", runtimeRole == null ? owner : runtimeRole))
            .locations(
                "classpath:db/migration",
                "classpath:db/vendor/" + (isPostgres(dataSource) ? "postgresql" : "h2"))
            .cleanDisabled(false)
            .load();
    flyway.clean();
    flyway.migrate();
    return flyway;
  }

  /**
   * The ferritin value the grading reads of a patient's stored entries (one rule: LabSeries), or
   * null, also where the latest result is a bound (reference §5.2: not a value).
   */
  public static java.math.BigDecimal gradedFerritin(LabResultRepository labs, String patientId, java.time.Instant asOf) {
    return org.pathway.clinical.LabSeries.of(labs.timelineEntries(patientId))
        .latest(org.pathway.clinical.LabConcept.FERRITIN, asOf)
        .map(org.pathway.clinical.LabSeries.Value::exact)
        .orElse(null);
  }
}
