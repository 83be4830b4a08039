package org.pathway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Random;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.api.security.Role;
import org.pathway.fuzz.JsonMutator;
import org.pathway.store.LabResultRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Mutated FHIR documents (transactions, batches, collections, single Observations) over HTTP never
 * get a 5xx, and a refused transaction stores nothing.
 * Replay a failure with its seed.
 */
class FhirFuzzTest extends PathwayTestSupport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CASES = 250;
  private static final java.util.List<Bundle.BundleType> TYPES = java.util.List.of(
      Bundle.BundleType.TRANSACTION, Bundle.BundleType.BATCH, Bundle.BundleType.COLLECTION);

  @Autowired LabResultRepository labs;

  @Test
  void mutatedBundlesAndObservationsNeverFailTheServerNorStoreAPartialTransaction() throws Exception {
    String patient = "FZ-1";
    enroll(patient(patient, now().minus(Duration.ofDays(4))));
    int refused = 0;
    for (long seed = 1; seed <= CASES; seed++) {
      Random random = new Random(seed);
      String run = "fz-" + seed;
      Bundle.BundleType type = TYPES.get(random.nextInt(TYPES.size()));
      Bundle valid = FhirIntakeTest.bundle(type,
          FhirIntakeTest.observation(patient, run + "-a", "2276-4", "900", "ng/mL", now().minusSeconds(900), "final"),
          FhirIntakeTest.observation(patient, run + "-b", "751-8", "0.4", "10*3/uL", now().minusSeconds(900), "final"),
          FhirIntakeTest.observation(patient, run + "-c", "3255-7", "140", "mg/dL", now().minusSeconds(900), "final"));
      if (type != Bundle.BundleType.COLLECTION) {
        // requests and a conditional create, so that mutations reach them too
        FhirIntakeTest.requested(valid).getEntryFirstRep().getRequest()
            .setIfNoneExist("identifier=urn:oid:1.2.3.4.lab|fz-" + random.nextInt((int) seed) + "-a");
      }
      JsonNode doc = JsonMutator.mutate(
          JSON.readTree(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(valid)),
          random, 1 + random.nextInt(3));
      boolean transaction = "transaction".equals(doc.path("type").asText());
      boolean single = random.nextInt(4) == 0;
      String body = single && doc.path("entry").path(0).has("resource")
          ? doc.path("entry").path(0).path("resource").toString()
          : doc.toString();

      int before = labs.history(patient).size();
      ResponseEntity<String> response = post(single ? "/api/v1/fhir/Observation" : "/api/v1/fhir", body);
      int stored = labs.history(patient).size() - before;

      assertThat(response.getStatusCode().is5xxServerError())
          .as("seed %d: %s\n%s", seed, response, body).isFalse();
      assertThat(stored).as("seed %d", seed).isBetween(0, 3);
      if (response.getStatusCode().is4xxClientError()) {
        refused++;
        assertThat(response.getBody()).as("seed %d", seed).contains("OperationOutcome");
        if (transaction || single) {
          assertThat(stored).as("seed %d: refused, yet stored\n%s", seed, body).isZero();
        }
      }
    }
    assertThat(refused).isBetween(CASES / 10, CASES - CASES / 20);
  }

  private ResponseEntity<String> post(String path, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("application/fhir+json"));
    return as(Role.INTEGRATION).exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
  }
}
