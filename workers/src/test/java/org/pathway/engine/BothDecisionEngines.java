package org.pathway.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The service's evaluator that also evaluates every decision through zeebe-dmn, the way the service
 * did before ({@link ZeebeDmnDecisions}), and fails unless both answer the same: the same values
 * of the same Java types in the same order, or the same failure. The decision tests and
 * {@code DmnScalaEquivalenceTest} grade with it.
 */
public final class BothDecisionEngines extends DecisionEvaluator {

  private final ZeebeDmnDecisions zeebe;
  private final AtomicLong compared = new AtomicLong();

  public BothDecisionEngines(ModelResources models) {
    super(models);
    this.zeebe = new ZeebeDmnDecisions(models);
  }

  public static BothDecisionEngines load() {
    return new BothDecisionEngines(ModelResources.load());
  }

  /** Evaluations both engines answered alike so far. */
  public long compared() {
    return compared.get();
  }

  @Override
  public Object evaluate(String decisionId, Map<String, Object> variables) {
    Outcome direct = Outcome.of(() -> super.evaluate(decisionId, variables));
    Outcome viaZeebe = Outcome.of(() -> zeebe.evaluate(decisionId, variables));
    if (!direct.describe().equals(viaZeebe.describe())) {
      throw new AssertionError(
          "decision '" + decisionId + "' on " + variables
              + "\n  dmn-scala directly: " + direct.describe()
              + "\n  through zeebe-dmn:  " + viaZeebe.describe());
    }
    compared.incrementAndGet();
    return direct.get();
  }

  /** A value with its Java types, in iteration order: equal texts are equal in every respect. */
  public static String describe(Object value) {
    StringBuilder out = new StringBuilder();
    describe(value, out);
    return out.toString();
  }

  private static void describe(Object value, StringBuilder out) {
    switch (value) {
      case null -> out.append("null");
      case Map<?, ?> map -> {
        out.append('{');
        map.forEach((k, v) -> {
          describe(k, out);
          out.append('=');
          describe(v, out);
          out.append(", ");
        });
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        list.forEach(v -> {
          describe(v, out);
          out.append(", ");
        });
        out.append(']');
      }
      default -> out.append(value.getClass().getSimpleName()).append(':').append(value);
    }
  }

  private record Outcome(Object value, RuntimeException failure) {
    static Outcome of(Supplier<Object> evaluation) {
      try {
        return new Outcome(evaluation.get(), null);
      } catch (RuntimeException e) {
        return new Outcome(null, e);
      }
    }

    /** A failure by its type, and by its message where it comes from the engine. */
    String describe() {
      if (failure == null) {
        return BothDecisionEngines.describe(value);
      }
      return failure instanceof EvaluationFailed
          ? "failed: " + failure.getMessage()
          : "threw " + failure.getClass().getName();
    }

    Object get() {
      if (failure != null) {
        throw failure;
      }
      return value;
    }
  }
}
