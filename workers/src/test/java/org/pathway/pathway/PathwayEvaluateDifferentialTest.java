package org.pathway.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.DecisionEvaluationIntent;
import io.camunda.zeebe.protocol.record.value.DecisionEvaluationRecordValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pathway.PathwayTestSupport;
import org.pathway.evaluation.EvaluationBenchmark;
import org.pathway.grading.EvaluationResult;
import org.pathway.grading.TimelineEvaluator;
import org.pathway.clinical.TimelineParser;
import org.pathway.store.AssessmentRecord;
import org.pathway.store.AssessmentRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * The live pathway and ./pathway evaluate grade alike. Every reference timeline (and a seeded random
 * corpus) is played through the real pathway on the in-memory engine: labs, vitals, neuro exams,
 * treatments and findings posted through the intake at their times with the engine clock moved to
 * each. After each delivery the grades the pathway produced (the engine's CRS and ICANS decisions,
 * the engine's IEC-HS suspicion and every scale of the stored assessment) must equal evaluate's on
 * the same timeline at the same time. Any difference fails, naming the file, time and field.
 */
class PathwayEvaluateDifferentialTest extends PathwayTestSupport {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final List<String> BEDSIDE = List.of("vitals", "neuro", "treatments", "findings");

  @Autowired AssessmentRepository assessments;
  @Autowired TimelineEvaluator evaluator;
  @Autowired io.camunda.client.CamundaClient camunda;

  static Stream<Arguments> corpus() throws Exception {
    List<Arguments> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("..", "timelines", "reference"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        all.add(Arguments.of(f.getFileName().toString(), MAPPER.readTree(f.toFile())));
      }
    }
    SplittableRandom random = new SplittableRandom(20261201);
    for (int i = 0; i < 2; i++) {
      all.add(Arguments.of("synthetic-" + i, EvaluationBenchmark.synthetic(MAPPER, "SYN-" + i, 3, random)));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void thePathwayGradesAsEvaluateDoes(String name, JsonNode original) {
    String patientId = "DIFF-" + name.replaceAll("[^A-Za-z0-9]", "-").replaceAll("-json$", "");
    // the timeline moved so that the infusion was just now: enrollment takes no future infusion
    Instant infusion = Instant.parse(original.path("patient").path("infusionAt").asText());
    Duration shift = Duration.between(infusion, now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1));
    ObjectNode doc = shifted(original, shift, patientId);
    EvaluationResult expected = evaluator.evaluate(doc);
    assertThat(expected.errors()).as(name).isEmpty();
    var timeline = TimelineParser.parse(doc).timeline();

    TreeMap<Instant, Map<String, ArrayNode>> byTime = byTime(doc);
    Map<String, Object> patient = MAPPER.convertValue(doc.get("patient"), JSON_MAP);
    patient.put("ward", "H7");
    long span = Duration.between(timeline.patient().infusionAt(), byTime.lastKey()).toDays();
    patient.put("monitoringDays", (int) Math.min(365, Math.max(28, span + 2)));
    var enrolled = enroll(patient);
    assertThat(enrolled.getStatusCode()).as(String.valueOf(enrolled.getBody())).isEqualTo(HttpStatus.CREATED);
    long instance = processInstanceKey(enrolled);

    int labsAndFindings = 0;
    List<Instant> times = new ArrayList<>(byTime.keySet());
    int i = 0;
    while (i < times.size()) {
      // what happened before now is delivered at once (e.g. the baseline before infusion)
      Instant t = times.get(i);
      if (t.isAfter(now())) {
        // days at once: the daily draws and their timers of each day run before the engine is idle
        engine.increaseTime(Duration.between(now(), t));
        engine.waitForIdleState(Duration.ofSeconds(60));
      }
      Map<String, ArrayNode> delivery = new TreeMap<>();
      while (i < times.size() && !times.get(i).isAfter(now())) {
        t = times.get(i++);
        byTime.get(t).forEach((kind, entries) ->
            delivery.computeIfAbsent(kind, k -> MAPPER.createArrayNode()).addAll(entries));
      }
      String where = name + " at " + t;
      long gradedBefore = decisions(instance, "crs-grade").size();
      // bedside first, labs last: the assessment the labs wake sees everything of this time
      boolean bedside = false;
      for (String kind : BEDSIDE) {
        if (delivery.containsKey(kind)) {
          post("/api/v1/patients/" + patientId + "/" + kind, Map.of(kind, delivery.get(kind)), where);
          bedside = true;
        }
      }
      if (delivery.containsKey("labs")) {
        post("/api/v1/patients/" + patientId + "/labs", Map.of("labs", delivery.get("labs")), where);
      }
      labsAndFindings += size(delivery.get("labs")) + size(delivery.get("findings"));

      if (bedside) {
        EvaluationResult.Evaluation at = evaluationAt(expected, t);
        Map<String, Object> crs = gradeOf(at.crs().status(), at.crs().grade());
        Map<String, Object> icans = gradeOf(at.icans().status(), at.icans().grade());
        assertEventually(where + ": the engine's CRS and ICANS grades", () -> {
          List<Map<String, Object>> crsOut = decisions(instance, "crs-grade");
          List<Map<String, Object>> icansOut = decisions(instance, "icans-grade");
          return crsOut.size() > gradedBefore
              && crs.equals(crsOut.getLast())
              && icans.equals(icansOut.getLast());
        }, () -> "evaluate: crs " + crs + " icans " + icans + "; engine: crs "
            + decisions(instance, "crs-grade") + " icans " + decisions(instance, "icans-grade"));
      }
      if (labsAndFindings > 0 && (delivery.containsKey("labs") || delivery.containsKey("findings"))) {
        int seen = labsAndFindings;
        AssessmentRecord assessment =
            await().atMost(WAIT).until(
                () -> assessments.latest(patientId).filter(a -> a.labsSeen() == seen), java.util.Optional::isPresent)
                .orElseThrow();
        JsonNode outputs = canonical(read(assessment.outputsJson()));
        Instant asOf = Instant.parse(outputs.at("/evaluation/at").asText());
        JsonNode evaluated = canonical(MAPPER.valueToTree(evaluator.evaluateAt(timeline, asOf)));
        assertThat(outputs.get("evaluation")).as(where + ": every scale of the stored assessment").isEqualTo(evaluated);
        assertThat(outputs.at("/engine/suspected")).as(where + ": the engine's IEC-HS suspicion")
            .isEqualTo(evaluated.at("/iecHs/suspected"));
        assertThat(outputs.at("/engine/findings")).as(where + ": the engine's IEC-HS findings")
            .isEqualTo(evaluated.at("/iecHs/findings"));
      }
      assertThat(incidentsOf(instance)).as(where + ": incidents in the pathway").isEmpty();
    }
    // the patient's pathway ends here: its timers would load the engine every later test shares
    camunda.newCancelInstanceCommand(instance).send().join();
  }

  static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> JSON_MAP =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  private void post(String path, Object body, String where) {
    var response = http.exchange(path, HttpMethod.POST, new HttpEntity<>(body), JSON);
    assertThat(response.getStatusCode().is2xxSuccessful())
        .as(where + " " + path + ": " + response.getBody())
        .isTrue();
  }

  /** The outputs (status and grade) of a decision evaluated in the process instance, in order. */
  private List<Map<String, Object>> decisions(long instance, String decisionId) {
    return records()
        .filter(r -> r.getValueType() == ValueType.DECISION_EVALUATION)
        .filter(r -> r.getIntent() == DecisionEvaluationIntent.EVALUATED)
        .map(r -> (DecisionEvaluationRecordValue) r.getValue())
        .filter(v -> v.getProcessInstanceKey() == instance && v.getDecisionId().equals(decisionId))
        .map(v -> {
          JsonNode out = read(v.getDecisionOutput());
          return gradeOf(out.path("status").asText(null), out.path("grade").isNumber() ? out.path("grade").asInt() : null);
        })
        .toList();
  }

  private static Map<String, Object> gradeOf(String status, Integer grade) {
    Map<String, Object> g = new java.util.LinkedHashMap<>();
    g.put("status", status);
    g.put("grade", grade);
    return g;
  }

  private static EvaluationResult.Evaluation evaluationAt(EvaluationResult result, Instant t) {
    return result.evaluations().stream()
        .filter(e -> Instant.parse(e.at()).equals(t))
        .findFirst()
        .orElseThrow(() -> new AssertionError("evaluate has no evaluation at " + t));
  }

  private static void assertEventually(
      String what, java.util.concurrent.Callable<Boolean> holds, java.util.function.Supplier<String> detail) {
    try {
      await().atMost(WAIT).until(holds);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(what + " differ: " + detail.get(), e);
    }
  }

  /**
   * Every entry's time (and the infusion) moved by the shift; the patient renamed; no expectations;
   * labs without an id given one.
   */
  static ObjectNode shifted(JsonNode original, Duration shift, String patientId) {
    ObjectNode doc = original.deepCopy();
    doc.remove("expected");
    ObjectNode patient = (ObjectNode) doc.get("patient");
    patient.put("id", patientId);
    patient.put("infusionAt", Instant.parse(patient.get("infusionAt").asText()).plus(shift).toString());
    for (String kind : List.of("labs", "vitals", "neuro", "treatments", "findings")) {
      for (JsonNode entry : doc.path(kind)) {
        ((ObjectNode) entry).put("at", Instant.parse(entry.get("at").asText()).plus(shift).toString());
      }
    }
    for (JsonNode lab : doc.path("labs")) {
      // the intake requires an identity; the contract's default (none) means one result per analyte
      // and time, which this id keeps, so evaluate reads the document as before
      if (lab.path("id").isNull() || lab.path("id").isMissingNode()) {
        ((ObjectNode) lab).put("id", "urn:timeline:lab|" + lab.get("loinc").asText() + "@" + lab.get("at").asText());
      }
    }
    return doc;
  }

  static TreeMap<Instant, Map<String, ArrayNode>> byTime(JsonNode doc) {
    TreeMap<Instant, Map<String, ArrayNode>> byTime = new TreeMap<>();
    for (String kind : List.of("labs", "vitals", "neuro", "treatments", "findings")) {
      for (JsonNode entry : doc.path(kind)) {
        byTime
            .computeIfAbsent(Instant.parse(entry.get("at").asText()), k -> new TreeMap<>())
            .computeIfAbsent(kind, k -> MAPPER.createArrayNode())
            .add(entry);
      }
    }
    return byTime;
  }

  /** Numbers as exact decimals without trailing zeros, so 3, 3.0 and 3.0000 compare equal. */
  static JsonNode canonical(JsonNode node) {
    if (node.isNumber()) {
      return com.fasterxml.jackson.databind.node.DecimalNode.valueOf(node.decimalValue().stripTrailingZeros());
    }
    if (node.isObject()) {
      ObjectNode copy = MAPPER.createObjectNode();
      node.fields().forEachRemaining(f -> copy.set(f.getKey(), canonical(f.getValue())));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = MAPPER.createArrayNode();
      node.forEach(e -> copy.add(canonical(e)));
      return copy;
    }
    return node;
  }

  private static int size(ArrayNode entries) {
    return entries == null ? 0 : entries.size();
  }

  private static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
