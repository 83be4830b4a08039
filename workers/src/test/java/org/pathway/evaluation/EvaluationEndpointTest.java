package org.pathway.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** POST /api/v1/evaluations gives the same result as ./pathway evaluate. */
class EvaluationEndpointTest extends PathwayTestSupport {

  JsonNode post(String body, HttpStatus expected) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    var response =
        http.exchange(
            "/api/v1/evaluations", HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(expected);
    return response.getBody();
  }

  @Test
  void theServiceAndTheCommandAgree() throws Exception {
    String timeline = Files.readString(EvaluateCommandTest.EXAMPLE);
    JsonNode served = post(timeline, HttpStatus.OK);
    // compared as JSON text read back, so number node types (int or long) do not matter
    JsonNode commanded =
        EvaluateCommandTest.JSON.readTree(
            EvaluateCommandTest.JSON.writeValueAsString(
                new EvaluateCommand(org.pathway.SitePolicies.configured())
                    .evaluate(EvaluateCommandTest.JSON.readTree(timeline))));
    assertThat(served).isEqualTo(commanded);
    assertThat(served.path("evaluations")).hasSize(7);
  }

  /** Clients posting at once each get the grades their timeline gets alone, and never a 500. */
  @Test
  void concurrentClientsGetTheirOwnGrades() throws Exception {
    List<String> bodies = new java.util.ArrayList<>();
    for (Path file : ReferenceTimelinesTest.timelines().toList()) {
      bodies.add(Files.readString(file));
    }
    Map<String, JsonNode> alone = new java.util.HashMap<>();
    for (String body : bodies) {
      alone.put(body, post(body, HttpStatus.OK));
    }
    var clients = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<Map.Entry<String, java.util.concurrent.Future<JsonNode>>> answers = new java.util.ArrayList<>();
      for (int round = 0; round < 2; round++) {
        for (String body : bodies) {
          answers.add(Map.entry(body, clients.submit(() -> post(body, HttpStatus.OK))));
        }
      }
      for (var answer : answers) {
        assertThat(answer.getValue().get()).isEqualTo(alone.get(answer.getKey()));
      }
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void aMalformedTimelineIs400WithTheErrors() throws Exception {
    String timeline =
        Files.readString(EvaluateCommandTest.EXAMPLE).replace("\"value\": 900,", "\"value\": \"900\",");
    JsonNode result = post(timeline, HttpStatus.BAD_REQUEST);
    assertThat(result.path("evaluations")).isEmpty();
    assertThat(result.path("errors").findValuesAsText("pointer")).containsExactly("/labs/6/value");
  }
}
