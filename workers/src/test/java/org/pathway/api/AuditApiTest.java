package org.pathway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.store.AuditLog;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/** What the service records: every request, every grade, every decision on a suspicion. */
class AuditApiTest extends PathwayTestSupport {

  @Autowired AuditLog audit;

  List<JsonNode> entries(String patientId) {
    JsonNode all = http.getForObject("/api/v1/audit?patientId=" + patientId, JsonNode.class);
    return java.util.stream.StreamSupport.stream(all.spliterator(), false).toList();
  }

  @Test
  void readsWritesGradesAndDecisionsAreRecordedInOneUnbrokenChain() {
    Instant infusion = now().minus(Duration.ofDays(12));
    enroll(patient("AU-1", infusion));
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Request-Id", "ward-round-42");
    var read = http.exchange("/api/v1/patients/AU-1", HttpMethod.GET, new HttpEntity<>(headers), Map.class);
    assertThat(read.getHeaders().getFirst("X-Request-Id")).isEqualTo("ward-round-42");
    Instant d0 = infusion.minus(Duration.ofHours(6));
    Instant today = now().minusSeconds(600);
    postLabs("AU-1", List.of(
        lab(d0, "2276-4", 450, "ng/mL", null, 300), lab(d0, "751-8", 2.1, "10*3/uL", 1.8, 7.7),
        lab(today, "2276-4", 900, "ng/mL", null, 300), lab(today, "751-8", 0.4, "10*3/uL", 1.8, 7.7)));
    Map<String, Object> review = awaitOpenTask("AU-1", "review-suspected-iec-hs");
    complete(review.get("key"), Map.of("reviewDecision", "REFUTED", "reviewReason", "sepsis, cultures positive"));

    List<JsonNode> trail = await().atMost(WAIT).until(() -> entries("AU-1"), l -> l.size() >= 5);
    assertThat(trail).anySatisfy(e -> {
      assertThat(e.at("/event/action").asText()).isEqualTo("GET /api/v1/patients/{id}");
      assertThat(e.at("/event/requestId").asText()).isEqualTo("ward-round-42");
      assertThat(e.at("/event/outcome").asText()).isEqualTo("SUCCESS");
    });
    assertThat(trail).anySatisfy(e -> {
      assertThat(e.at("/event/action").asText()).isEqualTo("assessment.recorded");
      assertThat(e.at("/event/detail").asText()).contains("rulesVersion=dmn-sha256:", "iecHsSuspected=true");
    });
    assertThat(trail).anySatisfy(e -> {
      assertThat(e.at("/event/action").asText()).isEqualTo("task.completed");
      assertThat(e.at("/event/detail").asText()).contains("REFUTED", "sepsis, cultures positive");
    });
    // the engine's side of the completion, recorded whichever way a task is completed (Tasklist too)
    await().atMost(WAIT).until(() -> entries("AU-1").stream()
        .anyMatch(e -> e.at("/event/action").asText().equals("task.completing")
            && e.at("/event/resource").asText().contains("(review-suspected-iec-hs)")));
    // the refuted suspicion (an override) and its reason close the episode, in the chain
    await().atMost(WAIT).until(() -> entries("AU-1").stream()
        .anyMatch(e -> e.at("/event/action").asText().equals("episode.closed")
            && e.at("/event/detail").asText().contains("REFUTED: sepsis, cultures positive")));
    trail = entries("AU-1");
    // as instants: ISO text of a whole second ("...:18Z") sorts after "...:18.021Z"
    assertThat(trail).extracting(e -> java.time.Instant.parse(e.at("/event/at").asText())).isSorted();

    // every request and worker of this shared service appended to one chain, concurrently
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void refusedRequestsAreRecordedToo() {
    http.getForEntity("/api/v1/patients/AU-NOBODY", Map.class);
    assertThat(entries("AU-NOBODY")).anySatisfy(e -> {
      assertThat(e.at("/event/outcome").asText()).isEqualTo("FAILURE");
      assertThat(e.at("/event/detail").asText()).isEqualTo("HTTP 404");
    });
  }
}
