package org.pathway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.pathway.grading.EvaluationResult;
import org.pathway.grading.TimelineEvaluator;
import org.pathway.intake.BedsideIntakeService;
import org.pathway.intake.HomeReadingIntakeService;
import org.pathway.store.BedsideRepository;
import org.pathway.store.PatientTimelines;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bedside entries in the evaluation contract's shapes ({@code {"vitals": [...]}} and likewise
 * neuro, treatments, findings), home-monitoring readings, and the patient's whole stored history as an iec-timeline/1
 * document that ./pathway evaluate accepts unchanged.
 */
@RestController
@RequestMapping("/api/v1/patients/{id}")
public class BedsideController {

  private final BedsideIntakeService intake;
  private final HomeReadingIntakeService homeReadings;
  private final PatientTimelines timelines;
  private final TimelineEvaluator evaluator;

  public BedsideController(
      BedsideIntakeService intake,
      HomeReadingIntakeService homeReadings,
      PatientTimelines timelines,
      TimelineEvaluator evaluator) {
    this.intake = intake;
    this.homeReadings = homeReadings;
    this.timelines = timelines;
    this.evaluator = evaluator;
  }

  @PostMapping("/vitals")
  public ResponseEntity<Map<String, Object>> vitals(@PathVariable String id, @RequestBody JsonNode body) {
    return stored(intake.store(id, BedsideRepository.Kind.VITALS, body));
  }

  @PostMapping("/neuro")
  public ResponseEntity<Map<String, Object>> neuro(@PathVariable String id, @RequestBody JsonNode body) {
    return stored(intake.store(id, BedsideRepository.Kind.NEURO, body));
  }

  @PostMapping("/treatments")
  public ResponseEntity<Map<String, Object>> treatments(
      @PathVariable String id, @RequestBody JsonNode body) {
    return stored(intake.store(id, BedsideRepository.Kind.TREATMENT, body));
  }

  @PostMapping("/findings")
  public ResponseEntity<Map<String, Object>> findings(@PathVariable String id, @RequestBody JsonNode body) {
    return stored(intake.store(id, BedsideRepository.Kind.FINDING, body));
  }

  /**
   * Home-monitoring readings of outpatient step-up dosing ({@code {"homeReadings": [...]}}, reference
   * §12.1): assessed against the recontact triggers; not part of the timeline document.
   */
  @PostMapping("/home-readings")
  public ResponseEntity<Map<String, Object>> homeReadings(
      @PathVariable String id, @RequestBody JsonNode body) {
    return stored(homeReadings.store(id, body));
  }

  @GetMapping("/timeline")
  public ObjectNode timeline(@PathVariable String id) {
    return timelines
        .document(id)
        .orElseThrow(() -> new ApiProblems.NotFound("patient '" + id + "' is not enrolled"));
  }

  /**
   * The patient's graded course: the stored timeline evaluated as ./pathway evaluate evaluates it
   * (iec-evaluation/1), for the ward app's charts and the grades now.
   */
  @GetMapping("/course")
  public EvaluationResult course(@PathVariable String id) {
    return evaluator.evaluate(timeline(id));
  }

  private static ResponseEntity<Map<String, Object>> stored(BedsideIntakeService.Stored stored) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("stored", stored.count());
    if (stored.notAssessed() != null) {
      body.put("warning", stored.notAssessed());
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(body);
  }
}
