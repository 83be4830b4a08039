package org.pathway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.store.LabResultRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** FHIR R4 Observations and Bundles over HTTP: stored exactly once, never mis-read, never lost. */
class FhirIntakeTest extends PathwayTestSupport {

  static final FhirContext FHIR = FhirContext.forR4Cached();

  @Autowired LabResultRepository labs;

  static Observation observation(String patient, String id, String loinc, String value, String unit,
      Instant at, String status) {
    Observation obs = new Observation();
    obs.addIdentifier().setSystem("urn:oid:1.2.3.4.lab").setValue(id);
    obs.setStatus(Observation.ObservationStatus.fromCode(status));
    obs.setSubject(new Reference().setIdentifier(new org.hl7.fhir.r4.model.Identifier().setValue(patient)));
    obs.getCode().addCoding().setSystem(FhirObservations.LOINC).setCode(loinc);
    obs.setValue(new Quantity().setValue(new BigDecimal(value)).setSystem(FhirObservations.UCUM).setCode(unit));
    obs.setEffective(new DateTimeType(Date.from(at), ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND,
        java.util.TimeZone.getTimeZone("UTC")));
    obs.addReferenceRange().setHigh((org.hl7.fhir.r4.model.SimpleQuantity) new org.hl7.fhir.r4.model.SimpleQuantity()
        .setValue(new BigDecimal("300")).setSystem(FhirObservations.UCUM).setCode(unit));
    return obs;
  }

  Observation ferritin(String patient, String id, String value) {
    return observation(patient, id, "2276-4", value, "ng/mL", now().minusSeconds(600), "final");
  }

  ResponseEntity<String> post(String path, Resource resource) {
    return postText(path, FHIR.newJsonParser().encodeResourceToString(resource));
  }

  ResponseEntity<String> postText(String path, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("application/fhir+json"));
    // as the laboratory interface
    return as(org.pathway.api.security.Role.INTEGRATION)
        .exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
  }

  static OperationOutcome outcome(ResponseEntity<String> response) {
    return FHIR.newJsonParser().parseResource(OperationOutcome.class, response.getBody());
  }

  static List<String> expressions(ResponseEntity<String> response) {
    return outcome(response).getIssue().stream()
        .flatMap(i -> i.getExpression().stream().map(e -> e.getValue())).toList();
  }

  static Bundle bundle(Bundle.BundleType type, Observation... entries) {
    Bundle b = new Bundle().setType(type);
    for (Observation o : entries) {
      b.addEntry().setResource(o);
    }
    return b;
  }

  BigDecimal graded(String patientId) {
    return org.pathway.store.TestDatabases.gradedFerritin(labs, patientId, now());
  }

  void enrolled(String id) {
    enroll(patient(id, now().minus(Duration.ofDays(5))));
  }

  @Autowired org.pathway.store.AssessmentRepository assessments;
  @Autowired org.pathway.store.AuditLog audit;

  /** Reference TC-07's labs without the D+12 ferritin: every other core finding, no ferritin one. */
  List<java.util.Map<String, Object>> tc07WithoutDay12Ferritin(Instant infusion, Instant day12) {
    return tc07Labs(infusion, day12).stream()
        .filter(l -> !(l.get("loinc").equals("2276-4") && l.get("at").equals(day12.toString())))
        .toList();
  }

  /**
   * A final ferritin of 400 corrected to 900 ng/mL: the corrected version is assessed and reaches
   * the physician. The pathway counted result rows, and a new version adds none, so it never did.
   */
  @Test
  void aCorrectedResultIsAssessedAndReachesThePhysician() {
    Instant infusion = now().minus(Duration.ofDays(12));
    enroll(patient("FH-CORR", infusion));
    Instant day12 = now().minusSeconds(600);
    postLabs("FH-CORR", tc07WithoutDay12Ferritin(infusion, day12));
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> assessments.findByPatient("FH-CORR").size() == 1);
    Observation first = observation("FH-CORR", "F-CORR", "2276-4", "400", "ng/mL", day12, "final");
    assertThat(post("/api/v1/fhir/Observation", first).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> assessments.findByPatient("FH-CORR").size() == 2);
    assertThat(openTask("FH-CORR", "review-suspected-iec-hs")).isEmpty();

    Observation corrected = observation("FH-CORR", "F-CORR", "2276-4", "900", "ng/mL", day12, "corrected");
    assertThat(post("/api/v1/fhir/Observation", corrected).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    Map<String, Object> review = awaitOpenTask("FH-CORR", "review-suspected-iec-hs");
    assertThat(review).containsEntry("candidateGroups", List.of("physicians"));
    assertThat(assessments.latest("FH-CORR").orElseThrow().findings()).contains("FERRITIN_HIGH");
    // what the assessment read is recorded: exactly the correction was new since the one before
    assertThat(assessments.latest("FH-CORR").orElseThrow().resultsRead())
        .singleElement().asString().startsWith("urn:oid:1.2.3.4.lab|F-CORR corrected 2276-4");
  }

  /**
   * Reference §5.2 "Retracted and censored results": a ferritin that raised the suspicion is
   * marked entered-in-error. From then on it no longer counts, the pathway re-assesses at once, the
   * retraction is audited, and the physician sees which assessments used it. The intake refused the
   * status, so a wrong result kept grading.
   */
  @Test
  void aRetractedResultStopsCountingAndTheAssessmentsThatUsedItAreFlagged() {
    Instant infusion = now().minus(Duration.ofDays(12));
    enroll(patient("FH-RETRACT", infusion));
    Instant day12 = now().minusSeconds(600);
    postLabs("FH-RETRACT", tc07WithoutDay12Ferritin(infusion, day12));
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> assessments.findByPatient("FH-RETRACT").size() == 1);
    post("/api/v1/fhir/Observation", observation("FH-RETRACT", "F-WRONG", "2276-4", "900", "ng/mL", day12, "final"));
    awaitOpenTask("FH-RETRACT", "review-suspected-iec-hs");
    assertThat(assessments.latest("FH-RETRACT").orElseThrow().findings()).contains("FERRITIN_HIGH");

    Observation retraction = observation("FH-RETRACT", "F-WRONG", "2276-4", "900", "ng/mL", day12, "entered-in-error");
    var retracted = post("/api/v1/fhir/Observation", retraction);
    assertThat(retracted.getStatusCode()).as(retracted.getBody()).isEqualTo(HttpStatus.CREATED);
    org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() ->
        assertThat(assessments.findByPatient("FH-RETRACT")).extracting(a -> a.labsRead() + ":" + a.resultsRead())
            .hasSize(3));
    var after = assessments.latest("FH-RETRACT").orElseThrow();
    assertThat(after.suspected()).isFalse();
    assertThat(after.findings()).doesNotContain("FERRITIN_HIGH");
    assertThat(labs.history("FH-RETRACT")).extracting(LabResultRepository.StoredLab::status)
        .as("kept as history").contains("final", "entered-in-error");

    assertThat(audit.find("FH-RETRACT", Instant.EPOCH, now().plusSeconds(60)))
        .anySatisfy(e -> {
          assertThat(e.event().action()).isEqualTo("lab.retracted");
          assertThat(e.event().resource()).contains("urn:oid:1.2.3.4.lab|F-WRONG");
        });
    Map<String, Object> seen = http.exchange("/api/v1/patients/FH-RETRACT", HttpMethod.GET, null, JSON).getBody();
    assertThat((List<?>) seen.get("assessmentsUsingRetractedResults"))
        .singleElement()
        .satisfies(a -> assertThat(a.toString())
            .contains("iecHsSuspected=true", "retractedResults=[urn:oid:1.2.3.4.lab|F-WRONG]"));
  }

  /** The JSON lab endpoint takes the contract's status, id and version: a result retracted there. */
  @Test
  void aResultIsRetractedThroughTheJsonLabEndpoint() {
    enrolled("FH-RETRACT-JSON");
    Map<String, Object> result = lab(now().minusSeconds(600), "2276-4", 900, "ng/mL", null, 300);
    result.put("id", "urn:lab|J-1");
    result.put("version", "1");
    assertThat(postLabs("FH-RETRACT-JSON", List.of(result)).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(graded("FH-RETRACT-JSON")).isEqualByComparingTo("900");
    // the same version as the result: still a retraction, not the result delivered again
    result.put("status", "entered-in-error");
    assertThat(postLabs("FH-RETRACT-JSON", List.of(result)).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(graded("FH-RETRACT-JSON")).isNull();
    result.put("id", "urn:lab|J-NEVER");
    var refused = postLabs("FH-RETRACT-JSON", List.of(result));
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(refused.getBody().toString()).contains("pointer=/labs/0/id", "urn:lab|J-NEVER");
  }

  /** A retraction of a result that was never stored is refused with the identifier named. */
  @Test
  void retractingAResultNeverStoredIsRefused() {
    enrolled("FH-RETRACT-NONE");
    var refused = post("/api/v1/fhir/Observation",
        observation("FH-RETRACT-NONE", "F-NEVER", "2276-4", "900", "ng/mL", now().minusSeconds(60), "entered-in-error"));
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(expressions(refused)).containsExactly("Observation.identifier");
    assertThat(outcome(refused).getIssueFirstRep().getDiagnostics()).contains("urn:oid:1.2.3.4.lab|F-NEVER");
    assertThat(labs.history("FH-RETRACT-NONE")).isEmpty();
  }

  /**
   * Reference §5.2: "<700" ferritin is a bound, not 700: it never raises FERRITIN_HIGH and the
   * assessment names it as not evaluable. The comparator was dropped and 700 graded (> 2x ULN).
   */
  @Test
  void aBoundSentAsFhirComparatorIsNotGradedAsAValue() {
    Instant infusion = now().minus(Duration.ofDays(12));
    enroll(patient("FH-BOUND", infusion));
    Instant day12 = now().minusSeconds(600);
    postLabs("FH-BOUND", tc07WithoutDay12Ferritin(infusion, day12));
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> assessments.findByPatient("FH-BOUND").size() == 1);
    Observation bound = observation("FH-BOUND", "F-BOUND", "2276-4", "700", "ng/mL", day12, "final");
    bound.getValueQuantity().setComparator(Quantity.QuantityComparator.LESS_THAN);
    assertThat(post("/api/v1/fhir/Observation", bound).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertBoundNotGraded("FH-BOUND");
  }

  /** The same bound through the JSON lab endpoint, in the contract's lab shape. */
  @Test
  void aBoundSentAsJsonIsNotGradedAsAValue() {
    Instant infusion = now().minus(Duration.ofDays(12));
    enroll(patient("FH-BOUND-JSON", infusion));
    Instant day12 = now().minusSeconds(600);
    postLabs("FH-BOUND-JSON", tc07WithoutDay12Ferritin(infusion, day12));
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> assessments.findByPatient("FH-BOUND-JSON").size() == 1);
    Map<String, Object> bound = lab(day12, "2276-4", 700, "ng/mL", null, 300);
    bound.put("comparator", "<");
    assertThat(postLabs("FH-BOUND-JSON", List.of(bound)).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertBoundNotGraded("FH-BOUND-JSON");
  }

  private void assertBoundNotGraded(String patientId) {
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> assessments.findByPatient(patientId).size() == 2);
    var assessment = assessments.latest(patientId).orElseThrow();
    assertThat(assessment.findings()).doesNotContain("FERRITIN_HIGH");
    assertThat(assessment.inputsJson()).contains("is a bound (<700), not a value: not evaluable");
    Map<String, Object> timeline =
        http.exchange("/api/v1/patients/" + patientId + "/timeline", HttpMethod.GET, null, JSON).getBody();
    assertThat((List<?>) timeline.get("labs")).anySatisfy(l -> assertThat(l.toString()).contains("comparator=<"));
  }

  /**
   * A result that arrives late, for a time before results already assessed (the D+12 ferritin sent
   * after the rest of that day's panel), is assessed when it arrives and reaches the physician.
   */
  @Test
  void aLateResultForAnEarlierTimeIsAssessedAndReachesThePhysician() {
    Instant infusion = now().minus(Duration.ofDays(12));
    enroll(patient("FH-LATE", infusion));
    Instant day12 = now().minusSeconds(600);
    postLabs("FH-LATE", tc07WithoutDay12Ferritin(infusion, day12));
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> assessments.findByPatient("FH-LATE").size() == 1);
    assertThat(openTask("FH-LATE", "review-suspected-iec-hs")).isEmpty();

    Observation late = observation("FH-LATE", "F-LATE", "2276-4", "900", "ng/mL", day12.minusSeconds(3600), "final");
    assertThat(post("/api/v1/fhir/Observation", late).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    awaitOpenTask("FH-LATE", "review-suspected-iec-hs");
    assertThat(assessments.latest("FH-LATE").orElseThrow().findings()).contains("FERRITIN_HIGH");
  }

  /**
   * A later preliminary version of a final result is stored but not graded, and never hides the
   * final one: it did, and the next result of that patient was then assessed without the ferritin.
   */
  @Test
  void aPreliminaryVersionNeverHidesTheFinalOne() {
    enrolled("FH-PRELIM");
    Instant at = now().minusSeconds(600);
    post("/api/v1/fhir/Observation", observation("FH-PRELIM", "F-P", "2276-4", "900", "ng/mL", at, "final"));
    post("/api/v1/fhir/Observation", observation("FH-PRELIM", "F-P", "2276-4", "300", "ng/mL", at, "preliminary"));
    assertThat(graded("FH-PRELIM")).isEqualByComparingTo("900");
    assertThat(labs.history("FH-PRELIM")).hasSize(2);
    org.awaitility.Awaitility.await().atMost(WAIT)
        .until(() -> assessments.latest("FH-PRELIM").map(a -> a.labsSeen() == 2).orElse(false));
    assertThat(assessments.latest("FH-PRELIM").orElseThrow().inputsJson()).contains("\"ferritin\":900");
  }

  @Test
  void aCodeThatIsNotLoincAndAMalformedRangeLimitAreRefusedNotStoredOrDropped() {
    enrolled("FH-BAD");
    Observation notLoinc = ferritin("FH-BAD", "F-BAD-1", "900");
    notLoinc.getCode().getCodingFirstRep().setCode("'; drop table lab_result; --");
    var refused = post("/api/v1/fhir/Observation", notLoinc);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(expressions(refused)).containsExactly("Observation.code.coding");

    // HAPI's lenient default would drop the string limit and store the result without its range
    String malformedRange = FHIR.newJsonParser()
        .encodeResourceToString(ferritin("FH-BAD", "F-BAD-2", "900"))
        .replaceFirst("\"high\":\\{[^}]*}", "\"high\":\"300\"");
    assertThat(malformedRange).contains("\"high\":\"300\"");
    var unreadable = postText("/api/v1/fhir/Observation", malformedRange);
    assertThat(unreadable.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(outcome(unreadable).getIssueFirstRep().getDiagnostics()).contains("high");
    assertThat(labs.history("FH-BAD")).isEmpty();
  }

  @Test
  void fhirXmlIsRefusedUnreadSoExternalEntitiesCannotBeResolved() {
    enrolled("FH-XML");
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE o [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<Observation xmlns=\"http://hl7.org/fhir\"><status value=\"final\"/><note><text value=\"&x;\"/></note>"
        + "<subject><identifier><value value=\"FH-XML\"/></identifier></subject></Observation>";
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("application/fhir+xml"));
    var response = as(org.pathway.api.security.Role.INTEGRATION).exchange(
        "/api/v1/fhir/Observation", HttpMethod.POST, new HttpEntity<>(xxe, headers), String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    assertThat(response.getBody()).doesNotContain("root:");
    assertThat(labs.history("FH-XML")).isEmpty();
  }

  @Test
  void anObservationIsStoredOnceHoweverOftenItIsDelivered() {
    enrolled("FH-1");
    Observation obs = ferritin("FH-1", "F-100", "900");
    var first = post("/api/v1/fhir/Observation", obs);
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(first.getHeaders().getContentType().toString()).startsWith("application/fhir+json");
    var again = post("/api/v1/fhir/Observation", obs);
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(outcome(again).getIssueFirstRep().getDiagnostics()).contains("already stored");
    assertThat(labs.history("FH-1")).hasSize(1);
  }

  @Test
  void anAmendedResultSupersedesTheEarlierOneWhichIsKept() {
    enrolled("FH-2");
    post("/api/v1/fhir/Observation", ferritin("FH-2", "F-200", "900"));
    Observation amended = ferritin("FH-2", "F-200", "950");
    amended.setStatus(Observation.ObservationStatus.AMENDED);
    assertThat(post("/api/v1/fhir/Observation", amended).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(graded("FH-2")).isEqualByComparingTo("950");
    var history = labs.history("FH-2");
    assertThat(history).hasSize(2);
    assertThat(history.getFirst().supersededBy()).isEqualTo(history.get(1).id());
    assertThat(history.get(1).status()).isEqualTo("amended");
  }

  @Test
  void aTransactionWithOneBadEntryStoresNothing() {
    enrolled("FH-3");
    Observation noUnit = ferritin("FH-3", "F-301", "900");
    noUnit.getValueQuantity().setSystem(null).setCode(null).setUnit("ng per mL");
    var response = post("/api/v1/fhir",
        bundle(Bundle.BundleType.TRANSACTION, ferritin("FH-3", "F-300", "900"), noUnit));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(expressions(response)).containsExactly("Bundle.entry[1].resource.valueQuantity.code");
    assertThat(response.getBody()).contains("nothing was stored");
    assertThat(labs.history("FH-3")).isEmpty();
  }

  @Test
  void aTransactionStoresEveryEntryAndWakesThePathway() {
    enrolled("FH-4");
    var response = post("/api/v1/fhir", bundle(Bundle.BundleType.TRANSACTION,
        ferritin("FH-4", "F-400", "900"), observation("FH-4", "F-401", "3255-7", "1.5", "g/L",
            now().minusSeconds(600), "final")));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    Bundle result = FHIR.newJsonParser().parseResource(Bundle.class, response.getBody());
    assertThat(result.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
    assertThat(result.getEntry()).extracting(e -> e.getResponse().getStatus())
        .containsExactly("201 Created", "201 Created");
    var stored = labs.history("FH-4");
    assertThat(stored).hasSize(2);
    assertThat(result.getEntry()).extracting(e -> e.getResponse().getLocation()).containsExactly(
        "Observation/" + stored.get(0).id() + "/_history/1", "Observation/" + stored.get(1).id() + "/_history/1");
    assertThat(result.getEntry()).extracting(e -> e.getResponse().getEtag()).containsExactly("W/\"1\"", "W/\"1\"");
  }

  static Bundle requested(Bundle bundle) {
    bundle.getEntry().forEach(e -> e.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation"));
    return bundle;
  }

  @Test
  void aConditionalCreateInATransactionMatchesTheStoredIdentifierInsteadOfCreating() {
    enrolled("FH-IFNE");
    var first = post("/api/v1/fhir/Observation", ferritin("FH-IFNE", "F-IF-1", "900"));
    long id = labs.history("FH-IFNE").getFirst().id();
    Bundle tx = requested(bundle(Bundle.BundleType.TRANSACTION,
        ferritin("FH-IFNE", "F-IF-1", "950"), ferritin("FH-IFNE", "F-IF-2", "900")));
    tx.getEntry().forEach(e -> e.getRequest().setIfNoneExist(
        "identifier=urn:oid:1.2.3.4.lab|" + ((Observation) e.getResource()).getIdentifierFirstRep().getValue()));
    var response = post("/api/v1/fhir", tx);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    Bundle result = FHIR.newJsonParser().parseResource(Bundle.class, response.getBody());
    assertThat(result.getEntry()).extracting(e -> e.getResponse().getStatus())
        .containsExactly("200 OK", "201 Created");
    assertThat(result.getEntry().getFirst().getResponse().getLocation())
        .isEqualTo("Observation/" + id + "/_history/1");
    assertThat(first.getHeaders().getLocation().toString()).endsWith("/api/v1/fhir/Observation/" + id + "/_history/1");
    assertThat(labs.history("FH-IFNE")).extracting(s -> s.result().value().intValue()).containsExactly(900, 900);
  }

  @Test
  void aBatchIsTakenEntryByEntryEachSucceedingOrFailingAlone() {
    enrolled("FH-BATCH");
    Observation stored0 = ferritin("FH-BATCH", "F-B-0", "900");
    post("/api/v1/fhir/Observation", stored0);
    Observation put = ferritin("FH-BATCH", "F-B-4", "900");
    Bundle batch = requested(bundle(Bundle.BundleType.BATCH, ferritin("FH-BATCH", "F-B-1", "900"),
        ferritin("NOBODY", "F-B-2", "900"), ferritin("FH-BATCH", "F-B-3", "-5"), put,
        ferritin("FH-BATCH", "F-B-0", "950"), stored0));
    batch.getEntry().get(3).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Observation/1");
    batch.getEntry().get(4).getRequest().setIfNoneExist("identifier=urn:oid:1.2.3.4.lab|F-B-0");
    var response = post("/api/v1/fhir", batch);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    Bundle result = FHIR.newJsonParser().parseResource(Bundle.class, response.getBody());
    assertThat(result.getType()).isEqualTo(Bundle.BundleType.BATCHRESPONSE);
    assertThat(result.getEntry()).extracting(e -> e.getResponse().getStatus()).containsExactly(
        "201 Created", "422 Unprocessable Entity", "400 Bad Request", "405 Method Not Allowed", "200 OK", "200 OK");
    var stored = labs.history("FH-BATCH");
    assertThat(stored).extracting(s -> s.source().id()).containsExactly("F-B-0", "F-B-1");
    String first = "Observation/" + stored.get(0).id() + "/_history/1";
    assertThat(result.getEntry()).extracting(e -> e.getResponse().getLocation()).containsExactly(
        "Observation/" + stored.get(1).id() + "/_history/1", null, null, null, first, first);
    OperationOutcome refusedPut = (OperationOutcome) result.getEntry().get(3).getResponse().getOutcome();
    assertThat(refusedPut.getIssueFirstRep().getExpression().getFirst().getValue())
        .isEqualTo("Bundle.entry[3].request.method");
    OperationOutcome implausible = (OperationOutcome) result.getEntry().get(2).getResponse().getOutcome();
    assertThat(implausible.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
    assertThat(implausible.getIssueFirstRep().getDiagnostics()).contains("plausibility limit 0");
  }

  @Test
  void aCreateAnswersWithTheLocationAndVersionOfTheStoredResult() {
    enrolled("FH-LOC");
    Observation first = ferritin("FH-LOC", "F-LOC", "900");
    var created = post("/api/v1/fhir/Observation", first);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long id = labs.history("FH-LOC").getFirst().id();
    String base = anonymous.getRootUri() + "/api/v1/fhir/Observation/" + id;
    assertThat(created.getHeaders().getLocation()).hasToString(base + "/_history/1");
    assertThat(created.getHeaders().getETag()).isEqualTo("W/\"1\"");

    var again = post("/api/v1/fhir/Observation", first);
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(again.getHeaders().getLocation()).hasToString(base + "/_history/1");

    Observation amended = first.copy().setStatus(Observation.ObservationStatus.AMENDED);
    amended.getValueQuantity().setValue(950);
    var second = post("/api/v1/fhir/Observation", amended);
    assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(second.getHeaders().getLocation()).hasToString(base + "/_history/2");
    assertThat(second.getHeaders().getETag()).isEqualTo("W/\"2\"");
    // the first version delivered again still names itself
    assertThat(post("/api/v1/fhir/Observation", first).getHeaders().getLocation())
        .hasToString(base + "/_history/1");
  }

  @Test
  void theCapabilityStatementIsOpenAndDescribesWhatIsSupported() {
    var response = anonymous.getForEntity("/api/v1/fhir/metadata", String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getHeaders().getContentType().toString()).startsWith("application/fhir+json");
    var cs = FHIR.newJsonParser().parseResource(org.hl7.fhir.r4.model.CapabilityStatement.class, response.getBody());
    assertThat(cs.getFhirVersion().toCode()).isEqualTo("4.0.1");
    assertThat(cs.getFormat()).extracting(f -> f.getValue()).containsExactly("json");
    var rest = cs.getRestFirstRep();
    assertThat(rest.getMode().toCode()).isEqualTo("server");
    assertThat(rest.getResource()).singleElement().satisfies(r -> {
      assertThat(r.getType()).isEqualTo("Observation");
      assertThat(r.getInteraction()).extracting(i -> i.getCode().toCode()).containsExactly("create");
    });
    assertThat(rest.getInteraction()).extracting(i -> i.getCode().toCode())
        .containsExactlyInAnyOrder("transaction", "batch");
  }

  @Test
  void unsupportedInteractionsAnswerAnOperationOutcomeNotAProblem() {
    Map<String, HttpStatus> expected = new java.util.LinkedHashMap<>();
    expected.put("GET /api/v1/fhir/Observation/1", HttpStatus.METHOD_NOT_ALLOWED);
    expected.put("PUT /api/v1/fhir/Observation/1", HttpStatus.METHOD_NOT_ALLOWED);
    expected.put("DELETE /api/v1/fhir/Observation/1", HttpStatus.METHOD_NOT_ALLOWED);
    expected.put("POST /api/v1/fhir/Observation/1", HttpStatus.METHOD_NOT_ALLOWED);
    expected.put("GET /api/v1/fhir/Observation/1/_history/1", HttpStatus.METHOD_NOT_ALLOWED);
    expected.put("GET /api/v1/fhir/Observation?subject=Patient/FH-1", HttpStatus.METHOD_NOT_ALLOWED);
    expected.put("GET /api/v1/fhir", HttpStatus.METHOD_NOT_ALLOWED);
    expected.put("POST /api/v1/fhir/metadata", HttpStatus.METHOD_NOT_ALLOWED);
    expected.put("GET /api/v1/fhir/Patient/FH-1", HttpStatus.NOT_FOUND);
    expected.put("POST /api/v1/fhir/Patient", HttpStatus.NOT_FOUND);
    expected.forEach((request, status) -> {
      String[] parts = request.split(" ");
      HttpHeaders headers = new HttpHeaders();
      headers.setContentType(MediaType.parseMediaType("application/fhir+json"));
      var response = as(org.pathway.api.security.Role.INTEGRATION).exchange(parts[1],
          HttpMethod.valueOf(parts[0]), new HttpEntity<>(parts[0].equals("GET") ? null : "{}", headers), String.class);
      assertThat(response.getStatusCode()).as(request).isEqualTo(status);
      assertThat(response.getHeaders().getContentType().toString()).as(request).startsWith("application/fhir+json");
      assertThat(outcome(response).getIssueFirstRep().getCode()).as(request)
          .isEqualTo(OperationOutcome.IssueType.NOTSUPPORTED);
    });
  }

  @Test
  void aCollectionIsTakenEntryByEntryAndSaysWhatHappenedToEach() {
    enrolled("FH-5");
    Observation negative = ferritin("FH-5", "F-502", "-5");
    var response = post("/api/v1/fhir", bundle(Bundle.BundleType.COLLECTION,
        ferritin("FH-5", "F-500", "900"), ferritin("NOBODY", "F-501", "900"), negative,
        ferritin("FH-5", "F-500", "900")));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    Bundle result = FHIR.newJsonParser().parseResource(Bundle.class, response.getBody());
    assertThat(result.getType()).isEqualTo(Bundle.BundleType.BATCHRESPONSE);
    assertThat(result.getEntry()).extracting(e -> e.getResponse().getStatus())
        .containsExactly("201 Created", "422 Unprocessable Entity", "400 Bad Request", "200 OK");
    OperationOutcome unknown = (OperationOutcome) result.getEntry().get(1).getResponse().getOutcome();
    assertThat(unknown.getIssueFirstRep().getExpression().getFirst().getValue())
        .isEqualTo("Bundle.entry[1].resource.subject");
    OperationOutcome implausible = (OperationOutcome) result.getEntry().get(2).getResponse().getOutcome();
    assertThat(implausible.getIssueFirstRep().getDiagnostics()).contains("plausibility limit 0");
    assertThat(labs.history("FH-5")).hasSize(1);
    assertThat(labs.history("NOBODY")).isEmpty();
  }

  static List<String> notes(OperationOutcome outcome) {
    return outcome.getIssue().stream().filter(i -> i.getDetails().hasText())
        .map(i -> i.getSeverity().toCode() + " " + i.getDetails().getText() + " "
            + i.getExpression().getFirst().getValue())
        .toList();
  }

  @Test
  void unknownCodesAndUnconvertibleUnitsAreStoredFlaggedAndNeverGraded() {
    enrolled("FH-6");
    var unknown = post("/api/v1/fhir/Observation",
        observation("FH-6", "X-1", "99999-9", "1", "mg/dL", now().minusSeconds(60), "final"));
    var unconvertible = post("/api/v1/fhir/Observation",
        observation("FH-6", "X-2", "76039-7", "2400", "pg/mL", now().minusSeconds(60), "final"));
    var preliminary = post("/api/v1/fhir/Observation",
        observation("FH-6", "X-3", "2276-4", "900", "ng/mL", now().minusSeconds(60), "preliminary"));
    // the sender learns what will not be graded, and why, element by element
    assertThat(notes(outcome(unknown))).containsExactly("warning UNKNOWN_LOINC Observation.code");
    assertThat(notes(outcome(unconvertible)))
        .containsExactly("warning UNIT_NOT_CONVERTIBLE Observation.valueQuantity.code");
    assertThat(notes(outcome(preliminary))).containsExactly("information PRELIMINARY Observation.status");
    assertThat(labs.history("FH-6")).extracting(LabResultRepository.StoredLab::flags)
        .containsExactly(List.of("UNKNOWN_LOINC"), List.of("UNIT_NOT_CONVERTIBLE"), List.of());
    assertThat(graded("FH-6")).as("preliminary is not graded").isNull();
    // in a bundle, in the response of the entry that caused them
    enrolled("FH-6B");
    var batch = post("/api/v1/fhir", bundle(Bundle.BundleType.BATCH, ferritin("FH-6B", "X-4", "900"),
        observation("FH-6B", "X-5", "99999-9", "1", "mg/dL", now().minusSeconds(60), "final")));
    Bundle result = FHIR.newJsonParser().parseResource(Bundle.class, batch.getBody());
    assertThat(result.getEntry().getFirst().getResponse().hasOutcome()).isFalse();
    assertThat(notes((OperationOutcome) result.getEntry().get(1).getResponse().getOutcome()))
        .containsExactly("warning UNKNOWN_LOINC Bundle.entry[1].resource.code");
    var tx = post("/api/v1/fhir", bundle(Bundle.BundleType.TRANSACTION,
        observation("FH-6B", "X-6", "76039-7", "2400", "pg/mL", now().minusSeconds(60), "final")));
    assertThat(notes((OperationOutcome) FHIR.newJsonParser().parseResource(Bundle.class, tx.getBody())
        .getEntryFirstRep().getResponse().getOutcome()))
        .containsExactly("warning UNIT_NOT_CONVERTIBLE Bundle.entry[0].resource.valueQuantity.code");
  }

  @Test
  void anUnknownPatientIsRefusedAndNothingIsStored() {
    var response = post("/api/v1/fhir/Observation", ferritin("NOT-ENROLLED", "F-700", "900"));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(expressions(response)).containsExactly("Observation.subject");
    assertThat(labs.history("NOT-ENROLLED")).isEmpty();
  }

  /**
   * A result's identity is its identifier (system and value) or its id: without either it is
   * refused, by FHIR and by the JSON endpoint, instead of being stored once per delivery (the same
   * result sent twice was stored twice and could never be corrected or retracted).
   */
  @Test
  void aResultWithoutIdentityIsRefusedNotStoredOncePerDelivery() {
    enrolled("FH-NOID");
    Observation noIdentity = ferritin("FH-NOID", "F-NOID", "900");
    noIdentity.getIdentifierFirstRep().setSystem(null); // a value without its system is no identity
    var refused = post("/api/v1/fhir/Observation", noIdentity);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(expressions(refused)).containsExactly("Observation.identifier");
    assertThat(outcome(refused).getIssueFirstRep().getDiagnostics()).contains("identifier with system and value");

    Map<String, Object> withoutId = new java.util.HashMap<>(lab(now().minusSeconds(60), "2276-4", 900, "ng/mL", null, 300));
    withoutId.remove("id");
    var json = postLabs("FH-NOID", List.of(withoutId));
    assertThat(json.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json.getBody().toString()).contains("/labs/0/id");
    assertThat(labs.history("FH-NOID")).isEmpty();

    // the Observation's own id is an identity: the same one twice is stored once
    Observation byId = ferritin("FH-NOID", "F-NOID", "900");
    byId.setIdentifier(List.of());
    byId.setId("obs-77");
    assertThat(post("/api/v1/fhir/Observation", byId).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(post("/api/v1/fhir/Observation", byId).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(labs.history("FH-NOID")).hasSize(1);
  }

  /**
   * A result time in the future beyond the clock-skew allowance (pathway.intake.clock-skew, 5 min)
   * is refused, naming the time: stored, it would become the current value once its time came. A
   * result older than anything a criterion reads is kept as history and the sender is told it is
   * not graded (NOT_CURRENT), by FHIR and by the JSON endpoint.
   */
  @Test
  void aResultFromTheFutureIsRefusedAndOneTooOldToGradeIsKeptAndFlagged() {
    enrolled("FH-TIME");
    Observation future = observation("FH-TIME", "F-FUT", "2276-4", "900", "ng/mL", now().plus(Duration.ofHours(1)), "final");
    var refused = post("/api/v1/fhir/Observation", future);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(expressions(refused)).containsExactly("Observation.effective[x]");
    assertThat(outcome(refused).getIssueFirstRep().getDiagnostics()).contains("in the future", "PT5M");
    Observation withinSkew = observation("FH-TIME", "F-SKEW", "2276-4", "900", "ng/mL", now().plusSeconds(120), "final");
    assertThat(post("/api/v1/fhir/Observation", withinSkew).getStatusCode()).isEqualTo(HttpStatus.CREATED);

    Observation old = observation("FH-TIME", "F-2017", "2276-4", "5000", "ng/mL", Instant.parse("2017-03-01T08:00:00Z"), "final");
    var kept = post("/api/v1/fhir/Observation", old);
    assertThat(kept.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(outcome(kept).getIssue()).anySatisfy(issue -> {
      assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.WARNING);
      assertThat(issue.getDetails().getText()).isEqualTo("NOT_CURRENT");
      assertThat(issue.getExpression().getFirst().getValue()).isEqualTo("Observation.effective[x]");
    });
    assertThat(labs.history("FH-TIME")).extracting(h -> h.flags()).contains(List.of("NOT_CURRENT"));

    var json = postLabs("FH-TIME", List.of(
        lab(Instant.parse("2017-03-01T09:00:00Z"), "2276-4", 4000, "ng/mL", null, 300),
        lab(now().minusSeconds(60), "2276-4", 800, "ng/mL", null, 300)));
    assertThat(json.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(json.getBody().get("flags")).asList().singleElement().asString()
        .contains("pointer=/labs/0", "flag=NOT_CURRENT");
    var jsonFuture = postLabs("FH-TIME", List.of(lab(now().plus(Duration.ofDays(1)), "2276-4", 800, "ng/mL", null, 300)));
    assertThat(jsonFuture.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(jsonFuture.getBody().toString()).contains("/labs/0/at", "in the future");
  }

  /**
   * Without meta.versionId, a final version that arrives after the correction of the same result
   * does not take over: the store's history keeps the corrected one standing, as the grading does
   * (one rule, LabSeries). The store let the later delivery supersede, so history and grade disagreed.
   */
  @Test
  void aLateFinalVersionWithoutVersionIdDoesNotSupersedeTheCorrection() {
    enrolled("FH-ORDER");
    Observation corrected = ferritin("FH-ORDER", "F-ORD", "900");
    corrected.setStatus(Observation.ObservationStatus.CORRECTED);
    post("/api/v1/fhir/Observation", corrected);
    assertThat(post("/api/v1/fhir/Observation", ferritin("FH-ORDER", "F-ORD", "400")).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    var history = labs.history("FH-ORDER");
    assertThat(history).hasSize(2);
    assertThat(history.getFirst().status()).isEqualTo("corrected");
    assertThat(history.getFirst().supersededBy()).isNull();
    assertThat(history.get(1).supersededBy()).isEqualTo(history.getFirst().id());
    assertThat(graded("FH-ORDER")).isEqualByComparingTo("900");
  }

  @Test
  void everyMissingElementIsNamed() {
    Observation empty = new Observation();
    var response = post("/api/v1/fhir/Observation", empty);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(expressions(response)).containsExactlyInAnyOrder(
        "Observation.status", "Observation.subject", "Observation.identifier", "Observation.code",
        "Observation.valueQuantity", "Observation.effective[x]");
    Observation tooLong = ferritin("FH-7", "x".repeat(201), "900");
    tooLong.getValueQuantity().setCode("m".repeat(33));
    var refused = post("/api/v1/fhir/Observation", tooLong);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(expressions(refused))
        .containsExactlyInAnyOrder("Observation.valueQuantity.code", "Observation.identifier[0]");
    var notFhir = postText("/api/v1/fhir/Observation", "{\"resourceType\": \"Observation\", \"status\": 5");
    assertThat(notFhir.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(outcome(notFhir).getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.STRUCTURE);
  }

  @Test
  void resultsPostedAsFhirWakeTheWaitingPathway() {
    Instant infusion = now().minus(Duration.ofDays(12));
    enroll(patient("FH-8", infusion));
    complete(awaitOpenTask("FH-8", "draw-daily-labs").get("key"), labsDrawn());
    Instant d0 = infusion.minus(Duration.ofHours(6));
    Instant today = now().minusSeconds(600);
    var response = post("/api/v1/fhir", bundle(Bundle.BundleType.TRANSACTION,
        observation("FH-8", "B-1", "2276-4", "450", "ng/mL", d0, "final"),
        observation("FH-8", "B-2", "751-8", "2.1", "10*3/uL", d0, "final").setReferenceRange(List.of()),
        observation("FH-8", "T-1", "2276-4", "900", "ng/mL", today, "final"),
        observation("FH-8", "T-2", "3255-7", "140", "mg/dL", today, "final")));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    Map<String, Object> review = awaitOpenTask("FH-8", "review-suspected-iec-hs");
    assertThat(review).containsEntry("candidateGroups", List.of("physicians"));
  }
}
