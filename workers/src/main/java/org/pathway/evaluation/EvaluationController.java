package org.pathway.evaluation;

import org.pathway.grading.EvaluationResult;
import org.pathway.grading.TimelineEvaluator;
import com.fasterxml.jackson.databind.JsonNode;
import org.pathway.PathwayProperties;
import org.pathway.engine.DecisionEvaluator;
import org.pathway.engine.ModelResources;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** POST /api/v1/evaluations: an iec-timeline/1 document in, its iec-evaluation/1 out. */
@RestController
@RequestMapping("/api/v1/evaluations")
public class EvaluationController {

  private final TimelineEvaluator evaluator;

  public EvaluationController(TimelineEvaluator evaluator) {
    this.evaluator = evaluator;
  }

  /** 200 with the evaluations, or 400 with the same document carrying the input errors. */
  @PostMapping
  public ResponseEntity<EvaluationResult> evaluate(@RequestBody JsonNode timeline) {
    EvaluationResult result = evaluator.evaluate(timeline);
    return result.failed()
        ? ResponseEntity.badRequest().body(result)
        : ResponseEntity.ok(result);
  }

  @Configuration(proxyBeanMethods = false)
  static class Beans {
    @Bean
    TimelineEvaluator timelineEvaluator(
        DecisionEvaluator decisions, ModelResources models, PathwayProperties properties) {
      return new TimelineEvaluator(decisions, models, properties.rules().featurePolicy());
    }
  }
}
