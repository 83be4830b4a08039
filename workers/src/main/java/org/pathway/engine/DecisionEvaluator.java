package org.pathway.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.dmn.DecisionEngine;
import io.camunda.zeebe.dmn.DecisionEngineFactory;
import io.camunda.zeebe.dmn.DecisionEvaluationResult;
import io.camunda.zeebe.dmn.ParsedDecisionRequirementsGraph;
import io.camunda.zeebe.dmn.impl.VariablesContext;
import io.camunda.zeebe.protocol.impl.encoding.MsgPackConverter;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Component;

/**
 * Evaluates the deployed DMN decisions outside a process, with the DMN engine Zeebe itself uses
 * (zeebe-dmn, dmn-scala and FEEL). Variables pass through JSON as they do into the engine, so a
 * number reaches the table as the engine would see it.
 *
 * <p>Safe for any number of threads: zeebe-dmn's engine writes every output into one reusable
 * buffer, so two evaluations on one engine answer with each other's outputs. Each evaluation
 * borrows an engine (with the tables parsed by it) from a pool of at most {@link #MAX_ENGINES}
 * and reads its output before giving it back.
 */
@Component
public class DecisionEvaluator {

  /** The decision could not be evaluated: the message names the decision and the failure. */
  public static final class EvaluationFailed extends RuntimeException {
    public EvaluationFailed(String message) {
      super(message);
    }
  }

  /** Engines in the pool: evaluations beyond this many at once wait for one to be free. */
  static final int MAX_ENGINES = Math.max(2, Runtime.getRuntime().availableProcessors());

  /** One engine and the decision graphs it parsed: never used by two threads at once. */
  private record Engine(
      DecisionEngine engine, Map<String, ParsedDecisionRequirementsGraph> graphsByDecision) {}

  private final List<ModelResources.Model> tables;
  private final LinkedBlockingDeque<Engine> idle = new LinkedBlockingDeque<>();
  private final Semaphore engines = new Semaphore(MAX_ENGINES);
  private final List<String> decisionIds;
  private final ObjectMapper json;

  public DecisionEvaluator(ModelResources models, ObjectMapper json) {
    this.json = json;
    this.tables = models.ofKind("dmn");
    Engine first = newEngine();
    this.decisionIds = first.graphsByDecision().keySet().stream().sorted().toList();
    idle.push(first);
  }

  private Engine newEngine() {
    DecisionEngine engine = DecisionEngineFactory.createDecisionEngine();
    Map<String, ParsedDecisionRequirementsGraph> graphs = new HashMap<>();
    for (ModelResources.Model dmn : tables) {
      ParsedDecisionRequirementsGraph graph = engine.parse(new ByteArrayInputStream(dmn.content()));
      if (!graph.isValid()) {
        throw new IllegalStateException(dmn.name() + " is not valid DMN: " + graph.getFailureMessage());
      }
      graph.getDecisions().forEach(d -> graphs.put(d.getId(), graph));
    }
    return new Engine(engine, Map.copyOf(graphs));
  }

  public List<String> decisionIds() {
    return decisionIds;
  }

  /** The decision's output as plain Java values (maps, lists, numbers, strings, booleans). */
  public Object evaluate(String decisionId, Map<String, Object> variables) {
    if (!decisionIds.contains(decisionId)) {
      throw new EvaluationFailed("no decision '" + decisionId + "' in dmn/");
    }
    Map<String, Object> asEngineSees = asEngineSees(variables);
    Engine engine = borrow();
    try {
      DecisionEvaluationResult result =
          engine.engine().evaluateDecisionById(
              engine.graphsByDecision().get(decisionId), decisionId, new VariablesContext(asEngineSees));
      if (result.isFailure()) {
        throw new EvaluationFailed(
            "decision '" + result.getFailedDecisionId() + "' failed: " + result.getFailureMessage());
      }
      // the output is a view of the engine's buffer: read it before another evaluation overwrites it
      return json.readValue(MsgPackConverter.convertToJson(result.getOutput()), Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("decision output is not JSON", e);
    } finally {
      idle.push(engine);
      engines.release();
    }
  }

  private Engine borrow() {
    engines.acquireUninterruptibly();
    Engine engine = idle.poll();
    if (engine != null) {
      return engine;
    }
    try {
      return newEngine();
    } catch (RuntimeException e) {
      engines.release();
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> asEngineSees(Map<String, Object> variables) {
    try {
      return json.readValue(json.writeValueAsString(variables), Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("variables are not serialisable as JSON", e);
    }
  }
}
