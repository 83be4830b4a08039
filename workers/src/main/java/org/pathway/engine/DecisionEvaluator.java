package org.pathway.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.dmn.DmnEngine;
import org.camunda.dmn.parser.ParsedDecision;
import org.camunda.dmn.parser.ParsedDmn;
import org.camunda.feel.context.CustomFunctionProvider;
import org.camunda.feel.syntaxtree.Val;
import org.camunda.feel.valuemapper.CustomValueMapper;
import org.camunda.feel.valuemapper.ValueMapper;
import org.springframework.stereotype.Component;
import scala.jdk.javaapi.CollectionConverters;
import scala.util.Either;

/**
 * Evaluates the deployed DMN decisions outside a process, with the engines Zeebe itself runs them
 * on: dmn-scala and FEEL (Apache License 2.0), configured as Zeebe 8.8's {@code zeebe-dmn}
 * configures them (the builder's defaults: system clock, FEEL default value mapper, no custom
 * functions). Variables reach the tables as the values Zeebe's engine reads from their JSON, and
 * results come back with the Java types Zeebe's output has once read as JSON ({@link FeelValues}),
 * without the text in between.
 *
 * <p>The engine parses; {@link DmnInterpreter} evaluates, as the engine would, without the engine's
 * set-up for every FEEL expression.
 *
 * <p>Safe for any number of threads: the engine, the interpreter and the parsed tables are immutable
 * and every evaluation has its own context and audit log ({@code ConcurrentEvaluationTest}).
 */
@Component
public class DecisionEvaluator {

  /** The decision could not be evaluated: the message names the decision and the failure. */
  public static final class EvaluationFailed extends RuntimeException {
    public EvaluationFailed(String message) {
      super(message);
    }
  }

  private final DmnEngine engine = newEngine();
  /** Evaluates what {@link #engine} parsed, as it would, without its set-up per FEEL expression. */
  private final DmnInterpreter interpreter;
  private final Map<String, ParsedDmn> dmnByDecision;
  private final Map<String, ParsedDecision> decisions;
  private final List<String> decisionIds;

  public DecisionEvaluator(ModelResources models) {
    Map<String, ParsedDmn> byDecision = new HashMap<>();
    Map<String, ParsedDecision> decisions = new HashMap<>();
    List<ModelResources.Model> files = models.ofKind("dmn");
    // parsed on all cores (start-up): each parse has its own state, the XML parser is shared under
    // a lock; the first on this thread, so what the parser sets up once is set up with this
    // thread's class loader, which the others then parse under too
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    List<Read> parsed = new ArrayList<>();
    if (!files.isEmpty()) {
      parsed.add(read(files.getFirst().content()));
      parsed.addAll(
          files.subList(1, files.size()).parallelStream().map(dmn -> readUnder(loader, dmn.content())).toList());
    }
    for (int i = 0; i < files.size(); i++) {
      ModelResources.Model dmn = files.get(i);
      Read read = parsed.get(i);
      if (read.failure() != null) {
        throw new IllegalStateException(dmn.name() + " is not valid DMN: " + read.failure());
      }
      ParsedDmn tables = withRequiredDecisionsListed(read.dmn());
      tables.decisions().foreach(d -> byDecision.put(d.id(), tables));
      tables.decisions().foreach(d -> decisions.put(d.id(), d));
    }
    this.dmnByDecision = Map.copyOf(byDecision);
    this.decisions = Map.copyOf(decisions);
    this.interpreter =
        new DmnInterpreter(
            new ValueMapper.CompositeValueMapper(
                CollectionConverters.asScala(List.<CustomValueMapper>of(new FeelValues.KeepResults())).toList()),
            distinct(byDecision.values()));
    this.decisionIds = byDecision.keySet().stream().sorted().toList();
  }

  /**
   * The model with each decision's required decisions listed once. dmn-scala keeps them as a view
   * over the XML model, resolved again (DOM look-ups) every time the decision is evaluated; the
   * decisions, their logic and their order are the same.
   */
  private static ParsedDmn withRequiredDecisionsListed(ParsedDmn dmn) {
    Map<String, ParsedDecision> listed = new HashMap<>();
    List<ParsedDecision> decisions = new ArrayList<>();
    dmn.decisions().foreach(d -> decisions.add(listed(d, listed)));
    return new ParsedDmn(dmn.model(), CollectionConverters.asScala(decisions).toList());
  }

  private static ParsedDecision listed(ParsedDecision decision, Map<String, ParsedDecision> listed) {
    ParsedDecision known = listed.get(decision.id());
    if (known != null) {
      return known;
    }
    List<ParsedDecision> required = new ArrayList<>();
    decision.requiredDecisions().foreach(r -> required.add(listed(r, listed)));
    ParsedDecision copy =
        new ParsedDecision(
            decision.id(),
            decision.name(),
            decision.logic(),
            decision.resultName(),
            decision.resultType(),
            CollectionConverters.asScala(required).toList(),
            decision.requiredBkms());
    listed.put(decision.id(), copy);
    return copy;
  }

  /** A DMN model as the engine reads it: the ids of its decisions, or why it is not valid DMN. */
  public record Parsed(List<String> decisionIds, String failure) {
    public boolean valid() {
      return failure == null;
    }
  }

  /** Reads a DMN model as Zeebe's deployment reads it (the same parser), without keeping it. */
  public Parsed parse(byte[] dmn) {
    Read read = read(dmn);
    if (read.failure() != null) {
      return new Parsed(List.of(), read.failure());
    }
    List<String> ids = new ArrayList<>();
    read.dmn().decisions().foreach(d -> ids.add(d.id()));
    return new Parsed(List.copyOf(ids), null);
  }

  private record Read(ParsedDmn dmn, String failure) {}

  /** The models, each once (one per decision in the map; compared by identity, not by their whole content). */
  private static List<ParsedDmn> distinct(java.util.Collection<ParsedDmn> models) {
    java.util.Set<ParsedDmn> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    return models.stream().filter(seen::add).toList();
  }

  private Read readUnder(ClassLoader loader, byte[] dmn) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return read(dmn);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The parsed model, or the parser's message (as zeebe-dmn gives it: the failure's or the exception's). */
  private Read read(byte[] dmn) {
    try {
      Either<DmnEngine.Failure, ParsedDmn> parsed = engine.parse(new ByteArrayInputStream(dmn));
      return parsed.isLeft()
          ? new Read(null, parsed.left().get().message())
          : new Read(parsed.right().get(), null);
    } catch (Exception e) {
      return new Read(null, e.getMessage());
    }
  }

  public List<String> decisionIds() {
    return decisionIds;
  }

  /** The decision's output as plain Java values (maps, lists, numbers, strings, booleans). */
  public Object evaluate(String decisionId, Map<String, Object> variables) {
    ParsedDmn dmn = dmnByDecision.get(decisionId);
    if (dmn == null) {
      throw new EvaluationFailed("no decision '" + decisionId + "' in dmn/");
    }
    Either<DmnEngine.EvalFailure, DmnEngine.EvalResult> result =
        interpreter.eval(
            dmn,
            decisions.get(decisionId),
            scala.collection.immutable.Map.from(CollectionConverters.asScala(FeelValues.context(variables))));
    if (result.isLeft()) {
      DmnEngine.EvalFailure failure = result.left().get();
      // as Zeebe names it: the last decision evaluated is the one that failed
      String failed = decisionId;
      if (failure.auditLog() != null && !failure.auditLog().entries().isEmpty()) {
        failed = failure.auditLog().entries().last().id();
      }
      throw new EvaluationFailed(
          "decision '"
              + failed
              + "' failed: Expected to evaluate decision '"
              + decisionId
              + "', but "
              + failure.failure().message());
    }
    DmnEngine.EvalResult evaluated = result.right().get();
    if (evaluated.isNil()) {
      return null;
    }
    if (evaluated.value() instanceof Val value) {
      return FeelValues.toJava(value);
    }
    throw new IllegalStateException(
        "decision '" + decisionId + "' answered " + evaluated.value().getClass() + ", not a FEEL value");
  }

  /**
   * dmn-scala's builder with its defaults, as zeebe-dmn builds it. The engine loads its value
   * mappers and function providers with the {@link java.util.ServiceLoader} of the thread's class
   * loader; it is built under one that offers exactly {@link FeelValues.KeepResults} and no
   * functions, so what else the class path registers (zeebe-dmn's MessagePack mapper, which also
   * keeps results as FEEL values) cannot change it.
   */
  static DmnEngine newEngine() {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(new EngineProviders(DecisionEvaluator.class.getClassLoader()));
    try {
      return new DmnEngine.Builder().build();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** A class loader whose service registrations for the DMN engine are only the service's own. */
  static final class EngineProviders extends ClassLoader {
    static final String VALUE_MAPPERS = "META-INF/services/" + CustomValueMapper.class.getName();
    static final String FUNCTIONS = "META-INF/services/" + CustomFunctionProvider.class.getName();
    static final String OWN_VALUE_MAPPERS =
        "META-INF/pathway/dmn-engine/" + CustomValueMapper.class.getName();

    EngineProviders(ClassLoader parent) {
      super(parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      if (name.equals(VALUE_MAPPERS)) {
        return getParent().getResources(OWN_VALUE_MAPPERS);
      }
      if (name.equals(FUNCTIONS)) {
        return Collections.emptyEnumeration();
      }
      return super.getResources(name);
    }
  }
}
