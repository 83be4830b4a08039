package org.pathway.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.camunda.client.CamundaClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The remote completer against a stub of the Camunda 8.8 REST API (its documented paths, bodies
 * and problem responses), through the real Camunda client: the acting user is assigned, then the
 * task completed; the cluster's refusals are rejections, its unavailability a retryable 503.
 * Remote completion sent no assignment (Operate and Tasklist recorded nobody) and made every
 * non-404 problem, 503 back-pressure and 504 included, a 409.
 */
class RestUserTaskCompleterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Call(String method, String path, JsonNode body) {}

  private HttpServer cluster;
  private final List<Call> calls = new ArrayList<>();
  /** The answer per path suffix ("assignment", "completion"): status, and a problem title. */
  private final Map<String, Map.Entry<Integer, String>> answers = new ConcurrentHashMap<>();
  private CamundaClient client;
  private RestUserTaskCompleter completer;

  @BeforeEach
  void startCluster() throws IOException {
    cluster = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    cluster.createContext("/v2/user-tasks/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      synchronized (calls) {
        calls.add(new Call(exchange.getRequestMethod(), path,
            body.length == 0 ? null : JSON.readTree(new String(body, StandardCharsets.UTF_8))));
      }
      var answer = answers.getOrDefault(path.substring(path.lastIndexOf('/') + 1), Map.entry(204, ""));
      if (answer.getKey() == 204) {
        exchange.sendResponseHeaders(204, -1);
      } else {
        byte[] problem = JSON.writeValueAsBytes(Map.of("type", "about:blank", "title", answer.getValue(),
            "status", answer.getKey(), "detail", "stub: " + answer.getValue(), "instance", path));
        exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(answer.getKey(), problem.length);
        exchange.getResponseBody().write(problem);
      }
      exchange.close();
    });
    cluster.start();
    URI address = URI.create("http://127.0.0.1:" + cluster.getAddress().getPort());
    client = CamundaClient.newClientBuilder()
        .restAddress(address)
        .grpcAddress(URI.create("http://127.0.0.1:1"))
        .preferRestOverGrpc(true)
        .defaultRequestTimeout(Duration.ofSeconds(5))
        .build();
    completer = new RestUserTaskCompleter(client);
  }

  @AfterEach
  void stopCluster() {
    client.close();
    cluster.stop(0);
  }

  @Test
  void theActingUserIsAssignedThenTheTaskCompletedWithItsVariables() {
    completer.complete(2251799813685311L, "nurse", Map.of("labsDrawn", "DRAWN"));

    assertThat(calls).extracting(Call::method, Call::path).containsExactly(
        org.assertj.core.groups.Tuple.tuple("POST", "/v2/user-tasks/2251799813685311/assignment"),
        org.assertj.core.groups.Tuple.tuple("POST", "/v2/user-tasks/2251799813685311/completion"));
    JsonNode assignment = calls.getFirst().body();
    assertThat(assignment.path("assignee").asText()).isEqualTo("nurse");
    assertThat(assignment.path("allowOverride").asBoolean()).isTrue();
    assertThat(calls.get(1).body().path("variables").path("labsDrawn").asText()).isEqualTo("DRAWN");
  }

  @Test
  void whatTheClusterRefusesForTheTaskIsARejection() {
    answers.put("assignment", Map.entry(404, "NOT_FOUND"));
    assertThatThrownBy(() -> completer.complete(1L, "nurse", Map.of()))
        .isInstanceOf(UserTaskCompleter.CompletionRejected.class)
        .satisfies(e -> assertThat(((UserTaskCompleter.CompletionRejected) e).rejectionType()).isEqualTo("NOT_FOUND"));
    answers.clear();
    answers.put("completion", Map.entry(409, "INVALID_STATE"));
    assertThatThrownBy(() -> completer.complete(2L, "nurse", Map.of()))
        .isInstanceOf(UserTaskCompleter.CompletionRejected.class)
        .satisfies(e -> assertThat(((UserTaskCompleter.CompletionRejected) e).rejectionType()).isEqualTo("INVALID_STATE"));
  }

  @Test
  void backPressureTimeoutsAndAnUnreachableClusterAreRetryableNotRejections() {
    for (int status : List.of(503, 504, 500, 429, 401)) {
      answers.put("completion", Map.entry(status, "stub " + status));
      assertThatThrownBy(() -> completer.complete(3L, "nurse", Map.of()))
          .as("HTTP %d", status)
          .isInstanceOf(EngineUnavailable.class)
          .hasMessageContaining("answered " + status);
    }
    cluster.stop(0);
    assertThatThrownBy(() -> completer.complete(4L, "nurse", Map.of()))
        .isInstanceOf(EngineUnavailable.class)
        .hasMessageContaining("did not answer");
  }
}
