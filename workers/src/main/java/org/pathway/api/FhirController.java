package org.pathway.api;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.intake.FhirObservations;
import org.pathway.intake.LabIntakeService;
import org.pathway.intake.OutboxPublisher;
import org.pathway.store.PatientRepository;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * FHIR R4 lab intake. {@code POST /api/v1/fhir/Observation}: one Observation.
 * {@code POST /api/v1/fhir}: a Bundle, either {@code transaction} (one bad entry rejects the whole
 * bundle, nothing stored) or {@code collection} (entry by entry; the response says what happened to
 * each). Answers are FHIR: OperationOutcome for errors, transaction-response and batch-response
 * Bundles for bundles. JSON only.
 */
@RestController
@RequestMapping("/api/v1/fhir")
public class FhirController {

  static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");
  static final String CREATED = "201 Created";
  static final String ALREADY_STORED = "200 OK";

  private final FhirContext fhir = FhirContext.forR4Cached();
  private final LabIntakeService intake;
  private final PatientRepository patients;
  private final OutboxPublisher outbox;

  public FhirController(LabIntakeService intake, PatientRepository patients, OutboxPublisher outbox) {
    this.intake = intake;
    this.patients = patients;
    this.outbox = outbox;
  }

  @PostMapping(
      path = "/Observation",
      consumes = {"application/fhir+json", "application/json"})
  public ResponseEntity<String> observation(@RequestBody String body) {
    Observation obs = parse(Observation.class, body);
    FhirObservations.Read read = checked(FhirObservations.read(obs, "Observation"), "Observation", 0);
    if (!read.ok()) {
      return outcome(refusal(read.issues()), issues(read.issues()));
    }
    boolean stored = intake.store(List.of(read.delivery())).stored().getFirst();
    outbox.drainSoon();
    OperationOutcome ok = new OperationOutcome();
    ok.addIssue()
        .setSeverity(IssueSeverity.INFORMATION)
        .setCode(IssueType.INFORMATIONAL)
        .setDiagnostics(stored ? "stored" : "already stored: the same result was delivered before");
    return respond(stored ? HttpStatus.CREATED : HttpStatus.OK, ok);
  }

  @PostMapping(consumes = {"application/fhir+json", "application/json"})
  public ResponseEntity<String> bundle(@RequestBody String body) {
    Bundle bundle = parse(Bundle.class, body);
    if (bundle.getType() != Bundle.BundleType.TRANSACTION
        && bundle.getType() != Bundle.BundleType.COLLECTION) {
      return outcome(HttpStatus.BAD_REQUEST, issue(IssueType.NOTSUPPORTED, "Bundle.type",
          "Bundle.type must be transaction or collection, not " + bundle.getType()));
    }
    List<FhirObservations.Read> reads = new ArrayList<>();
    for (int i = 0; i < bundle.getEntry().size(); i++) {
      String path = "Bundle.entry[" + i + "].resource";
      IBaseResource resource = bundle.getEntry().get(i).getResource();
      if (!(resource instanceof Observation obs)) {
        reads.add(new FhirObservations.Read(null, List.of(new FhirObservations.Issue(path,
            IssueType.NOTSUPPORTED, "only Observation entries are accepted"))));
        continue;
      }
      reads.add(checked(FhirObservations.read(obs, path), path, i));
    }
    ResponseEntity<String> response =
        bundle.getType() == Bundle.BundleType.TRANSACTION ? transaction(reads) : collection(reads);
    outbox.drainSoon();
    return response;
  }

  private ResponseEntity<String> transaction(List<FhirObservations.Read> reads) {
    List<FhirObservations.Issue> problems =
        reads.stream().flatMap(r -> r.issues().stream()).toList();
    if (!problems.isEmpty()) {
      OperationOutcome outcome = issues(problems);
      outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(IssueType.PROCESSING)
          .setDiagnostics("transaction rejected: nothing was stored");
      return outcome(HttpStatus.BAD_REQUEST, outcome);
    }
    List<Boolean> stored =
        intake.store(reads.stream().map(FhirObservations.Read::delivery).toList()).stored();
    Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
    stored.forEach(s -> response.addEntry().getResponse().setStatus(s ? CREATED : ALREADY_STORED));
    return respond(HttpStatus.OK, response);
  }

  private ResponseEntity<String> collection(List<FhirObservations.Read> reads) {
    List<LabIntakeService.Delivery> valid =
        reads.stream().filter(FhirObservations.Read::ok).map(FhirObservations.Read::delivery).toList();
    List<Boolean> stored = valid.isEmpty() ? List.of() : intake.store(valid).stored();
    Bundle response = new Bundle().setType(Bundle.BundleType.BATCHRESPONSE);
    int next = 0;
    for (FhirObservations.Read read : reads) {
      Bundle.BundleEntryResponseComponent entry = response.addEntry().getResponse();
      if (read.ok()) {
        entry.setStatus(stored.get(next++) ? CREATED : ALREADY_STORED);
      } else {
        HttpStatus refused = refusal(read.issues());
        entry.setStatus(refused.value() + " " + refused.getReasonPhrase());
        entry.setOutcome(issues(read.issues()));
      }
    }
    return respond(HttpStatus.OK, response);
  }

  /**
   * A well-formed delivery the store refuses: a patient not enrolled, or a retraction of a result
   * not stored (or a cancellation of a final one). A retraction in the same bundle as its result
   * is refused: the result is not stored yet when the bundle is checked.
   */
  private FhirObservations.Read checked(FhirObservations.Read read, String path, int index) {
    if (!read.ok()) {
      return read;
    }
    LabIntakeService.Delivery d = read.delivery();
    if (patients.find(d.patientId()).isEmpty()) {
      return refused(path + ".subject", IssueType.NOTFOUND, unknown(d.patientId()));
    }
    if (!d.retracts()) {
      return read;
    }
    return intake.refusal(d, index)
        .map(r -> refused(path + ".identifier", r.unknownResult() ? IssueType.NOTFOUND : IssueType.BUSINESSRULE,
            r.getMessage()))
        .orElse(read);
  }

  private static FhirObservations.Read refused(String expression, IssueType type, String message) {
    return new FhirObservations.Read(null, List.of(new FhirObservations.Issue(expression, type, message)));
  }

  /** Unknown patient 422, unknown result 404, a final result cancelled 409, anything else 400. */
  private static HttpStatus refusal(List<FhirObservations.Issue> issues) {
    FhirObservations.Issue first = issues.getFirst();
    return switch (first.type()) {
      case NOTFOUND -> first.expression().endsWith(".subject") ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.NOT_FOUND;
      case BUSINESSRULE -> HttpStatus.CONFLICT;
      default -> HttpStatus.BAD_REQUEST;
    };
  }

  /** Strict: HAPI's default drops malformed elements with a log line, losing e.g. a range limit. */
  private IParser parser() {
    return fhir.newJsonParser().setParserErrorHandler(new ca.uhn.fhir.parser.StrictErrorHandler());
  }

  private static String unknown(String patientId) {
    return "patient '" + patientId + "' is not enrolled; nothing was stored for it";
  }

  /** A body that cannot be read as the resource type the endpoint takes. */
  private static final class NotFhir extends RuntimeException {
    private final String resourceType;

    NotFhir(String resourceType, RuntimeException cause) {
      super("not a valid FHIR R4 JSON resource of this type: " + cause.getMessage(), cause);
      this.resourceType = resourceType;
    }
  }

  private <T extends IBaseResource> T parse(Class<T> type, String body) {
    try {
      return parser().parseResource(type, body);
    } catch (RuntimeException e) { // HAPI's parser also fails with NPEs on some malformed bundles
      throw new NotFhir(type.getSimpleName(), e);
    }
  }

  @ExceptionHandler(NotFhir.class)
  ResponseEntity<String> notFhir(NotFhir e) {
    return outcome(HttpStatus.BAD_REQUEST, issue(IssueType.STRUCTURE, e.resourceType, e.getMessage()));
  }

  private static OperationOutcome issue(IssueType type, String expression, String message) {
    return issues(List.of(new FhirObservations.Issue(expression, type, message)));
  }

  private static OperationOutcome issues(List<FhirObservations.Issue> issues) {
    OperationOutcome outcome = new OperationOutcome();
    for (FhirObservations.Issue i : issues) {
      outcome.addIssue()
          .setSeverity(IssueSeverity.ERROR)
          .setCode(i.type())
          .setDiagnostics(i.message())
          .addExpression(i.expression());
    }
    return outcome;
  }

  private ResponseEntity<String> outcome(HttpStatus status, OperationOutcome outcome) {
    return respond(status, outcome);
  }

  private ResponseEntity<String> respond(HttpStatus status, IBaseResource resource) {
    return ResponseEntity.status(status).contentType(FHIR_JSON)
        .body(parser().encodeResourceToString(resource));
  }
}
