package org.pathway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.camunda.dmn.DmnEngine;
import org.camunda.dmn.parser.ParsedDecision;
import org.camunda.dmn.parser.ParsedDmn;
import org.camunda.feel.syntaxtree.Val;
import org.camunda.feel.valuemapper.CustomValueMapper;
import org.camunda.feel.valuemapper.ValueMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.SitePolicies;
import org.pathway.evaluation.EvaluationBenchmark;
import org.pathway.grading.TimelineEvaluator;
import scala.jdk.javaapi.CollectionConverters;
import scala.util.Either;

/**
 * {@link DmnInterpreter} answers as dmn-scala's {@link DmnEngine#eval} does, for every decision of
 * every model: the same value (types and order included), or the same failure message, with the
 * same audit log (the failing decision is named from it). Inputs are those the grading hands the
 * tables on reference and synthetic timelines, and the same with a value replaced by one of another
 * type, a missing one or an odd number, so the failure paths are compared too.
 */
class DmnInterpreterTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static DmnEngine engine;
  static DmnInterpreter interpreter;
  static final Map<String, ParsedDmn> dmnByDecision = new HashMap<>();
  /** Every decision evaluated while grading, with its inputs, in order. */
  static final List<Map.Entry<String, Map<String, Object>>> calls = new ArrayList<>();

  @BeforeAll
  static void load() throws Exception {
    ModelResources models = ModelResources.load();
    engine = DecisionEvaluator.newEngine();
    for (ModelResources.Model model : models.ofKind("dmn")) {
      ParsedDmn dmn = engine.parse(new ByteArrayInputStream(model.content())).right().get();
      dmn.decisions().foreach(d -> dmnByDecision.put(d.id(), dmn));
    }
    java.util.Set<ParsedDmn> parsed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    parsed.addAll(dmnByDecision.values());
    interpreter = interpreter(parsed);
    DecisionEvaluator recording =
        new DecisionEvaluator(models) {
          @Override
          public Object evaluate(String decisionId, Map<String, Object> variables) {
            synchronized (calls) {
              calls.add(Map.entry(decisionId, new LinkedHashMap<>(variables)));
            }
            return super.evaluate(decisionId, variables);
          }
        };
    TimelineEvaluator grading = new TimelineEvaluator(recording, models, SitePolicies.configured());
    try (Stream<Path> files = Files.list(Path.of("..", "timelines", "reference"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        grading.evaluate(JSON.readTree(file.toFile()));
      }
    }
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 2; i++) {
      JsonNode doc = EvaluationBenchmark.synthetic(JSON, "INTERPRETER-" + i, 12, random);
      grading.evaluate(doc);
    }
  }

  static DmnInterpreter interpreter(java.util.Collection<ParsedDmn> models) {
    return new DmnInterpreter(
        new ValueMapper.CompositeValueMapper(
            CollectionConverters.asScala(List.<CustomValueMapper>of(new FeelValues.KeepResults())).toList()),
        models);
  }

  /** What one way of evaluating answered, in every respect that could differ. */
  private static String outcome(Either<DmnEngine.EvalFailure, DmnEngine.EvalResult> result) {
    if (result.isLeft()) {
      DmnEngine.EvalFailure failure = result.left().get();
      return "failed: " + failure.failure().message() + " / audit " + audit(failure.auditLog());
    }
    DmnEngine.EvalResult evaluated = result.right().get();
    String value =
        evaluated.isNil()
            ? "nil"
            : BothDecisionEngines.describe(FeelValues.toJava((Val) evaluated.value()));
    return value + " / audit " + audit(evaluated.auditLog());
  }

  private static String audit(org.camunda.dmn.Audit.AuditLog log) {
    List<String> entries = new ArrayList<>();
    log.entries().foreach(e -> entries.add(e.id() + "=" + e.result()));
    return entries.toString();
  }

  private static void answersAlike(String decisionId, Map<String, Object> variables) {
    ParsedDmn dmn = dmnByDecision.get(decisionId);
    ParsedDecision decision = dmn.decisionsById().get(decisionId).get();
    Map<String, Object> context = FeelValues.context(variables);
    String viaEngine = outcome(engine.eval(dmn, decisionId, context));
    String viaInterpreter =
        outcome(
            interpreter.eval(
                dmn, decision, scala.collection.immutable.Map.from(CollectionConverters.asScala(context))));
    assertThat(viaInterpreter).as(decisionId + " on " + variables).isEqualTo(viaEngine);
  }

  @Test
  void everyGradingCallAnswersAlike() {
    assertThat(calls).hasSizeGreaterThan(1000);
    assertThat(calls.stream().map(Map.Entry::getKey).distinct().count()).isGreaterThan(10);
    for (var call : calls) {
      answersAlike(call.getKey(), call.getValue());
    }
  }

  /** Odd values in place of the grading's: wrong types, nulls, missing entries, extreme numbers. */
  @Test
  void oddInputsAnswerAlikeOrFailAlike() {
    SplittableRandom random = new SplittableRandom(5);
    List<Object> odd =
        new ArrayList<>(
            List.of("text", true, -1, 0, new java.math.BigDecimal("1E+40"), 37.95, List.of(1, "a"), Map.of("x", 1)));
    odd.add(null);
    int changed = 0;
    for (int i = 0; i < 3000; i++) {
      var call = calls.get(random.nextInt(calls.size()));
      Map<String, Object> variables = mutated(call.getValue(), odd, random);
      ParsedDmn dmn = dmnByDecision.get(call.getKey());
      if (!outcome(engine.eval(dmn, call.getKey(), FeelValues.context(variables)))
          .equals(outcome(engine.eval(dmn, call.getKey(), FeelValues.context(call.getValue())))))  {
        changed++;
      }
      answersAlike(call.getKey(), variables);
    }
    assertThat(changed).as("odd inputs that changed the answer").isGreaterThan(300);
  }

  /**
   * The tables tolerate odd inputs (FEEL gives null), so the failures are provoked with a model of
   * their own: an expression FEEL cannot evaluate, a failed assertion, two rules hit under UNIQUE,
   * a result of the wrong type, a required decision failing, and a variable that is a function.
   */
  @Test
  void failuresAreTheSame() {
    String dmnXml =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="failures" name="failures" namespace="http://pathway.org/dmn">
          <decision id="divide" name="divide"><variable name="divide"/>
            <literalExpression><text>x / y</text></literalExpression></decision>
          <decision id="unknownFunction" name="unknownFunction"><variable name="unknownFunction"/>
            <literalExpression><text>noSuchFunction(x)</text></literalExpression></decision>
          <decision id="asserted" name="asserted"><variable name="asserted"/>
            <literalExpression><text>assert(x, x &gt; 0, "x must be positive")</text></literalExpression></decision>
          <decision id="unique" name="unique"><variable name="unique"/>
            <decisionTable hitPolicy="UNIQUE">
              <input><inputExpression typeRef="number"><text>x</text></inputExpression></input>
              <output name="out" typeRef="string"/>
              <rule><inputEntry><text>&gt; 0</text></inputEntry><outputEntry><text>"positive"</text></outputEntry></rule>
              <rule><inputEntry><text>&gt; 1</text></inputEntry><outputEntry><text>"above one"</text></outputEntry></rule>
              <rule><inputEntry><text>"a"</text></inputEntry><outputEntry><text>x + 1</text></outputEntry></rule>
            </decisionTable></decision>
          <decision id="typed" name="typed"><variable name="typed" typeRef="number"/>
            <literalExpression><text>x</text></literalExpression></decision>
          <decision id="requiring" name="requiring"><variable name="requiring"/>
            <informationRequirement><requiredDecision href="#asserted"/></informationRequirement>
            <informationRequirement><requiredDecision href="#unique"/></informationRequirement>
            <context>
              <contextEntry><variable name="a"/><literalExpression><text>asserted</text></literalExpression></contextEntry>
              <contextEntry><variable name="f"/><literalExpression><text>function(v) v * 2</text></literalExpression></contextEntry>
              <contextEntry><variable name="b"/><literalExpression><text>f(a) + count([unique])</text></literalExpression></contextEntry>
            </context></decision>
        </definitions>
        """;
    ParsedDmn dmn = engine.parse(new ByteArrayInputStream(dmnXml.getBytes(java.nio.charset.StandardCharsets.UTF_8))).right().get();
    DmnInterpreter interpreter = interpreter(List.of(dmn));
    List<Object> xs = new ArrayList<>(List.of(-1, 0, 1, 2, "a", true, List.of(1), Map.of("k", 1)));
    xs.add(null);
    int failed = 0;
    for (String id : List.of("divide", "unknownFunction", "asserted", "unique", "typed", "requiring")) {
      for (Object x : xs) {
        for (Object y : List.of(0, 2, "b")) {
          Map<String, Object> variables = new HashMap<>();
          variables.put("x", x);
          variables.put("y", y);
          Map<String, Object> context = FeelValues.context(variables);
          var viaEngine = engine.eval(dmn, id, context);
          if (viaEngine.isLeft()) {
            failed++;
          }
          String viaInterpreter =
              outcome(
                  interpreter.eval(
                      dmn,
                      dmn.decisionsById().get(id).get(),
                      scala.collection.immutable.Map.from(CollectionConverters.asScala(context))));
          assertThat(viaInterpreter).as(id + " on " + variables).isEqualTo(outcome(viaEngine));
        }
      }
    }
    assertThat(failed).as("evaluations that failed").isGreaterThan(30);
  }

  /** A copy with one entry, at any depth of nested maps, replaced by an odd value or removed. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> mutated(Map<String, Object> variables, List<Object> odd, SplittableRandom random) {
    Map<String, Object> copy = new LinkedHashMap<>(variables);
    if (copy.isEmpty()) {
      return copy;
    }
    List<String> keys = new ArrayList<>(copy.keySet());
    String key = keys.get(random.nextInt(keys.size()));
    Object value = copy.get(key);
    if (value instanceof Map<?, ?> nested && !nested.isEmpty() && random.nextInt(4) > 0) {
      copy.put(key, mutated((Map<String, Object>) nested, odd, random));
    } else if (random.nextInt(5) == 0) {
      copy.remove(key);
    } else {
      copy.put(key, odd.get(random.nextInt(odd.size())));
    }
    return copy;
  }

  /** Only input entries that compare the input with constants are answered once per input value. */
  @Test
  void onlyComparisonsWithConstantsAreAnsweredOncePerValue() {
    for (String test : List.of(
        "< 38.4", ">= 5", "[1..2]", "(1..2]", "\"MM\"", "\"MM\", \"DLBCL\"", "true", "null", "not(1, 2)",
        "> date(\"2026-01-01\")", "[duration(\"P1D\")..duration(\"P2D\")]")) {
      assertThat(DmnInterpreter.readsOnlyTheInput(unaryTest(test))).as(test).isTrue();
    }
    for (String test : List.of(
        "> x", "< hlh.ferritin", "count(?) > 1", "? > 1", "[x..2]", "> now()", "not(x)", "date(x)",
        "> 1 + 1")) {
      assertThat(DmnInterpreter.readsOnlyTheInput(unaryTest(test))).as(test).isFalse();
    }
  }

  private static Object unaryTest(String text) {
    return engine.feelEngine().parseUnaryTests(text).parsedExpression().expression();
  }
}
