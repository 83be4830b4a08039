package org.pathway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.api.security.Role;
import org.pathway.fuzz.JsonMutator;
import org.pathway.store.AssessmentRecord;
import org.pathway.store.AssessmentRepository;
import org.pathway.store.LabResultRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Seeded deliveries to the JSON lab and bedside endpoints, as a broken or hostile sender makes
 * them: extreme and wrapping numbers, control characters, huge arrays, times out of range, and the
 * versions and statuses of a few results in every order (corrections, preliminaries, retractions,
 * repeats). Never a 5xx, a refusal names what is wrong and stores nothing, and every result that was
 * stored is read by exactly one assessment of the patient's pathway: none is lost, none is left
 * waiting, none is assessed twice. Replay a failure with its seed.
 */
class IntakeFuzzTest extends PathwayTestSupport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CASES = 150;
  /** Graded analytes and plausible values in their usual units. */
  private static final List<String[]> ANALYTES = List.of(
      new String[] {"2276-4", "ng/mL", "300", "4000"},
      new String[] {"3255-7", "mg/dL", "150", "500"},
      new String[] {"751-8", "10*3/uL", "1.5", "8"},
      new String[] {"1988-5", "mg/L", "5", "200"},
      new String[] {"1742-6", "U/L", "40", "900"});

  @Autowired LabResultRepository labs;
  @Autowired AssessmentRepository assessments;

  @Test
  void everyAcceptedResultIsAssessedOnceAndEveryRefusalStoresNothing() throws Exception {
    String patient = "IFZ-1";
    Instant infusion = now().minus(Duration.ofDays(4));
    enroll(patient(patient, infusion));
    int refused = 0;
    int accepted = 0;
    for (long seed = 1; seed <= CASES; seed++) {
      Random random = new Random(seed);
      boolean bedside = random.nextInt(4) == 0;
      JsonNode valid = bedside ? vitals(random) : labBatch(random, infusion);
      JsonNode doc = random.nextBoolean() ? JsonMutator.mutate(valid, random, 1 + random.nextInt(2)) : valid;
      String kind = bedside ? "vitals" : "labs";

      int labsBefore = labs.history(patient).size();
      int vitalsBefore = timeline(patient).path("vitals").size();
      ResponseEntity<String> response = post("/api/v1/patients/" + patient + "/" + kind, doc.toString(), bedside);
      int labsStored = labs.history(patient).size() - labsBefore;
      int vitalsStored = timeline(patient).path("vitals").size() - vitalsBefore;

      assertThat(response.getStatusCode().is5xxServerError())
          .as("seed %d: %s\n%s", seed, response, doc).isFalse();
      if (response.getStatusCode().is4xxClientError()) {
        refused++;
        assertThat(response.getHeaders().getContentType()).as("seed %d", seed)
            .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(labsStored + vitalsStored).as("seed %d: refused, yet stored\n%s", seed, doc).isZero();
      } else {
        accepted++;
        assertThat(labsStored + vitalsStored).as("seed %d", seed).isLessThanOrEqualTo(doc.path(kind).size());
      }
    }
    assertThat(refused).isBetween(CASES / 10, CASES - CASES / 10);
    assertThat(accepted).isGreaterThan(CASES / 3);

    // every stored row (each version, retraction and repeat that was new) is read by exactly one
    // assessment: the assessments' new results partition the patient's stored rows
    int rows = labs.history(patient).size();
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> assessments.latest(patient)
        .map(a -> a.labsRead() != null && a.labsRead() == rows).orElse(false));
    engine.waitForIdleState(IDLE);
    List<AssessmentRecord> done = assessments.findByPatient(patient);
    String read = String.join("\n", done.stream().map(a -> a.assessedAt() + " labsRead=" + a.labsRead() + " "
        + a.resultsRead()).toList());
    assertThat(done.stream().mapToInt(a -> a.resultsRead().size()).sum()).as(read).isEqualTo(rows);
    for (int i = 1; i < done.size(); i++) {
      assertThat(done.get(i).labsRead()).as(read).isGreaterThan(done.get(i - 1).labsRead());
      assertThat(done.get(i).resultsRead()).as(read).isNotEmpty();
    }
    long instance = Long.parseLong(http.getForObject("/api/v1/patients/" + patient, JsonNode.class)
        .path("processInstanceKey").asText());
    assertThat(incidentsOf(instance)).isEmpty();
  }

  /**
   * One to three results of a few identities, so that versions meet: a repeat, a newer or older
   * version, a correction, a preliminary after a final, a retraction, a time too old to grade.
   */
  private static JsonNode labBatch(Random random, Instant infusion) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode labs = body.putArray("labs");
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      int identity = random.nextInt(8);
      String[] analyte = ANALYTES.get(identity % ANALYTES.size());
      ObjectNode lab = labs.addObject();
      Instant at = random.nextInt(10) == 0
          ? infusion.minus(Duration.ofDays(30)) // before any baseline: kept, flagged NOT_CURRENT
          : infusion.plus(Duration.ofHours(identity * 6L));
      lab.put("at", at.toString());
      lab.put("loinc", analyte[0]);
      lab.put("value", new java.math.BigDecimal(analyte[2]).multiply(java.math.BigDecimal.valueOf(1 + random.nextInt(4))));
      lab.put("unit", analyte[1]);
      lab.putNull("low");
      lab.put("high", new java.math.BigDecimal(analyte[2]));
      lab.put("id", "urn:fuzz:lab|R-" + identity + (at.isBefore(infusion) ? "-old" : ""));
      lab.put("status", List.of("final", "final", "amended", "corrected", "preliminary", "entered-in-error")
          .get(random.nextInt(6)));
      if (random.nextBoolean()) {
        lab.put("version", String.valueOf(1 + random.nextInt(3)));
      }
    }
    return body;
  }

  private JsonNode vitals(Random random) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode v = body.putArray("vitals").addObject();
    v.put("at", now().minusSeconds(60L * random.nextInt(600)).toString());
    v.putObject("temperature").put("value", 36 + random.nextInt(40) / 10.0).put("unit", "Cel");
    v.put("hypotension", random.nextInt(5) == 0);
    v.putArray("vasopressors");
    v.putObject("oxygen").put("device", "NONE");
    return body;
  }

  private JsonNode timeline(String patient) {
    return http.getForObject("/api/v1/patients/" + patient + "/timeline", JsonNode.class);
  }

  private ResponseEntity<String> post(String path, String body, boolean bedside) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    // labs as the laboratory interface, vitals as the nurse at the bedside
    return as(bedside ? Role.NURSE : Role.INTEGRATION)
        .exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
  }
}
