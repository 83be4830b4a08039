package org.pathway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/** The requests of ./pathway bench-intake and its bare endpoint, without timing anything. */
class IntakeBenchmarkTest {

  @Test
  void theIntakeBenchmarksTransactionIsFhirAndTheBareEndpointAnswersEachObservation() throws Exception {
    String observation = IntakeBenchmark.observation(
        "P-1", "bench-1", "2276-4", 250, "ng/mL", Instant.parse("2026-01-01T08:00:00Z"));
    String transaction = IntakeBenchmark.transaction(List.of(observation, observation, observation));
    var bundle = FhirContext.forR4Cached().newJsonParser()
        .setParserErrorHandler(new StrictErrorHandler())
        .parseResource(Bundle.class, transaction);
    assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
    assertThat(bundle.getEntry()).hasSize(3).allSatisfy(e -> {
      assertThat(e.getResource()).isInstanceOf(Observation.class);
      assertThat(e.getRequest().getUrl()).isEqualTo("Observation");
    });

    var server = IntakeBenchmark.bareServer();
    try {
      var client = HttpClient.newHttpClient();
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      // 7 Observations in bundles of 3: 3 requests, the last of one entry
      var run = IntakeBenchmark.post(client, url, "Basic eDp5", "P-1", 7, 2, 3);
      assertThat(run.failures()).isZero();
      assertThat(run.sorted()).hasSize(3);
      assertThat(run.count()).isEqualTo(7);
      var answer = client.send(
          HttpRequest.newBuilder(URI.create(url + "/api/v1/fhir"))
              .header("authorization", "Basic eDp5")
              .POST(HttpRequest.BodyPublishers.ofString(transaction)).build(),
          HttpResponse.BodyHandlers.ofString());
      var response = FhirContext.forR4Cached().newJsonParser()
          .parseResource(Bundle.class, answer.body());
      assertThat(response.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
      assertThat(response.getEntry()).hasSize(3)
          .allSatisfy(e -> assertThat(e.getResponse().getStatus()).isEqualTo("201 Created"));
      assertThat(IntakeBenchmark.post(client, url, "Basic eDp5", "P-1", 4, 2, 1).failures()).isZero();
    } finally {
      server.stop(0);
    }
  }
}
