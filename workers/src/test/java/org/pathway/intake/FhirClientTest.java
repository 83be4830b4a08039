package org.pathway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BasicAuthInterceptor;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SimpleQuantity;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.api.security.Role;
import org.springframework.http.HttpMethod;

/**
 * HAPI FHIR's generic client, unchanged (it reads the CapabilityStatement before its first
 * request), creates, posts transactions and batches and reads their outcomes; US Core lab results
 * shaped as Synthea writes them arrive in the patient's timeline exactly as sent, in every mode.
 */
class FhirClientTest extends PathwayTestSupport {

  private static final java.time.format.DateTimeFormatter ISO =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  /** A stock client as the laboratory interface; jsonOnly: also sends and asks for JSON only. */
  private IGenericClient client(boolean jsonOnly) {
    // a new context each time: HAPI remembers per context which servers it has checked
    IGenericClient client =
        FhirContext.forR4().newRestfulGenericClient(anonymous.getRootUri() + "/api/v1/fhir");
    client.registerInterceptor(new BasicAuthInterceptor(Role.INTEGRATION.userName(), DEMO_PASSWORD));
    if (jsonOnly) {
      client.setEncoding(EncodingEnum.JSON);
    }
    return client;
  }

  /** A lab Observation as Synthea writes it to the US Core lab profile. */
  static Observation usCoreLab(String patient, String loinc, String display, String value,
      String unit, OffsetDateTime at) {
    Observation obs = new Observation();
    obs.setId(UUID.randomUUID().toString());
    obs.getMeta().addProfile("http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab");
    obs.setStatus(Observation.ObservationStatus.FINAL);
    obs.addCategory(new CodeableConcept().addCoding(new Coding(
        "http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "laboratory")));
    obs.setCode(new CodeableConcept().addCoding(new Coding(FhirObservations.LOINC, loinc, display)).setText(display));
    obs.setSubject(new Reference("Patient/" + patient));
    obs.setEncounter(new Reference("Encounter/" + UUID.randomUUID()));
    obs.setEffective(new DateTimeType(ISO.format(at)));
    obs.setIssuedElement(new InstantType(ISO.format(at.plusHours(2))));
    obs.setValue(new Quantity().setValue(new BigDecimal(value)).setUnit(unit)
        .setSystem(FhirObservations.UCUM).setCode(unit));
    return obs;
  }

  /** A CBC and a lipid panel of one draw, Synthea's codes and units, the lab's own Hb range. */
  static List<Observation> cbcAndLipidPanel(String patient, OffsetDateTime at) {
    Observation hemoglobin = usCoreLab(patient, "718-7", "Hemoglobin [Mass/volume] in Blood", "13.2", "g/dL", at);
    hemoglobin.addReferenceRange()
        .setLow((SimpleQuantity) new SimpleQuantity().setValue(12).setSystem(FhirObservations.UCUM).setCode("g/dL"))
        .setHigh((SimpleQuantity) new SimpleQuantity().setValue(16).setSystem(FhirObservations.UCUM).setCode("g/dL"));
    return List.of(
        hemoglobin,
        usCoreLab(patient, "6690-2", "Leukocytes [#/volume] in Blood by Automated count", "7.1", "10*3/uL", at),
        usCoreLab(patient, "777-3", "Platelets [#/volume] in Blood by Automated count", "250", "10*3/uL", at),
        usCoreLab(patient, "2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", "185.4", "mg/dL", at),
        usCoreLab(patient, "2571-8", "Triglycerides", "140.2", "mg/dL", at),
        usCoreLab(patient, "18262-6", "Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay",
            "110.3", "mg/dL", at),
        usCoreLab(patient, "2085-9", "Cholesterol in HDL [Mass/volume] in Serum or Plasma", "47.9", "mg/dL", at));
  }

  static Bundle bundle(Bundle.BundleType type, List<Observation> observations) {
    Bundle bundle = new Bundle().setType(type);
    for (Observation obs : observations) {
      bundle.addEntry().setFullUrl("urn:uuid:" + obs.getIdPart()).setResource(obs)
          .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
    }
    return bundle;
  }

  @Test
  void aStockClientCreatesPostsBundlesAndReadsTheOutcome() {
    for (boolean jsonOnly : List.of(false, true)) {
      String patient = "FC-" + (jsonOnly ? "JSON" : "DEFAULT");
      enroll(patient(patient, now().minus(Duration.ofDays(3))));
      IGenericClient client = client(jsonOnly);
      OffsetDateTime at = now().minus(Duration.ofHours(2)).atOffset(ZoneOffset.ofHours(-5));
      List<Observation> labs = cbcAndLipidPanel(patient, at);

      // with an identifier: what the batch below sends again is recognised as the same result
      Observation ferritin = FhirIntakeTest.observation(patient, patient + "-F", "2276-4", "900", "ng/mL",
          at.toInstant(), "final");
      ferritin.setId(UUID.randomUUID().toString());
      MethodOutcome created = client.create().resource(ferritin).execute();
      assertThat(created.getCreated()).as(patient).isTrue();
      assertThat(created.getId()).as(patient).isNotNull();
      assertThat(created.getId().getResourceType()).isEqualTo("Observation");
      assertThat(created.getId().getIdPart()).isNotBlank();
      assertThat(created.getId().getVersionIdPart()).isEqualTo("1");
      assertThat(((OperationOutcome) created.getOperationOutcome()).getIssueFirstRep().getDiagnostics())
          .isEqualTo("stored");
      // HAPI's conditional create (If-None-Exist): the stored result, nothing created
      Observation changed = ferritin.copy();
      changed.getValueQuantity().setValue(950);
      MethodOutcome conditional = client.create().resource(changed)
          .conditionalByUrl("Observation?identifier=urn:oid:1.2.3.4.lab|" + patient + "-F").execute();
      assertThat(conditional.getCreated()).isNotEqualTo(Boolean.TRUE);
      assertThat(conditional.getId().getValue()).isEqualTo(created.getId().getValue());

      Bundle transaction = client.transaction()
          .withBundle(bundle(Bundle.BundleType.TRANSACTION, labs.subList(0, 3))).execute();
      assertThat(transaction.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
      assertThat(transaction.getEntry()).allSatisfy(e -> {
        assertThat(e.getResponse().getStatus()).isEqualTo("201 Created");
        assertThat(e.getResponse().getLocation()).matches("Observation/\\d+/_history/1");
      });

      Observation unknownPatient = usCoreLab("FC-NOBODY", "2571-8", "Triglycerides", "140", "mg/dL", at);
      List<Observation> batchEntries = List.of(labs.get(3), unknownPatient, ferritin);
      Bundle batch = client.transaction().withBundle(bundle(Bundle.BundleType.BATCH, batchEntries)).execute();
      assertThat(batch.getType()).isEqualTo(Bundle.BundleType.BATCHRESPONSE);
      assertThat(batch.getEntry()).extracting(e -> e.getResponse().getStatus())
          .containsExactly("201 Created", "422 Unprocessable Entity", "200 OK");
      OperationOutcome refused = (OperationOutcome) batch.getEntry().get(1).getResponse().getOutcome();
      assertThat(refused.getIssueFirstRep().getExpression().getFirst().getValue())
          .isEqualTo("Bundle.entry[1].resource.subject");
      assertThat(batch.getEntry().get(2).getResponse().getLocation())
          .isEqualTo(created.getId().toUnqualified().getValue());
    }
  }

  @Test
  void syntheaLabsArriveAsSentWhetherCreatedOneByOneInATransactionOrInABatch() {
    IGenericClient client = client(false);
    OffsetDateTime at = now().minus(Duration.ofHours(3)).atOffset(ZoneOffset.ofHours(-5));
    for (String mode : List.of("create", "transaction", "batch")) {
      String patient = "FC-SYN-" + mode;
      enroll(patient(patient, now().minus(Duration.ofDays(3))));
      List<Observation> sent = cbcAndLipidPanel(patient, at);
      switch (mode) {
        case "create" -> sent.forEach(o -> {
          // a create carries no id (the client leaves it out), and Synthea writes no identifier: a
          // result without identity is refused, not stored once per delivery; a laboratory's own
          // identifier (its filler number) makes it one result
          assertThatThrownBy(() -> client.create().resource(o).execute())
              .isInstanceOf(ca.uhn.fhir.rest.server.exceptions.InvalidRequestException.class)
              .hasMessageContaining("a result needs its identity");
          o.addIdentifier().setSystem("urn:oid:1.2.3.4.lab").setValue(o.getIdPart());
          assertThat(client.create().resource(o).execute().getCreated()).isTrue();
        });
        case "transaction" -> client.transaction()
            .withBundle(bundle(Bundle.BundleType.TRANSACTION, sent)).execute();
        default -> assertThat(client.transaction().withBundle(bundle(Bundle.BundleType.BATCH, sent)).execute()
            .getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).isEqualTo("201 Created"));
      }
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> timeline = (List<Map<String, Object>>) http.exchange(
          "/api/v1/patients/" + patient + "/timeline", HttpMethod.GET, null, JSON).getBody().get("labs");
      assertThat(timeline.stream().map(FhirClientTest::asSent).toList()).as(mode)
          .containsExactlyInAnyOrderElementsOf(sent.stream().map(FhirClientTest::asSent).toList());
    }
  }

  /** at, LOINC, value, unit, low, high: from the timeline's lab or from the Observation sent. */
  private static List<String> asSent(Object labOrObservation) {
    if (labOrObservation instanceof Observation o) {
      var range = o.getReferenceRangeFirstRep();
      return List.of(o.getEffectiveDateTimeType().getValue().toInstant().toString(),
          o.getCode().getCodingFirstRep().getCode(), plain(o.getValueQuantity().getValue()),
          o.getValueQuantity().getCode(),
          range.hasLow() ? plain(range.getLow().getValue()) : "-",
          range.hasHigh() ? plain(range.getHigh().getValue()) : "-");
    }
    Map<?, ?> lab = (Map<?, ?>) labOrObservation;
    return List.of(java.time.Instant.parse((String) lab.get("at")).toString(), (String) lab.get("loinc"),
        plain(lab.get("value")), (String) lab.get("unit"),
        lab.get("low") == null ? "-" : plain(lab.get("low")), lab.get("high") == null ? "-" : plain(lab.get("high")));
  }

  private static String plain(Object number) {
    return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
  }
}
