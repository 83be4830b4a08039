package org.pathway.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./pathway evaluate: exit codes, folders in file-name order, malformed input named by pointer. */
class EvaluateCommandTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Path EXAMPLE = Path.of("..", "..", "shared", "spec", "examples", "tc07-iechs-boundaries.json");
  static EvaluateCommand command;

  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void load() {
    command = new EvaluateCommand(org.pathway.SitePolicies.configured());
  }

  int run(String... args) {
    return command.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  JsonNode output() throws Exception {
    return JSON.readTree(out.toString(StandardCharsets.UTF_8));
  }

  static String errorsOf(JsonNode result) {
    return result.path("errors").toString();
  }

  @Test
  void evaluatesTheSharedExampleTimeline() throws Exception {
    assertThat(run(EXAMPLE.toString())).isZero();
    JsonNode result = output();
    assertThat(result.path("schema").asText()).isEqualTo("iec-evaluation/1");
    assertThat(result.path("patientId").asText()).isEqualTo("TC-07");
    assertThat(result.path("rulesVersion").asText()).startsWith("dmn-sha256:");
    assertThat(result.path("errors")).isEmpty();
    // one evaluation per distinct time, in time order
    List<String> times = result.path("evaluations").findValuesAsText("at");
    assertThat(times).isSorted().doesNotHaveDuplicates().hasSize(7);
    assertThat(result.path("evaluations").get(0).path("day").asLong()).isEqualTo(-1);
  }

  @Test
  void aFolderIsEvaluatedInFileNameOrderAndValidFilesSurviveABadOne() throws Exception {
    Files.copy(EXAMPLE, dir.resolve("b-good.json"));
    Files.writeString(dir.resolve("a-broken.json"), "{\"schema\": \"iec-timeline/1\", \"patient\": ");
    Files.writeString(
        dir.resolve("c-invalid.json"),
        Files.readString(EXAMPLE)
            .replace("\"unit\": \"ng/mL\"", "\"unit\": 5")
            .replace("\"therapyClass\": \"CAR_T\"", "\"therapyClass\": \"CART\""));
    Files.writeString(dir.resolve("notes.txt"), "not a timeline");
    Path results = dir.resolve("results.json");

    assertThat(run(dir.toString(), "--out", results.toString())).isEqualTo(2);
    JsonNode all = JSON.readTree(results.toFile());
    assertThat(all.findValuesAsText("source"))
        .containsExactly("a-broken.json", "b-good.json", "c-invalid.json");
    assertThat(errorsOf(all.get(0))).contains("not valid JSON");
    assertThat(all.get(1).path("errors")).isEmpty();
    assertThat(all.get(1).path("evaluations")).hasSize(7);
    assertThat(all.get(2).path("evaluations")).as("never a partial grade").isEmpty();
    assertThat(all.get(2).path("errors").findValuesAsText("pointer"))
        .contains("/patient/therapyClass", "/labs/0/unit");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("malformed");
  }

  @Test
  void everyBadFieldIsNamedByItsPointer() throws Exception {
    String timeline =
        """
        {"schema": "iec-timeline/2",
         "patient": {"id": "P", "ageYears": -1, "weightKg": 70, "developmentalDelay": "no",
                     "therapyClass": "CAR_T", "infusionAt": "yesterday", "immunosuppressed": false},
         "labs": [{"at": "2026-01-01T00:00:00Z", "loinc": "ferritin", "value": "900", "unit": "ng/mL"}],
         "vitals": [{"at": "2026-01-02T00:00:00Z", "temperature": {"value": 38, "unit": "C"},
                     "hypotension": false, "vasopressors": [], "oxygen": {"device": "NASAL_CANNULA"}}],
         "neuro": [{"at": "2026-01-02T00:00:00Z", "ice": 11, "consciousness": "AWAKE",
                    "seizure": "NONE", "cerebralEdema": "NONE"}],
         "treatments": [{"at": "2026-01-02T00:00:00Z", "drug": "tocilizumab", "doseMg": -5,
                         "indication": "CRS"}],
         "findings": [{"at": "2026-01-02T00:00:00Z", "type": "SPLEEN"}]}
        """;
    Path file = dir.resolve("bad.json");
    Files.writeString(file, timeline);
    assertThat(run(file.toString())).isEqualTo(2);
    JsonNode result = output();
    assertThat(result.path("evaluations")).isEmpty();
    assertThat(result.path("errors").findValuesAsText("pointer"))
        .containsExactlyInAnyOrder(
            "/schema",
            "/patient/ageYears",
            "/patient/developmentalDelay",
            "/patient/infusionAt",
            "/labs/0/loinc",
            "/labs/0/value",
            "/vitals/0/temperature/unit",
            "/vitals/0/oxygen/flowLpm",
            "/neuro/0/ice",
            "/treatments/0/doseMg",
            "/findings/0/type");
    assertThat(result.path("errors").findValuesAsText("reason")).allMatch(r -> !r.isBlank());
  }

  @Test
  void usageErrorsSayWhatToDo() {
    assertThat(run()).isEqualTo(64);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: ./pathway evaluate");
    assertThat(run(dir.resolve("missing.json").toString())).isEqualTo(64);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no such file");
  }
}
