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
import org.springframework.stereotype.Component;

/**
 * Evaluates the deployed DMN decisions outside a process, with the DMN engine Zeebe itself uses
 * (zeebe-dmn, dmn-scala and FEEL). Variables pass through JSON as they do into the engine, so a
 * number reaches the table as the engine would see it.
 */
@Component
public class DecisionEvaluator {

  /** The decision could not be evaluated: the message names the decision and the failure. */
  public static final class EvaluationFailed extends RuntimeException {
    public EvaluationFailed(String message) {
      super(message);
    }
  }

  private final DecisionEngine engine = DecisionEngineFactory.createDecisionEngine();
  private final Map<String, ParsedDecisionRequirementsGraph> graphsByDecision = new HashMap<>();
  private final ObjectMapper json;

  public DecisionEvaluator(ModelResources models, ObjectMapper json) {
    this.json = json;
    for (ModelResources.Model dmn : models.ofKind("dmn")) {
      ParsedDecisionRequirementsGraph graph =
          engine.parse(new ByteArrayInputStream(dmn.content()));
      if (!graph.isValid()) {
        throw new IllegalStateException(dmn.name() + " is not valid DMN: " + graph.getFailureMessage());
      }
      graph.getDecisions().forEach(d -> graphsByDecision.put(d.getId(), graph));
    }
  }

  public List<String> decisionIds() {
    return graphsByDecision.keySet().stream().sorted().toList();
  }

  /** The decision's output as plain Java values (maps, lists, numbers, strings, booleans). */
  public Object evaluate(String decisionId, Map<String, Object> variables) {
    ParsedDecisionRequirementsGraph graph = graphsByDecision.get(decisionId);
    if (graph == null) {
      throw new EvaluationFailed("no decision '" + decisionId + "' in dmn/");
    }
    DecisionEvaluationResult result =
        engine.evaluateDecisionById(graph, decisionId, new VariablesContext(asEngineSees(variables)));
    if (result.isFailure()) {
      throw new EvaluationFailed(
          "decision '" + result.getFailedDecisionId() + "' failed: " + result.getFailureMessage());
    }
    try {
      return json.readValue(MsgPackConverter.convertToJson(result.getOutput()), Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("decision output is not JSON", e);
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
