package org.pathway.store;

import java.io.PrintStream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@code ./pathway audit verify}: recomputes the audit chain in the database PATHWAY_DB_URL names
 * and reports the first entry that was altered, removed or inserted. Exit 0 intact, 3 broken.
 */
public final class AuditVerifyCommand {

  public static final int INTACT = 0;
  static final int BROKEN = 3;
  static final int USAGE = 64;

  private AuditVerifyCommand() {}

  public static void main(String[] args) {
    String url = System.getenv("PATHWAY_DB_URL");
    if (url == null || url.isBlank()) {
      System.err.println(
          "audit verify: set PATHWAY_DB_URL (and PATHWAY_DB_USER, PATHWAY_DB_PASSWORD) to the"
              + " service's PostgreSQL database; the embedded in-memory database lives only inside"
              + " the running service");
      System.exit(USAGE);
    }
    DataSource ds =
        new DriverManagerDataSource(url, System.getenv("PATHWAY_DB_USER"), System.getenv("PATHWAY_DB_PASSWORD"));
    System.exit(run(ds, System.out));
  }

  public static int run(DataSource ds, PrintStream out) {
    AuditLog.Verification v = new AuditLog(ds, new SimpleMeterRegistry()).verify();
    if (v.intact()) {
      out.println("audit chain intact: " + v.entries() + " entries");
      return INTACT;
    }
    out.println("audit chain BROKEN at entry " + v.brokenAt() + ": " + v.problem());
    return BROKEN;
  }
}
