package org.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The domain packages depend on each other in one direction only, so a change to the clinical
 * rules cannot reach back into intake or the pathway glue: clinical (no framework code) at the
 * bottom, then engine, model, store, grading (the one grading path, shared by the pathway and
 * ./pathway evaluate), evaluation (the command and endpoint of evaluate), intake, notify (urgent
 * paging), pathway, api; simulation (the synthetic cohort) on clinical only; no
 * domain package but evaluation itself uses evaluation. The application package
 * (configuration and commands) is the glue above them and is not checked.
 */
class PackageDependencyTest {

  static final Path MAIN = Path.of("src", "main", "java", "org", "pathway");

  static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("clinical", Set.of()),
          Map.entry("engine", Set.of()),
          Map.entry("model", Set.of("clinical", "engine")),
          Map.entry("store", Set.of("clinical")),
          Map.entry("grading", Set.of("clinical", "engine", "model")),
          Map.entry("evaluation", Set.of("clinical", "engine", "grading", "model")),
          Map.entry("intake", Set.of("clinical", "model", "store")),
          Map.entry("notify", Set.of("intake", "model", "store")),
          Map.entry("pathway", Set.of("clinical", "engine", "grading", "intake", "model", "notify", "store")),
          Map.entry("api", Set.of("clinical", "engine", "grading", "intake", "model", "notify", "pathway", "store")),
          // the synthetic cohort (./pathway simulate builds on it): a model of patients, no framework
          Map.entry("simulation", Set.of("clinical")));

  static final Pattern REFERENCE = Pattern.compile("org\\.pathway\\.([a-z]+)\\.");

  @Test
  void domainPackagesDependOnlyDownwards() throws IOException {
    Set<String> violations = new TreeSet<>();
    for (var entry : ALLOWED.entrySet()) {
      try (Stream<Path> files = Files.walk(MAIN.resolve(entry.getKey()))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher m = REFERENCE.matcher(Files.readString(file));
          while (m.find()) {
            String used = m.group(1);
            if (!used.equals(entry.getKey()) && ALLOWED.containsKey(used) && !entry.getValue().contains(used)) {
              violations.add(MAIN.relativize(file) + " uses " + used);
            }
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void theClinicalRulesAndTheCohortModelUseNoFramework() throws IOException {
    for (String pkg : List.of("clinical", "simulation")) {
      try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          assertThat(Files.readString(file))
              .as(file.toString())
              .doesNotContain("import org.springframework")
              .doesNotContain("import io.camunda");
        }
      }
    }
  }

  @Test
  void onlyWakeUpsEnqueuesEngineMessages() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      assertThat(files.filter(f -> f.toString().endsWith(".java")))
          .filteredOn(f -> !f.endsWith(Path.of("store", "OutboxRepository.java")))
          .filteredOn(f -> !f.endsWith(Path.of("intake", "WakeUps.java")))
          .allSatisfy(f -> assertThat(Files.readString(f)).as(f.toString()).doesNotContain(".enqueue("));
    }
  }

  /**
   * DMN is evaluated on dmn-scala and FEEL (Apache-2.0) directly: no service class uses zeebe-dmn
   * or Zeebe's FEEL integration (Camunda License, shipped only inside the embedded engine), and the
   * grading code uses no Zeebe protocol classes either (the embedded engine's own glue, e.g.
   * {@code LogStreamUserTaskCompleter} in demo/, does).
   */
  @Test
  void dmnIsEvaluatedWithoutZeebesDmnModule() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      assertThat(files.filter(f -> f.toString().endsWith(".java")))
          .isNotEmpty()
          .allSatisfy(f -> assertThat(Files.readString(f)).as(f.toString())
              .doesNotContain("io.camunda.zeebe.dmn")
              .doesNotContain("io.camunda.zeebe.feel"));
    }
    List<Path> grading = new ArrayList<>(List.of(
        MAIN.resolve("engine/DecisionEvaluator.java"),
        MAIN.resolve("engine/FeelValues.java"),
        MAIN.resolve("model/ModelValidator.java")));
    for (String pkg : List.of("grading", "evaluation")) {
      try (Stream<Path> files = Files.list(MAIN.resolve(pkg))) {
        grading.addAll(files.toList());
      }
    }
    assertThat(grading).allSatisfy(f -> assertThat(Files.readString(f)).as(f.toString())
        .doesNotContain("io.camunda.zeebe.protocol")
        .doesNotContain("io.camunda.zeebe.msgpack"));
  }

  @Test
  void everyDomainPackageIsChecked() throws IOException {
    try (Stream<Path> dirs = Files.list(MAIN)) {
      assertThat(dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()))
          .allMatch(ALLOWED::containsKey, "is one of " + ALLOWED.keySet());
    }
  }
}
