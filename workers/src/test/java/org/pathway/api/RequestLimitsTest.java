package org.pathway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** One request cannot make the service parse without bound (defaults: 5 MB, JSON depth 64). */
class RequestLimitsTest extends PathwayTestSupport {

  private static final int SIX_MB = 6 * 1024 * 1024;

  private static String bigDocument() {
    return "{\"schema\":\"iec-timeline/1\",\"padding\":\"" + "x".repeat(SIX_MB) + "\"}";
  }

  private ResponseEntity<String> evaluate(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.exchange("/api/v1/evaluations", HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
  }

  @Test
  void aBodyDeclaredLargerThanTheLimitIsRefusedUnread() throws Exception {
    // Expect: 100-continue, as well-behaved clients send large bodies: refused before it is sent
    // (without it, the service reads and drops the body to answer: the next test)
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri())
        .expectContinue(true)
        .POST(HttpRequest.BodyPublishers.ofByteArray(bigDocument().getBytes(StandardCharsets.UTF_8))));
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("larger than 5242880 bytes");
  }

  @Test
  void aSenderThatWritesItsWholeBodyBeforeReadingGetsTheRefusalNotABrokenPipe() {
    // Apache HttpClient (as HAPI's client and most interface engines) sends no Expect: 100-continue
    // and reads nothing until the body is written: the service drains the body to answer it
    byte[] bundle = ("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"id\":\""
        + "x".repeat(40 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("application/fhir+json"));
    ResponseEntity<String> response = as(org.pathway.api.security.Role.INTEGRATION)
        .exchange("/api/v1/fhir", HttpMethod.POST, new HttpEntity<>(bundle, headers), String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
    assertThat(response.getBody()).contains("OperationOutcome").contains("larger than 5242880 bytes");
  }

  @Test
  void aChunkedBodyRunningOverTheLimitIsRefused() throws Exception {
    byte[] body = bigDocument().getBytes(StandardCharsets.UTF_8);
    // no declared length: sent chunked
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri())
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("larger than 5242880 bytes");
  }

  private URI uri() {
    return URI.create(anonymous.getRootUri() + "/api/v1/evaluations");
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    request.header("content-type", "application/json").header("authorization", "Basic "
        + Base64.getEncoder().encodeToString(("physician:" + DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void jsonNestedDeeperThanTheLimitIsRefusedWithTheReason() {
    String deep = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
    ResponseEntity<String> response = evaluate(deep);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody()).contains("nesting depth").contains("64");
  }
}
