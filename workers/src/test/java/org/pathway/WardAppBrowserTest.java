package org.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The ward app in headless Chromium against this running service (browser/ward-app.mjs): the
 * nurse's, physician's, manager's and modeler's work done in the browser, axe-core on every page,
 * screenshots to docs/ui/. The pathway is brought to the tasks here (the engine's clock moved past
 * the 4 h of the CRS vitals), the browser does the rest as people would.
 */
class WardAppBrowserTest extends PathwayTestSupport {

  private static final Path BROWSER = Path.of("..", "browser");

  private static String chromium() {
    String given = System.getenv("CHROMIUM");
    if (given != null && new File(given).canExecute()) {
      return given;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        File f = new File(dir, name);
        if (f.canExecute()) {
          return f.getAbsolutePath();
        }
      }
    }
    return null;
  }

  @Test
  void nursePhysicianManagerAndModelerWorkInTheBrowser() throws Exception {
    String chromium = chromium();
    if (chromium == null || !Files.isDirectory(BROWSER.resolve("node_modules/axe-core"))) {
      if ("required".equals(System.getenv("PATHWAY_BROWSER_FORMS"))) {
        throw new AssertionError("the ward app's browser test needs Chromium and npm ci in browser/");
      }
      Assumptions.abort("no Chromium or browser tools: run ./pathway test");
    }
    String suffix = Long.toString(System.nanoTime(), 36).toUpperCase();
    // the nurse's patient: fever on D+3 (CRS grade 1), the physician orders supportive care, and
    // 4 h later "Record vitals" is due
    String nursePatient = "UI-N-" + suffix;
    Instant infusion = now().minus(Duration.ofDays(3)).minus(Duration.ofHours(2));
    assertThat(enroll(patient(nursePatient, infusion)).getStatusCode().value()).isEqualTo(201);
    postLabs(nursePatient, List.of(
        lab(infusion.minus(Duration.ofHours(6)), "2276-4", 450, "ng/mL", null, 300),
        lab(infusion.minus(Duration.ofHours(6)), "1988-5", 4, "mg/L", null, 5),
        lab(infusion.minus(Duration.ofHours(6)), "3255-7", 320, "mg/dL", 200, null),
        lab(now().minus(Duration.ofHours(20)), "2276-4", 520, "ng/mL", null, 300),
        lab(now().minus(Duration.ofHours(20)), "1988-5", 85, "mg/L", null, 5),
        lab(now().minus(Duration.ofHours(20)), "3255-7", 290, "mg/dL", 200, null)));
    post(nursePatient, "vitals", vitals(38.3, "NONE", null));
    Map<String, Object> order = awaitOpenTask(nursePatient, "order-crs-treatment");
    ok(order.get("key"), vars("treatmentOrdered", List.of("SUPPORTIVE_CARE"), "treatmentOrderDetails", "paracetamol"));
    advancePastTimer(processInstanceKey(order), "crs-check-due", Duration.ofHours(4));
    Object vitalsTask = awaitOpenTask(nursePatient, "record-crs-vitals").get("key");
    // the physician's patient: reference TC-07 labs on D+12 raise the suspicion
    String reviewPatient = "UI-P-" + suffix;
    Instant d12 = now().minus(Duration.ofDays(12)).minus(Duration.ofHours(2));
    assertThat(enroll(patient(reviewPatient, d12)).getStatusCode().value()).isEqualTo(201);
    postLabs(reviewPatient, tc07Labs(d12, now().minusSeconds(600)));
    Object reviewTask = awaitOpenTask(reviewPatient, "review-suspected-iec-hs").get("key");
    // a patient of another ward
    String otherPatient = "UI-K-" + suffix;
    Map<String, Object> other = patient(otherPatient, infusion);
    other.put("ward", "K2");
    assertThat(enroll(other).getStatusCode().value()).isEqualTo(201);
    awaitOpenTask(otherPatient, "draw-daily-labs");

    Path out = Files.createTempFile("ward-app", ".json");
    Path scenario = Files.createTempFile("ward-app-scenario", ".json");
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("base", anonymous.getRootUri());
    s.put("password", DEMO_PASSWORD);
    s.put("shots", Path.of("..", "docs", "ui").toAbsolutePath().normalize().toString());
    s.put("out", out.toString());
    s.put("nursePatient", nursePatient);
    s.put("vitalsTask", String.valueOf(vitalsTask));
    s.put("reviewPatient", reviewPatient);
    s.put("reviewTask", String.valueOf(reviewTask));
    s.put("otherPatient", otherPatient);
    new ObjectMapper().writeValue(scenario.toFile(), s);

    Path log = Files.createTempFile("ward-app", ".log");
    ProcessBuilder builder = new ProcessBuilder("node", "ward-app.mjs", scenario.toString())
        .directory(BROWSER.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("CHROMIUM", chromium);
    Process node = builder.start();
    node.getOutputStream().close();
    boolean ended = node.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      node.destroyForcibly();
    }
    System.out.println(Files.readString(log));
    String report = Files.exists(out) ? Files.readString(out) : "(no report) " + Files.readString(log);
    assertThat(ended).as("ward-app.mjs finished within 5 minutes").isTrue();
    assertThat(node.exitValue()).as("browser/ward-app.mjs: " + report).isZero();
    assertThat(report).contains("the patient page shows CRS grade 2 after the vitals");

    // what the browser did reached the pathway: the vitals task done by the nurse, the review by the physician
    assertThat(openTask(nursePatient, "record-crs-vitals")).isEmpty();
    assertThat(openTask(reviewPatient, "review-suspected-iec-hs")).isEmpty();
  }
}
