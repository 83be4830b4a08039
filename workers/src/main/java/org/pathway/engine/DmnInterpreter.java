package org.pathway.engine;

import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.dmn.DmnEngine;
import org.camunda.dmn.NoUnpackValueMapper;
import org.camunda.dmn.evaluation.BusinessKnowledgeEvaluator;
import org.camunda.dmn.evaluation.ContextEvaluator;
import org.camunda.dmn.evaluation.DecisionTableEvaluator;
import org.camunda.dmn.evaluation.FunctionDefinitionEvaluator;
import org.camunda.dmn.evaluation.InvocationEvaluator;
import org.camunda.dmn.evaluation.ListEvaluator;
import org.camunda.dmn.evaluation.RelationEvaluator;
import org.camunda.dmn.parser.EmptyExpression$;
import org.camunda.dmn.parser.ExpressionFailure;
import org.camunda.dmn.parser.FeelExpression;
import org.camunda.dmn.parser.ParsedContext;
import org.camunda.dmn.parser.ParsedDecision;
import org.camunda.dmn.parser.ParsedDecisionLogic;
import org.camunda.dmn.parser.ParsedDecisionTable;
import org.camunda.dmn.parser.ParsedDmn;
import org.camunda.dmn.parser.ParsedExpression;
import org.camunda.dmn.parser.ParsedFunctionDefinition;
import org.camunda.dmn.parser.ParsedInvocation;
import org.camunda.dmn.parser.ParsedList;
import org.camunda.dmn.parser.ParsedLiteralExpression;
import org.camunda.dmn.parser.ParsedRelation;
import org.camunda.feel.FeelEngine;
import org.camunda.feel.FeelEngineClock;
import org.camunda.feel.api.EvaluationFailure;
import org.camunda.feel.api.EvaluationFailureType;
import org.camunda.feel.context.FunctionProvider;
import org.camunda.feel.context.VariableProvider;
import org.camunda.feel.impl.interpreter.BuiltinFunctions;
import org.camunda.feel.impl.interpreter.EvalContext;
import org.camunda.feel.impl.interpreter.EvaluationFailureCollector;
import org.camunda.feel.impl.interpreter.FeelInterpreter;
import org.camunda.feel.syntaxtree.Val;
import org.camunda.feel.syntaxtree.ValBoolean;
import org.camunda.feel.syntaxtree.ValError;
import org.camunda.feel.syntaxtree.ValFatalError;
import org.camunda.feel.syntaxtree.ValFunction;
import org.camunda.feel.syntaxtree.ValNull$;
import org.camunda.feel.syntaxtree.ValNumber;
import org.camunda.feel.syntaxtree.ValString;
import org.camunda.feel.valuemapper.ValueMapper;
import scala.jdk.javaapi.CollectionConverters;
import scala.util.Either;
import scala.util.Left;
import scala.util.Right;
import scala.util.control.NonFatal;

/**
 * Evaluates parsed DMN as {@link DmnEngine#eval} does (dmn-scala 1.10.1, FEEL 1.19.5), with
 * dmn-scala's own evaluators for tables, contexts and the rest, wired as {@code DmnEngine} wires
 * them, but each FEEL expression handed to FEEL's interpreter directly. {@code DmnEngine} goes
 * through {@code FeelEngine.evaluate} for every expression (every input entry of every rule): it
 * validates the expression again (the parser already did, with the same validator), copies all
 * variables into a new ordered map, and converts each variable it reads through a chain of value
 * mappers that returns by throwing. Here the variables are read from the map they are in, a value
 * that already is a FEEL value is taken as it is (what that chain returns for it), and results,
 * failures and audit entries are the ones {@code DmnEngine} gives ({@code DmnScalaEquivalenceTest},
 * {@code DmnInterpreterTest}). An input entry that only compares the input with constants (most
 * of them) is answered once per input value and entry.
 *
 * <p>Safe for any number of threads: every evaluation has its own context, and the only state, the
 * input entries' answers, is kept in concurrent maps.
 */
final class DmnInterpreter {

  /** FEEL's value mapper as dmn-scala builds its FEEL engine, values that are FEEL values passed through. */
  private final ValueMapper values;

  private final FeelInterpreter feel;
  /** The root context's functions in {@code FeelEngine}: the built-ins, and no custom ones. */
  private final FunctionProvider builtins;

  private final DecisionTableEvaluator tables = new DecisionTableEvaluator(this::expression);
  private final ContextEvaluator contexts = new ContextEvaluator(this::logic);
  private final ListEvaluator lists = new ListEvaluator(this::logic);
  private final RelationEvaluator relations = new RelationEvaluator(this::logic);
  private final FunctionDefinitionEvaluator functionDefinitions =
      new FunctionDefinitionEvaluator(this::expression);
  private final BusinessKnowledgeEvaluator knowledge;
  private final InvocationEvaluator invocations;
  private final org.camunda.dmn.evaluation.DecisionEvaluator decisions;

  /**
   * The results of the input entries that read nothing but the input value (comparisons with
   * constants, the most of every table), by entry and input value: such an entry answers the same
   * for the same value. Only values compared by value (numbers, text, booleans, null) and only
   * answers (not failures, whose message may show the value as written) are kept, at most
   * {@link #ANSWERS_PER_ENTRY} per entry (then they start again: a service runs for months and
   * sees ever new lab values).
   */
  private final Map<org.camunda.feel.syntaxtree.ParsedExpression, Map<Val, Either<DmnEngine.Failure, Val>>>
      constantEntries = new IdentityHashMap<>();

  static final int ANSWERS_PER_ENTRY = 512;

  /**
   * @param dmnValues the value mapper dmn-scala loaded for its engine (see {@link DecisionEvaluator#newEngine})
   * @param models the models it will evaluate, whose input entries that compare with constants are
   *     answered once per input value
   */
  DmnInterpreter(ValueMapper dmnValues, Collection<ParsedDmn> models) {
    for (ParsedDmn dmn : models) {
      dmn.decisions().foreach(d -> {
        inputEntries(d.logic());
        return null;
      });
    }
    this.values =
        new PassFeelValues(
            new ValueMapper.CompositeValueMapper(
                CollectionConverters.asScala(
                        List.<org.camunda.feel.valuemapper.CustomValueMapper>of(
                            new NoUnpackValueMapper(dmnValues)))
                    .toList()));
    this.feel = new FeelInterpreter(values);
    this.builtins =
        new FunctionProvider.CompositeFunctionProvider(
            CollectionConverters.asScala(
                    List.<FunctionProvider>of(
                        new BuiltinFunctions(FeelEngineClock.SystemClock$.MODULE$, values),
                        FunctionProvider.EmptyFunctionProvider$.MODULE$))
                .toList());
    this.knowledge = new BusinessKnowledgeEvaluator(this::logic, dmnValues);
    this.invocations = new InvocationEvaluator(this::expression, knowledge::eval);
    this.decisions = new org.camunda.dmn.evaluation.DecisionEvaluator(this::logic, knowledge::createFunction);
  }

  /** As {@code DmnEngine.eval(dmn, decisionId, variables)} for a decision of the model, without audit listeners. */
  Either<DmnEngine.EvalFailure, DmnEngine.EvalResult> eval(
      ParsedDmn dmn, ParsedDecision decision, scala.collection.immutable.Map<String, Object> variables) {
    DmnEngine.EvalContext context =
        new DmnEngine.EvalContext(
            dmn, variables, decision, DmnEngine.EvalContext$.MODULE$.apply$default$4());
    Either<DmnEngine.Failure, Val> result = decisions.eval(decision, context);
    org.camunda.dmn.Audit.AuditLog auditLog =
        new org.camunda.dmn.Audit.AuditLog(dmn, context.auditLog().toList());
    if (result.isLeft()) {
      return new Left<>(new DmnEngine.EvalFailure(result.left().get(), auditLog));
    }
    Val value = result.right().get();
    // dmn-scala unpacks with its value mapper, which keeps results as FEEL values
    return new Right<>(
        value == ValNull$.MODULE$
            ? new DmnEngine.NilResult(auditLog)
            : new DmnEngine.Result(value, auditLog));
  }

  /** {@code DmnEngine.evalExpression}: a decision's logic by its kind. */
  private Either<DmnEngine.Failure, Val> logic(ParsedDecisionLogic logic, DmnEngine.EvalContext context) {
    return switch (logic) {
      case ParsedDecisionTable table -> tables.eval(table, context);
      case ParsedInvocation invocation -> invocations.eval(invocation, context);
      case ParsedLiteralExpression literal -> {
        Either<DmnEngine.Failure, Val> result = expression(literal.expression(), context);
        context.audit(literal, result, context.audit$default$3());
        yield result;
      }
      case ParsedContext entries -> contexts.eval(entries, context);
      case ParsedList list -> lists.eval(list, context);
      case ParsedRelation relation -> relations.eval(relation, context);
      case ParsedFunctionDefinition function -> functionDefinitions.eval(function, context);
      default -> failure("expression of type '" + logic + "' is not supported");
    };
  }

  /** {@code LiteralExpressionEvaluator.evalExpression}: one expression, input entries included. */
  private Either<DmnEngine.Failure, Val> expression(ParsedExpression expression, DmnEngine.EvalContext context) {
    if (expression instanceof FeelExpression feelExpression) {
      Map<Val, Either<DmnEngine.Failure, Val>> answers = constantEntries.get(feelExpression.expression());
      if (answers != null
          && !context.variables().contains(FeelEngine.UnaryTests$.MODULE$.inputVariable())
          && context.variables().get(FeelEngine.UnaryTests$.MODULE$.defaultInputVariable()).getOrElse(() -> null)
              instanceof Val input
          && (input instanceof ValNumber
              || input instanceof ValString
              || input instanceof ValBoolean
              || input == ValNull$.MODULE$)) {
        Either<DmnEngine.Failure, Val> known = answers.get(input);
        if (known == null) {
          known = feel(feelExpression.expression(), context.variables());
          if (known.isRight()) {
            if (answers.size() >= ANSWERS_PER_ENTRY) {
              answers.clear();
            }
            answers.put(input, known);
          }
        }
        return known;
      }
      return feel(feelExpression.expression(), context.variables());
    }
    if (expression == EmptyExpression$.MODULE$) {
      return new Right<>(new ValBoolean(true));
    }
    if (expression instanceof ExpressionFailure failed) {
      return failure(failed.failure());
    }
    return failure("Failed to evaluate expression '" + expression + "'");
  }

  /**
   * {@code LiteralExpressionEvaluator.evalFeelExpression} and {@code FeelEngine.evaluate}: the
   * variables, with those that are functions also offered as functions, before FEEL's built-ins.
   */
  private Either<DmnEngine.Failure, Val> feel(
      org.camunda.feel.syntaxtree.ParsedExpression expression,
      scala.collection.immutable.Map<String, Object> variables) {
    FunctionProvider functions = builtins;
    Map<String, scala.collection.immutable.List<ValFunction>> own = new HashMap<>();
    CollectionConverters.asJava(variables)
        .forEach(
            (name, value) -> {
              if (value instanceof ValFunction function) {
                own.put(name, CollectionConverters.asScala(List.of(function)).toList());
              }
            });
    if (!own.isEmpty()) {
      functions =
          new FunctionProvider.CompositeFunctionProvider(
              CollectionConverters.asScala(
                      List.<FunctionProvider>of(
                          new FunctionProvider.StaticFunctionProvider(
                              scala.collection.immutable.Map.from(CollectionConverters.asScala(own))),
                          builtins))
                  .toList());
    }
    EvalContext context =
        new EvalContext(
            values,
            new VariableProvider.StaticVariableProvider(variables),
            functions,
            new EvaluationFailureCollector());
    Val result;
    try {
      result = feel.eval(expression.expression(), context);
    } catch (Throwable t) {
      if (!NonFatal.apply(t)) {
        throw t;
      }
      return failure("failed to evaluate expression '" + expression.text() + "' : " + t);
    }
    for (EvaluationFailure f : CollectionConverters.asJava(context.failureCollector().failures())) {
      if (f.failureType().equals(EvaluationFailureType.ASSERT_FAILURE$.MODULE$)) {
        return failure(
            "Assertion failure on evaluate the expression '"
                + expression.text()
                + "': "
                + f.failureMessage());
      }
    }
    if (result instanceof ValError error) {
      return failure("failed to evaluate expression '" + expression.text() + "': " + error.error());
    }
    if (result instanceof ValFatalError error) {
      return failure("failed to evaluate expression '" + expression.text() + "': " + error.error());
    }
    return new Right<>(result);
  }

  /** Registers the input entries of a decision's tables (also those inside contexts) that read only the input. */
  private void inputEntries(ParsedDecisionLogic logic) {
    if (logic instanceof ParsedDecisionTable table) {
      table.rules().foreach(rule -> {
        rule.inputEntries().foreach(entry -> {
          if (entry instanceof FeelExpression feelEntry && readsOnlyTheInput(feelEntry.expression().expression())) {
            constantEntries.put(feelEntry.expression(), new ConcurrentHashMap<>());
          }
          return null;
        });
        return null;
      });
    } else if (logic instanceof ParsedContext context) {
      context.entries().foreach(entry -> {
        inputEntries(entry._2());
        return null;
      });
      context.aggregationEntry().foreach(aggregation -> {
        inputEntries(aggregation);
        return null;
      });
    }
  }

  /** FEEL's syntax for comparing the input with constants, and for constants. */
  private static final java.util.Set<String> INPUT_AND_CONSTANTS =
      java.util.Set.of(
          "InputEqualTo", "InputLessThan", "InputLessOrEqual", "InputGreaterThan", "InputGreaterOrEqual",
          "InputInRange", "AtLeastOne", "Not", "UnaryTestExpression", "ConstRange", "OpenConstRangeBoundary",
          "ClosedConstRangeBoundary", "ConstNumber", "ConstString", "ConstBool", "ConstNull", "ConstDate",
          "ConstTime", "ConstLocalTime", "ConstDateTime", "ConstLocalDateTime", "ConstYearMonthDuration",
          "ConstDayTimeDuration", "ConstList");

  /**
   * Whether a unary test reads nothing but the input value: its syntax tree is made of comparisons
   * with the input and constants only (no variable, path, function or {@code ?}).
   */
  static boolean readsOnlyTheInput(Object node) {
    if (node instanceof scala.collection.Iterable<?> items) {
      for (Object item : CollectionConverters.asJava(items)) {
        if (!readsOnlyTheInput(item)) {
          return false;
        }
      }
      return true;
    }
    if (node instanceof scala.Product product) {
      // a case object's class ends in $
      String kind = product.getClass().getSimpleName().replace("$", "");
      if (!product.getClass().getPackageName().equals("org.camunda.feel.syntaxtree")
          || !INPUT_AND_CONSTANTS.contains(kind)) {
        return false;
      }
      for (var parts = product.productIterator(); parts.hasNext(); ) {
        if (!readsOnlyTheInput(parts.next())) {
          return false;
        }
      }
      return true;
    }
    // the constants' own values
    return node instanceof String
        || node instanceof Boolean
        || node instanceof scala.math.BigDecimal
        || node instanceof java.time.temporal.TemporalAccessor
        || node instanceof java.time.temporal.TemporalAmount
        || node instanceof org.camunda.feel.syntaxtree.ZonedTime;
  }

  private static Either<DmnEngine.Failure, Val> failure(String message) {
    return new Left<>(new DmnEngine.Failure(message));
  }

  /**
   * The mapper FEEL reads variables through, but a FEEL value is taken as it is: the full mapper
   * returns it unchanged (dmn-scala's value mapper and FEEL's default map a value to itself), only
   * after trying each mapper in turn, each answer returned by throwing a control exception. Any
   * other value goes through the full mapper.
   */
  private record PassFeelValues(ValueMapper mapper) implements ValueMapper {
    @Override
    public Val toVal(Object x) {
      return x instanceof Val value ? value : mapper.toVal(x);
    }

    /** dmn-scala's {@code NoUnpackValueMapper}, first in the chain, keeps every result as it is. */
    @Override
    public Object unpackVal(Val value) {
      return value;
    }
  }
}
