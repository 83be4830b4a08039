package org.pathway.engine;

import com.fasterxml.jackson.core.JsonGenerator;
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

/**
 * The evaluation the service had before it ran dmn-scala directly: through zeebe-dmn (on the test
 * class path only, with zeebe-process-test), variables through JSON, the output through
 * MessagePack and JSON. Kept to prove the two answer alike ({@code DmnScalaEquivalenceTest},
 * {@link BothDecisionEngines}).
 *
 * <p>zeebe-dmn writes every output into one reusable buffer, so each evaluation borrows an engine
 * (with the tables parsed by it) that no other thread uses until the output is read.
 */
public final class ZeebeDmnDecisions extends DecisionEvaluator {

  /** Variables written as the service's and {@code ./pathway evaluate}'s mappers write them. */
  public static final ObjectMapper PLAIN =
      new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private record Engine(
      DecisionEngine engine, Map<String, ParsedDecisionRequirementsGraph> graphsByDecision) {}

  private final List<ModelResources.Model> tables;
  private final LinkedBlockingDeque<Engine> idle = new LinkedBlockingDeque<>();
  private final ObjectMapper json;

  public ZeebeDmnDecisions(ModelResources models) {
    this(models, PLAIN);
  }

  public ZeebeDmnDecisions(ModelResources models, ObjectMapper json) {
    super(models);
    this.json = json;
    this.tables = models.ofKind("dmn");
    idle.push(newEngine(tables));
  }

  private static Engine newEngine(List<ModelResources.Model> tables) {
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

  @Override
  public Object evaluate(String decisionId, Map<String, Object> variables) {
    if (!decisionIds().contains(decisionId)) {
      throw new EvaluationFailed("no decision '" + decisionId + "' in dmn/");
    }
    Map<String, Object> asEngineSees = asEngineSees(variables);
    Engine engine = idle.poll();
    if (engine == null) {
      engine = newEngine(tables);
    }
    try {
      DecisionEvaluationResult result =
          engine.engine().evaluateDecisionById(
              engine.graphsByDecision().get(decisionId), decisionId, new VariablesContext(asEngineSees));
      if (result.isFailure()) {
        throw new EvaluationFailed(
            "decision '" + result.getFailedDecisionId() + "' failed: " + result.getFailureMessage());
      }
      return json.readValue(MsgPackConverter.convertToJson(result.getOutput()), Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("decision output is not JSON", e);
    } finally {
      idle.push(engine);
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
