package org.pathway.engine;

import static java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME;
import static java.time.format.DateTimeFormatter.ISO_ZONED_DATE_TIME;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.camunda.feel.context.Context;
import org.camunda.feel.context.FunctionProvider;
import org.camunda.feel.context.VariableProvider;
import org.camunda.feel.syntaxtree.Val;
import org.camunda.feel.syntaxtree.ValBoolean;
import org.camunda.feel.syntaxtree.ValContext;
import org.camunda.feel.syntaxtree.ValDate;
import org.camunda.feel.syntaxtree.ValDateTime;
import org.camunda.feel.syntaxtree.ValDayTimeDuration;
import org.camunda.feel.syntaxtree.ValList;
import org.camunda.feel.syntaxtree.ValLocalDateTime;
import org.camunda.feel.syntaxtree.ValLocalTime;
import org.camunda.feel.syntaxtree.ValNumber;
import org.camunda.feel.syntaxtree.ValString;
import org.camunda.feel.syntaxtree.ValTime;
import org.camunda.feel.syntaxtree.ValYearMonthDuration;
import org.camunda.feel.valuemapper.JavaCustomValueMapper;
import org.camunda.feel.impl.DefaultValueMapper;

/**
 * Variables into FEEL values and decision results out of them, exactly as Zeebe hands them over.
 *
 * <p>Zeebe's engine receives variables as JSON (the service wrote them with Jackson, BigDecimals
 * as plain text) and the FEEL default value mapper turns the JSON values into FEEL values; a result
 * leaves as MessagePack (a whole number as a 64-bit integer, any other as a double) and is read
 * back as JSON. {@link #toFeel} and {@link #toJava} give the same values and the same Java types
 * without the text in between ({@code DmnScalaEquivalenceTest} compares the two on every reference
 * timeline and decision test):
 *
 * <ul>
 *   <li>in: Integer, Long, BigInteger and a BigDecimal without fraction digits become the integer
 *       JSON would read (Integer, Long or BigInteger); any other BigDecimal, a Float and a Double
 *       become the Double JSON would read; NaN and the infinities become the text JSON writes for
 *       them; an enum becomes its name; maps and collections keep their order.
 *   <li>out: a whole number becomes an Integer when it fits, else a Long (the low 64 bits, as
 *       MessagePack's integer carries); any other number a Double; contexts become LinkedHashMaps in
 *       the context's order, lists ArrayLists; dates, times and durations become their ISO text.
 * </ul>
 */
public final class FeelValues {

  /**
   * The FEEL value mapper of the DMN engine: the FEEL default one, as in Zeebe (its own mapper
   * handles only MessagePack buffers, which the service never passes). {@link KeepResults}, first
   * in the engine's chain, maps nothing into FEEL, so a value is what the default mapper makes of
   * it, asked here directly: the chain tries each mapper in turn and returns each answer by
   * throwing a control exception.
   */
  private static Val feel(Object value) {
    scala.Option<Val> mapped = DefaultValueMapper.instance().toVal(value, FeelValues::feel);
    if (mapped.isEmpty()) {
      throw new IllegalArgumentException("no value mapper found for '" + value + "' ('" + value.getClass() + "')");
    }
    return mapped.get();
  }

  private FeelValues() {}

  /**
   * A decision's result stays a FEEL value (zeebe-dmn's value mapper does the same), so its types
   * and the order of a context's entries reach {@link #toJava} as the engine produced them. Loaded
   * by {@link DecisionEvaluator}'s engine as its only custom value mapper; maps nothing into FEEL.
   */
  public static final class KeepResults extends JavaCustomValueMapper {
    @Override
    public Optional<Val> toValue(Object x, Function<Object, Val> innerValueMapper) {
      return Optional.empty();
    }

    @Override
    public Optional<Object> unpackValue(Val value, Function<Val, Object> innerValueMapper) {
      return Optional.of(value);
    }
  }

  /** The variables as the engine's context: each name bound to its FEEL value, read as is. */
  public static Map<String, Object> context(Map<String, ?> variables) {
    Map<String, Object> context = new HashMap<>(Math.max(4, variables.size() * 2));
    variables.forEach((name, value) -> context.put(name, toFeel(value)));
    return context;
  }

  /** A variable's value as the engine would read it after Zeebe's JSON round trip. */
  public static Val toFeel(Object value) {
    return constant(feel(asJson(value)));
  }

  /**
   * A context the interpreter reads as it is. FEEL copies a {@link Context.StaticContext}'s entries
   * into a new ordered map on every path lookup ({@code hlh.ferritin}), which was the largest cost
   * of a table; any other context's variable provider is read directly. The same entries, in the
   * same order, and the same functions: only the copying is gone. A record, so two are equal when
   * their entries are, as two static contexts are.
   */
  record ConstantContext(VariableProvider variableProvider, FunctionProvider functionProvider)
      implements Context {}

  /** The value with each context the mapper built (nested in contexts and lists too) made constant. */
  private static Val constant(Val value) {
    if (value instanceof ValContext context && context.context() instanceof Context.StaticContext c) {
      return new ValContext(
          new ConstantContext(
              new VariableProvider.StaticVariableProvider(
                  // transform keeps the map's structure, so its entries keep their order
                  c.variables().transform((name, entry) -> entry instanceof Val v ? constant(v) : entry)),
              new FunctionProvider.StaticFunctionProvider(c.functions())));
    }
    if (value instanceof ValList list && list.itemsAsSeq().exists(FeelValues::holdsContext)) {
      // map keeps the kind of sequence (Java sees its result only as an Iterable)
      @SuppressWarnings("unchecked")
      scala.collection.immutable.Seq<Val> items =
          (scala.collection.immutable.Seq<Val>) list.itemsAsSeq().map(FeelValues::constant);
      return new ValList(items);
    }
    return value;
  }

  private static boolean holdsContext(Val value) {
    return value instanceof ValContext
        || value instanceof ValList list && list.itemsAsSeq().exists(FeelValues::holdsContext);
  }

  /**
   * The value Jackson reads back from the JSON it writes for {@code value} (BigDecimals written
   * plain, as the service's and {@code ./pathway evaluate}'s mappers write them).
   */
  static Object asJson(Object value) {
    return switch (value) {
      case null -> null;
      case String s -> s;
      case Boolean b -> b;
      case Integer i -> i;
      case Short s -> s.intValue();
      case Byte b -> b.intValue();
      case Long l -> integer(l);
      case BigInteger b -> integer(b);
      case Double d -> decimal(d);
      case Float f -> Float.isFinite(f) ? Double.valueOf(Float.toString(f)) : Float.toString(f);
      // plain text: without fraction digits an integer, else a number Jackson reads as a Double
      case BigDecimal b -> b.scale() <= 0 ? integer(b.toBigIntegerExact()) : Double.valueOf(b.doubleValue());
      case Enum<?> e -> e.name();
      case Map<?, ?> map -> {
        Map<String, Object> copy = LinkedHashMap.newLinkedHashMap(map.size());
        map.forEach((k, v) -> copy.put(key(k), asJson(v)));
        yield copy;
      }
      case Collection<?> items -> {
        List<Object> copy = new ArrayList<>(items.size());
        items.forEach(item -> copy.add(asJson(item)));
        yield copy;
      }
      case Object[] items -> {
        List<Object> copy = new ArrayList<>(items.length);
        for (Object item : items) {
          copy.add(asJson(item));
        }
        yield copy;
      }
      default ->
          throw new IllegalArgumentException(
              "a decision variable cannot be a " + value.getClass().getName() + ": " + value);
    };
  }

  private static String key(Object key) {
    return switch (key) {
      case null -> throw new IllegalArgumentException("a decision variable has a null key");
      case String s -> s;
      case Enum<?> e -> e.name();
      default -> key.toString();
    };
  }

  /** A JSON integer as Jackson reads it: the smallest of Integer, Long and BigInteger. */
  private static Object integer(long value) {
    // not a conditional expression: it would promote the Integer to a Long
    if (value == (int) value) {
      return Integer.valueOf((int) value);
    }
    return Long.valueOf(value);
  }

  private static Object integer(BigInteger value) {
    return value.bitLength() < 64 ? integer(value.longValue()) : value;
  }

  /** A double as JSON carries it: NaN and the infinities are written as text. */
  private static Object decimal(double value) {
    return Double.isFinite(value) ? Double.valueOf(value) : Double.toString(value);
  }

  /** A decision's result as Zeebe's MessagePack output read back as JSON. */
  public static Object toJava(Val value) {
    return switch (value) {
      case ValNumber n -> number(n.value());
      case ValBoolean b -> b.value();
      case ValString s -> text(s.value());
      case ValList list -> {
        List<Object> items = new ArrayList<>(list.items().size());
        list.items().foreach(item -> items.add(toJava(item)));
        yield items;
      }
      case ValContext context -> {
        var variables = context.context().variableProvider().getVariables();
        Map<String, Object> entries = LinkedHashMap.newLinkedHashMap(variables.size());
        variables.foreach(
            entry -> entries.put(text(entry._1()), entry._2() instanceof Val v ? toJava(v) : null));
        yield entries;
      }
      case ValTime t -> text(t.value().format());
      case ValLocalTime t -> text(t.value().toString());
      case ValDate d -> text(d.value().toString());
      case ValDateTime d -> text(ISO_ZONED_DATE_TIME.format(d.value()));
      case ValLocalDateTime d -> text(ISO_LOCAL_DATE_TIME.format(d.value()));
      case ValDayTimeDuration d -> text(d.toString());
      case ValYearMonthDuration d -> text(d.toString());
      // null, functions, errors and whatever else MessagePack has no type for
      default -> null;
    };
  }

  /**
   * A whole number travels as a MessagePack integer (its low 64 bits) and is read as an Integer
   * when it fits; any other as a double, read back as the same Double (a MessagePack float is
   * written only when it holds the double exactly).
   */
  static Object number(scala.math.BigDecimal value) {
    if (value.isWhole()) {
      return integer(value.longValue());
    }
    return decimal(value.doubleValue());
  }

  /** MessagePack carries text as the platform's bytes, read back as UTF-8: a lone surrogate is lost. */
  private static String text(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isSurrogate(value.charAt(i))) {
        return new String(value.getBytes(Charset.defaultCharset()), StandardCharsets.UTF_8);
      }
    }
    return value;
  }
}
