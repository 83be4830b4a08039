package org.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every library the production artifact ships is under an open-source licence. The list is the
 * licence plugin's report of the service's compile and runtime dependencies (THIRD-PARTY.txt, built
 * into the jar); the demo artifact's in-memory engine (Camunda License 1.0) must never appear in it.
 */
class ProductionLicencesTest {

  static final Path REPORT = Path.of("target", "classes", "THIRD-PARTY.txt");

  /** One report line: "(Licence A) (Licence B) Name (group:artifact:version - url)". */
  static final Pattern LINE = Pattern.compile("^\\s+((?:\\([^()]*(?:\\([^()]*\\))?[^()]*\\)\\s*)+)(.*)\\(([^ ]+:[^ ]+:[^ ]+)");

  static final Pattern LICENCE = Pattern.compile("\\(([^()]*(?:\\([^()]*\\))?[^()]*)\\)");

  /** OSI-approved or public-domain licences, as the dependencies' poms spell them. */
  static final List<Pattern> OPEN_SOURCE =
      List.of(
          Pattern.compile("apache.*2(\\.0)?|apache-2\\.0"),
          Pattern.compile("\\bmit\\b"),
          Pattern.compile("\\bbsd\\b|bsd-[23]-clause"),
          Pattern.compile("eclipse public license|\\bepl\\b"),
          Pattern.compile("eclipse distribution license|\\bedl\\b"),
          Pattern.compile("mozilla public license"),
          Pattern.compile("gnu lesser general public license|\\blgpl"),
          Pattern.compile("\\bcc0\\b|public domain"),
          Pattern.compile("unicode/icu license"));

  record Dependency(String coordinates, List<String> licences) {}

  static List<Dependency> report() throws IOException {
    assertThat(REPORT)
        .as("the licence report; the build's generate-resources phase writes it (license-maven-plugin)")
        .exists();
    List<Dependency> dependencies = new ArrayList<>();
    for (String line : Files.readAllLines(REPORT)) {
      Matcher m = LINE.matcher(line);
      if (!m.find()) {
        continue;
      }
      List<String> licences = new ArrayList<>();
      Matcher l = LICENCE.matcher(m.group(1));
      while (l.find()) {
        licences.add(l.group(1));
      }
      dependencies.add(new Dependency(m.group(3), licences));
    }
    return dependencies;
  }

  static boolean openSource(String licence) {
    String name = licence.toLowerCase(Locale.ROOT);
    return OPEN_SOURCE.stream().anyMatch(p -> p.matcher(name).find());
  }

  @Test
  void everyShippedLibraryHasAnOpenSourceLicence() throws IOException {
    List<Dependency> dependencies = report();
    assertThat(dependencies).as("dependencies in " + REPORT).hasSizeGreaterThan(50);
    assertThat(dependencies)
        .filteredOn(d -> d.licences().stream().noneMatch(ProductionLicencesTest::openSource))
        .as("libraries without an open-source licence")
        .isEmpty();
  }

  @Test
  void theInMemoryEngineAndZeebesDmnAreNotShipped() throws IOException {
    assertThat(report())
        .extracting(Dependency::coordinates)
        .noneMatch(c -> c.startsWith("io.camunda:zeebe-process-test"))
        .noneMatch(c -> c.startsWith("io.camunda:zeebe-workflow-engine"))
        .noneMatch(c -> c.startsWith("io.camunda:zeebe-dmn"))
        .noneMatch(c -> c.startsWith("io.camunda:zeebe-feel-integration"))
        .contains("org.camunda.bpm.extension.dmn.scala:dmn-engine:1.10.1")
        .contains("org.camunda.feel:feel-engine:1.19.5");
  }

  @Test
  void theEnginesOwnLicencesAreNotOpenSource() {
    assertThat(openSource("Camunda License 1.0")).isFalse();
    assertThat(openSource("Zeebe Community License v1.1")).isFalse();
    assertThat(openSource("Elastic License 2.0")).isFalse();
    assertThat(openSource("Server Side Public License")).isFalse();
    assertThat(openSource("The Apache Software License, Version 2.0")).isTrue();
    assertThat(openSource("BSD-3-Clause")).isTrue();
  }
}
