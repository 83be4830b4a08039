package org.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The two packaged artifacts, after `mvn verify` built them: the production jar
 * (workers/target/care-pathway-service-production.jar, remote engine only) ships no in-memory
 * engine and exactly the libraries its licence report lists; started without a remote engine it
 * refuses, saying what to set; it grades a timeline exactly as the demo jar does.
 */
class ProductionArtifactIT {

  static final Path PRODUCTION = Path.of("..", "workers", "target", "care-pathway-service-production.jar");
  static final Path DEMO = Path.of("target", "care-pathway-demo.jar");
  static final Path TIMELINE = Path.of("..", "timelines", "reference", "tc01-fever-threshold.json");

  static List<String> libraries(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream()
          .map(ZipEntry::getName)
          .filter(n -> n.startsWith("BOOT-INF/lib/") && n.endsWith(".jar"))
          .map(n -> n.substring("BOOT-INF/lib/".length()))
          .toList();
    }
  }

  static boolean contains(Path jar, String entry) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getEntry(entry) != null;
    }
  }

  @Test
  void theProductionJarShipsNoInMemoryEngine() throws IOException {
    List<String> production = libraries(PRODUCTION);
    assertThat(production)
        .isNotEmpty()
        .noneMatch(l -> l.startsWith("zeebe-process-test"))
        .noneMatch(l -> l.startsWith("zeebe-workflow-engine"))
        .noneMatch(l -> l.startsWith("zeebe-logstreams"))
        .noneMatch(l -> l.startsWith("zeebe-dmn"))
        .noneMatch(l -> l.startsWith("zeebe-feel-integration"))
        .anyMatch(l -> l.startsWith("dmn-engine-"))
        .anyMatch(l -> l.startsWith("feel-engine-"));
    assertThat(contains(PRODUCTION, "BOOT-INF/classes/org/pathway/engine/EmbeddedEngine.class")).isFalse();
    // the same check on the demo jar finds what it must not find in production
    assertThat(libraries(DEMO)).anyMatch(l -> l.startsWith("zeebe-process-test-engine"));
    assertThat(contains(DEMO, "BOOT-INF/classes/org/pathway/engine/EmbeddedEngine.class")).isTrue();
  }

  @Test
  void everyLibraryInTheProductionJarIsInItsLicenceReport() throws IOException {
    String report;
    try (JarFile file = new JarFile(PRODUCTION.toFile());
        InputStream in = file.getInputStream(file.getEntry("BOOT-INF/classes/THIRD-PARTY.txt"))) {
      report = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // the report names group:artifact:version; the jar is artifact-version[-classifier].jar
    Matcher coordinates = Pattern.compile("\\(([^ :()]+):([^ :()]+):([^ :()]+) - ").matcher(report);
    List<String> listed = new ArrayList<>();
    while (coordinates.find()) {
      listed.add(coordinates.group(2) + "-" + coordinates.group(3));
    }
    assertThat(listed).hasSizeGreaterThan(50);
    // spring-boot-jarmode-tools is Spring Boot's own (Apache-2.0), added by the repackaging
    assertThat(libraries(PRODUCTION))
        .filteredOn(library -> !library.startsWith("spring-boot-jarmode-tools-"))
        .filteredOn(library -> listed.stream().noneMatch(
            l -> library.equals(l + ".jar") || library.startsWith(l + "-")))
        .as("libraries shipped but missing from THIRD-PARTY.txt")
        .isEmpty();
  }

  @Test
  void withoutARemoteEngineTheProductionJarRefusesToStartAndSaysWhatToSet() throws Exception {
    Run run = java(PRODUCTION, List.of("--server.port=0"), "PATHWAY_ENGINE");
    assertThat(run.exit()).isNotZero();
    assertThat(run.output())
        .contains("this is the production artifact: it has no embedded engine")
        .contains("PATHWAY_ENGINE=remote");
  }

  @Test
  void theProductionJarGradesATimelineExactlyAsTheDemoJar() throws Exception {
    Path out = Files.createTempDirectory("production-artifact");
    Path production = out.resolve("production.json");
    Path demo = out.resolve("demo.json");
    assertThat(java(PRODUCTION, List.of("evaluate", TIMELINE.toString(), "--out", production.toString())).exit())
        .isZero();
    assertThat(java(DEMO, List.of("evaluate", TIMELINE.toString(), "--out", demo.toString())).exit()).isZero();
    assertThat(Files.readString(production)).contains("\"crs\"").isEqualTo(Files.readString(demo));
  }

  record Run(int exit, String output) {}

  /** Runs a jar on the JVM running the tests (JDK 21+), without the given environment variables. */
  static Run java(Path jar, List<String> args, String... unset) throws Exception {
    assertThat(jar).as(jar + ": run `mvn verify` (or ./pathway test), which packages it first").exists();
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    for (String name : unset) {
      builder.environment().remove(name);
    }
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
