package org.pathway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.feel.impl.FeelToMessagePackTransformer;
import io.camunda.zeebe.protocol.impl.encoding.MsgPackConverter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.camunda.feel.context.Context;
import org.camunda.feel.context.CustomFunctionProvider;
import org.camunda.feel.syntaxtree.Val;
import org.camunda.feel.syntaxtree.ValBoolean;
import org.camunda.feel.syntaxtree.ValContext;
import org.camunda.feel.syntaxtree.ValDate;
import org.camunda.feel.syntaxtree.ValDateTime;
import org.camunda.feel.syntaxtree.ValDayTimeDuration;
import org.camunda.feel.syntaxtree.ValError;
import org.camunda.feel.syntaxtree.ValList;
import org.camunda.feel.syntaxtree.ValLocalDateTime;
import org.camunda.feel.syntaxtree.ValLocalTime;
import org.camunda.feel.syntaxtree.ValNull$;
import org.camunda.feel.syntaxtree.ValNumber;
import org.camunda.feel.syntaxtree.ValString;
import org.camunda.feel.syntaxtree.ValYearMonthDuration;
import org.camunda.feel.valuemapper.CustomValueMapper;
import org.camunda.feel.valuemapper.ValueMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.SitePolicies;
import org.pathway.evaluation.EvaluationBenchmark;
import org.pathway.grading.EvaluationResult;
import org.pathway.grading.TimelineEvaluator;
import org.pathway.fuzz.JsonMutator;

/**
 * The service evaluates its DMN with dmn-scala and FEEL directly ({@link DecisionEvaluator}); before,
 * it went through zeebe-dmn (variables as JSON, outputs as MessagePack and JSON). Both must answer
 * alike, value for value and type for type: every reference timeline, synthetic and mutated
 * timelines, and every decision test ({@link BothDecisionEngines}) are graded both ways, and the
 * conversions at either end are compared with Zeebe's own on the values where they could part.
 */
class DmnScalaEquivalenceTest {

  static final Path REFERENCE = Path.of("..", "timelines", "reference");
  static final ObjectMapper JSON = new ObjectMapper();

  static ModelResources models;
  static BothDecisionEngines both;
  static TimelineEvaluator viaBoth;
  static TimelineEvaluator viaZeebe;

  @BeforeAll
  static void load() {
    models = ModelResources.load();
    both = new BothDecisionEngines(models);
    viaBoth = new TimelineEvaluator(both, models, SitePolicies.configured());
    viaZeebe = new TimelineEvaluator(new ZeebeDmnDecisions(models), models, SitePolicies.configured());
  }

  static List<JsonNode> referenceTimelines() throws IOException {
    try (Stream<Path> files = Files.list(REFERENCE)) {
      List<JsonNode> docs = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        docs.add(JSON.readTree(file.toFile()));
      }
      return docs;
    }
  }

  /**
   * Every decision compared on the way ({@link BothDecisionEngines}), and the whole result equal to
   * what ./pathway evaluate gives (and, with {@code wholeViaZeebe}, to a grading through zeebe-dmn only).
   */
  private static void gradesAlike(String name, JsonNode doc, boolean wholeViaZeebe) throws IOException {
    String both = JSON.writeValueAsString(viaBoth.evaluate(doc));
    if (wholeViaZeebe) {
      assertThat(both).as(name + " graded directly and through zeebe-dmn")
          .isEqualTo(JSON.writeValueAsString(viaZeebe.evaluate(doc)));
    }
    assertThat(both).as(name + " graded as ./pathway evaluate grades it")
        .isEqualTo(JSON.writeValueAsString(SitePolicies.evaluator().evaluate(doc)));
  }

  @Test
  void everyReferenceTimelineGradesAlike() throws IOException {
    List<JsonNode> docs = referenceTimelines();
    assertThat(docs).hasSizeGreaterThan(10);
    long before = both.compared();
    for (JsonNode doc : docs) {
      gradesAlike(doc.path("patient").path("id").asText(), doc, true);
    }
    assertThat(both.compared() - before).isGreaterThan(500);
  }

  @Test
  void syntheticTimelinesGradeAlike() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 3; i++) {
      JsonNode doc = EvaluationBenchmark.synthetic(JSON, "EQ-" + i, 21, random);
      EvaluationResult result = viaBoth.evaluate(doc);
      assertThat(result.failed()).as("synthetic timeline %d is valid", i).isFalse();
      gradesAlike("synthetic " + i, doc, false);
    }
  }

  /** Mutated reference timelines (as TimelineFuzzTest makes them) carry odd numbers to the tables. */
  @Test
  void mutatedTimelinesGradeAlike() throws IOException {
    List<JsonNode> docs = referenceTimelines();
    int evaluated = 0;
    for (long seed = 1; seed <= 200; seed++) {
      Random random = new Random(seed);
      JsonNode doc = JsonMutator.mutate(docs.get(random.nextInt(docs.size())), random, 1 + random.nextInt(3));
      if (!viaBoth.evaluate(doc).failed()) {
        evaluated++;
      }
      gradesAlike("seed " + seed, doc, false);
    }
    assertThat(evaluated).isGreaterThan(60);
  }

  /** Every decision test grades through both engines, so its inputs are compared too. */
  @Test
  void everyDecisionTestGradesWithBothEngines() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src", "test", "java", "org", "pathway", "engine"))) {
      List<Path> tests = files.filter(f -> f.getFileName().toString().endsWith("DecisionTest.java")).toList();
      assertThat(tests).hasSizeGreaterThanOrEqualTo(6);
      for (Path test : tests) {
        assertThat(Files.readString(test)).as(test.toString())
            .contains("BothDecisionEngines.load()")
            .doesNotContain("new DecisionEvaluator(");
      }
    }
  }

  // --- the conversions at either end, against Zeebe's own --------------------------------------

  enum Ward { H7 }

  /** What Zeebe's engine reads: the variable written and read as JSON, then FEEL's default mapper. */
  private static Val asZeebeReads(Object value) throws IOException {
    Map<String, Object> wrapped = new LinkedHashMap<>();
    wrapped.put("v", value);
    Object read = ZeebeDmnDecisions.PLAIN.readValue(ZeebeDmnDecisions.PLAIN.writeValueAsString(wrapped), Map.class).get("v");
    return org.camunda.feel.FeelEngine.defaultValueMapper().toVal(read);
  }

  /** A FEEL value with the scale of every number, in iteration order. */
  private static String describe(Val value) {
    return switch (value) {
      case ValNumber n -> "N:" + n.value().bigDecimal() + "/" + n.value().mc();
      case ValList list -> {
        StringBuilder out = new StringBuilder("[");
        list.items().foreach(v -> out.append(describe(v)).append(", "));
        yield out.append(']').toString();
      }
      case ValContext context -> {
        StringBuilder out = new StringBuilder("{");
        context.context().variableProvider().getVariables()
            .foreach(e -> out.append(e._1()).append('=').append(describe((Val) e._2())).append(", "));
        yield out.append('}').toString();
      }
      default -> value.getClass().getSimpleName() + ":" + value;
    };
  }

  @Test
  void variablesReachTheTablesAsZeebeReadsThem() throws IOException {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("tempC", new BigDecimal("38.33333333333333"));
    nested.put("fold", new BigDecimal("1E+2"));
    nested.put("none", null);
    nested.put("ward", Ward.H7);
    nested.put("list", List.of(1, 2.5, "x", true));
    for (String key : List.of("a", "b", "c", "d", "e", "f")) {
      nested.put(key, key.length());
    }
    List<Object> values = new ArrayList<>(List.of(
        0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, (long) Integer.MAX_VALUE + 1, Long.MAX_VALUE, Long.MIN_VALUE,
        (short) 7, (byte) 3,
        BigInteger.ONE, BigInteger.TWO.pow(63), BigInteger.TEN.pow(40).negate(),
        BigDecimal.ZERO, new BigDecimal("0.0"), new BigDecimal("5.0"), new BigDecimal("100"), new BigDecimal("1E+2"),
        new BigDecimal("38.5"), new BigDecimal("0.1"), new BigDecimal("-0.000001"), new BigDecimal("1E-30"),
        new BigDecimal("1.23456789012345678901234567890123456789"), new BigDecimal("9E+40"), new BigDecimal("1E+400"),
        new BigDecimal("1234567890123456789.5"),
        0.0, -0.0, 0.1, 37.2, 1e-7, 1e22, 1.0E300, Double.MIN_VALUE, Double.MAX_VALUE,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        37.2f, 0.1f, Float.NaN,
        "", "text", "ünïcödé", "\uD83D\uDE00", "lone \uD800 surrogate", true, false,
        Ward.H7, List.of(), List.of(1, List.of(2, 3)), new Object[] {1, "a"}, java.util.Set.of(4),
        Map.of(), nested));
    values.add(null);
    for (Object value : values) {
      assertThat(describe(FeelValues.toFeel(value)))
          .as("%s (%s)", value, value == null ? null : value.getClass())
          .isEqualTo(describe(asZeebeReads(value)));
    }
  }

  /** What the service read from Zeebe's output: FEEL to MessagePack, to JSON, read by Jackson. */
  private static Object asZeebeWrites(Val value) throws IOException {
    String json = MsgPackConverter.convertToJson(new FeelToMessagePackTransformer().toMessagePack(value));
    return ZeebeDmnDecisions.PLAIN.readValue(json, Object.class);
  }

  private static ValNumber number(String value) {
    return new ValNumber(new scala.math.BigDecimal(new BigDecimal(value), java.math.MathContext.DECIMAL128));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ValContext context(Map<String, Val> entries) {
    scala.collection.immutable.Map variables =
        scala.collection.immutable.Map$.MODULE$.from(scala.jdk.javaapi.CollectionConverters.asScala(entries));
    return new ValContext(new Context.StaticContext(variables, scala.collection.immutable.Map$.MODULE$.empty()));
  }

  @Test
  void resultsLeaveAsZeebesOutputIsRead() throws IOException {
    Map<String, Val> many = new LinkedHashMap<>();
    for (String key : List.of("grade", "status", "reasons", "a", "b", "c", "d", "e")) {
      many.put(key, new ValString(key));
    }
    List<Val> values = new ArrayList<>();
    for (String n : List.of(
        "0", "0.0", "-0", "1", "-1", "1.000", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1E+40", "1E+400",
        "0.5", "0.1", "37.2", "38.33333333333333", "0.3333333333333333333333333333333333",
        "0.100000001490116119384765625", "1E-400", "9".repeat(400) + ".5",
        "123456789012345678901234567890.25", "-1.5")) {
      values.add(number(n));
    }
    values.add(new ValNumber(new scala.math.BigDecimal(new BigDecimal("1E+400").add(new BigDecimal("0.5")), java.math.MathContext.DECIMAL128)));
    values.addAll(List.of(
        new ValString(""), new ValString("grade 2: hypotension"), new ValString("lone \uDC00 surrogate"),
        new ValString("\uD83D\uDE00"), new ValBoolean(true), new ValBoolean(false), ValNull$.MODULE$,
        new ValError("failed"),
        new ValDate(LocalDate.of(2026, 12, 2)), new ValLocalTime(LocalTime.of(1, 2, 3)),
        new ValLocalDateTime(LocalDateTime.of(2026, 12, 2, 1, 2, 3)),
        new ValDateTime(ZonedDateTime.of(2026, 12, 2, 1, 2, 3, 0, ZoneId.of("Europe/Berlin"))),
        new ValDayTimeDuration(Duration.ofHours(26)), new ValYearMonthDuration(Period.ofMonths(14)),
        new ValList(scala.jdk.javaapi.CollectionConverters.asScala(List.<Val>of(number("1"), number("2.5"), new ValString("x"))).toList()),
        context(many),
        context(Map.of("nested", context(many), "n", number("3")))));
    for (Val value : values) {
      assertThat(BothDecisionEngines.describe(FeelValues.toJava(value)))
          .as(value.toString())
          .isEqualTo(BothDecisionEngines.describe(asZeebeWrites(value)));
    }
  }

  // --- the engine is configured as Zeebe's --------------------------------------------------------

  /**
   * zeebe-dmn builds its engine with dmn-scala's builder defaults, and the class path gives it the
   * FEEL default value mapper plus zeebe-dmn's MessagePack mapper (which maps only MessagePack
   * buffers and keeps results as FEEL values) and no custom functions. The service's engine has the
   * default mapper and {@link FeelValues.KeepResults}, whatever else the class path registers.
   */
  @Test
  void theEngineIsConfiguredAsZeebesIs() throws ReflectiveOperationException {
    assertThat(ServiceLoader.load(CustomValueMapper.class).stream().map(p -> p.type().getName()))
        .containsExactly("io.camunda.zeebe.feel.impl.MessagePackValueMapper");
    assertThat(ServiceLoader.load(CustomFunctionProvider.class).stream()).isEmpty();

    var engine = DecisionEvaluator.newEngine();
    List<String> mappers = new ArrayList<>();
    for (var field : engine.getClass().getDeclaredFields()) {
      if (ValueMapper.class.isAssignableFrom(field.getType())) {
        field.setAccessible(true);
        ((ValueMapper.CompositeValueMapper) field.get(engine)).customMappersByPriority()
            .foreach(m -> mappers.add(m.getClass().getName()));
      }
    }
    assertThat(mappers).containsExactly(
        FeelValues.KeepResults.class.getName(), org.camunda.feel.impl.DefaultValueMapper.class.getName());
  }
}
