package org.pathway.api;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.pathway.clinical.ReceivedLab;
import org.pathway.intake.FhirObservations;
import org.pathway.intake.FhirObservations.Issue;
import org.pathway.intake.IntakeMeters;
import org.pathway.intake.LabIntakeService;
import org.pathway.intake.OutboxPublisher;
import org.pathway.store.Enrollment;
import org.pathway.store.LabResultRepository;
import org.pathway.store.PatientRepository;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * FHIR R4 lab intake, as a stock FHIR client expects it (HAPI's generic client works unchanged):
 * {@code GET [base]/metadata}, the CapabilityStatement (open: it names no patient);
 * {@code POST [base]/Observation}, create (201 with Location and ETag; the same result again: 200
 * with the stored one's); {@code POST [base]}, a Bundle: {@code transaction} (one bad entry
 * rejects the whole bundle, nothing stored), {@code batch} and {@code collection} (entry by
 * entry, each stored or refused alone). Entries may be conditional creates
 * ({@code request.ifNoneExist}, or the {@code If-None-Exist} header of a create:
 * {@code identifier=[system|]value}). Everything else answers 404 or 405.
 * Answers are FHIR: OperationOutcome for errors and for what keeps an accepted result from being
 * graded, transaction-response and batch-response Bundles for bundles. JSON only.
 *
 * <p>Ids: {@code Observation/{id}/_history/{n}}, where id is the stored row of the result's first
 * version and n the place of this version among those stored ({@link LabResultRepository.Version}).
 */
@RestController
@RequestMapping(FhirController.BASE)
public class FhirController {

  static final String BASE = "/api/v1/fhir";
  static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

  private final FhirContext fhir = FhirContext.forR4Cached();
  private final LabIntakeService intake;
  private final PatientRepository patients;
  private final LabResultRepository labs;
  private final OutboxPublisher outbox;
  private final IntakeMeters meters;

  public FhirController(
      LabIntakeService intake, PatientRepository patients, LabResultRepository labs, OutboxPublisher outbox,
      IntakeMeters meters) {
    this.intake = intake;
    this.patients = patients;
    this.labs = labs;
    this.outbox = outbox;
    this.meters = meters;
  }

  /**
   * One entry read: its delivery with the issues to tell the sender, and the stored version a
   * conditional create matched (then nothing is stored); or the status and issues that refuse it.
   */
  private record Entry(
      LabIntakeService.Delivery delivery, LabResultRepository.Version matched, HttpStatus refused,
      List<Issue> issues) {
    static Entry refused(HttpStatus status, String expression, IssueType type, String message) {
      return new Entry(null, null, status, List.of(new Issue(expression, type, message)));
    }
  }

  /** What became of an accepted entry: 201 or 200, the stored version, the issues to tell. */
  private record Done(HttpStatus status, LabResultRepository.Version version, List<Issue> notes) {
    String location() {
      return "Observation/" + version.resultId() + "/_history/" + version.number();
    }

    String etag() {
      return "W/\"" + version.number() + "\"";
    }
  }

  @GetMapping("/metadata")
  public ResponseEntity<String> metadata() {
    CapabilityStatement statement = new CapabilityStatement()
        .setStatus(Enumerations.PublicationStatus.ACTIVE)
        .setDate(new Date())
        .setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE)
        .setFhirVersion(Enumerations.FHIRVersion._4_0_1);
    statement.addFormat("json");
    statement.getImplementation().setDescription("care pathway lab intake")
        .setUrl(ServletUriComponentsBuilder.fromCurrentContextPath().path(BASE).toUriString());
    CapabilityStatement.CapabilityStatementRestComponent rest =
        statement.addRest().setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
    rest.getSecurity().setDescription("HTTP Basic or an OIDC bearer token, role integration");
    rest.addResource().setType("Observation").setConditionalCreate(true)
        .addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.CREATE);
    rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.TRANSACTION);
    rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.BATCH);
    return respond(HttpStatus.OK, statement);
  }

  @PostMapping(
      path = "/Observation",
      consumes = {"application/fhir+json", "application/json"})
  public ResponseEntity<String> observation(
      @RequestBody String body, @RequestHeader(name = "If-None-Exist", required = false) String ifNoneExist) {
    // a header has no element path to name
    Entry entry = read(parse(Observation.class, body), "Observation", ifNoneExist, null);
    if (entry.refused() != null) {
      countRefused(entry);
      return respond(entry.refused(), outcome(entry.issues()));
    }
    Done done = store(List.of(entry)).getFirst();
    outbox.drainSoon();
    List<Issue> issues = new ArrayList<>(done.notes());
    if (entry.matched() == null) {
      issues.addFirst(new Issue(IssueSeverity.INFORMATION, null, IssueType.INFORMATIONAL,
          done.status() == HttpStatus.CREATED ? "stored" : "already stored: the same result was delivered before",
          null));
    }
    return ResponseEntity.status(done.status())
        .location(ServletUriComponentsBuilder.fromCurrentContextPath()
            .path(BASE + "/" + done.location()).build().toUri())
        .eTag(done.etag())
        .contentType(FHIR_JSON)
        .body(parser().encodeResourceToString(outcome(issues)));
  }

  @PostMapping(consumes = {"application/fhir+json", "application/json"})
  public ResponseEntity<String> bundle(@RequestBody String body) {
    Bundle bundle = parse(Bundle.class, body);
    ResponseEntity<String> response = switch (bundle.getType()) {
      case TRANSACTION -> transaction(bundle);
      case BATCH, COLLECTION -> batch(bundle);
      case null, default -> {
        meters.rejected(IntakeMeters.Door.FHIR, IssueType.NOTSUPPORTED, bundle.getEntry().size());
        yield respond(HttpStatus.BAD_REQUEST, outcome(List.of(new Issue("Bundle.type",
            IssueType.NOTSUPPORTED, "Bundle.type must be transaction, batch or collection, not " + bundle.getType()))));
      }
    };
    outbox.drainSoon();
    return response;
  }

  /** Any other interaction: FHIR's 404 (resource type) or 405 (interaction), as an OperationOutcome. */
  @RequestMapping("/**") // also matches [base] itself, less specific than the mappings above
  public ResponseEntity<String> unsupported(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length() + BASE.length());
    String type = path.replaceFirst("^/", "").split("/", 2)[0];
    String asked = request.getMethod() + " [base]" + cut(path);
    HttpStatus status;
    String message;
    if (request.getMethod().equals("POST") && (path.isEmpty() || path.equals("/Observation"))) {
      // the interaction is supported: only the media type made the mappings above refuse it
      status = HttpStatus.UNSUPPORTED_MEDIA_TYPE;
      message = "send " + FHIR_JSON + " (or application/json); XML is not read";
    } else if (type.isEmpty() || type.equals("Observation") || type.equals("metadata")) {
      status = HttpStatus.METHOD_NOT_ALLOWED;
      message = asked + " is not supported: only create (POST [base]/Observation), transaction and batch"
          + " (POST [base]); see [base]/metadata";
    } else {
      status = HttpStatus.NOT_FOUND;
      message = asked + ": resource type '" + cut(type) + "' is not supported; see [base]/metadata";
    }
    return respond(status, outcome(List.of(new Issue(null, IssueType.NOTSUPPORTED, message))));
  }

  private ResponseEntity<String> transaction(Bundle bundle) {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < bundle.getEntry().size(); i++) {
      entries.add(read(bundle.getEntry().get(i), "Bundle.entry[" + i + "]"));
    }
    List<Issue> problems = new ArrayList<>(
        entries.stream().filter(e -> e.refused() != null).flatMap(e -> e.issues().stream()).toList());
    if (!problems.isEmpty()) {
      // the good entries of a rejected transaction are refused too, for the transaction's sake
      entries.forEach(e -> {
        if (e.refused() != null) {
          countRefused(e);
        } else {
          meters.rejected(IntakeMeters.Door.FHIR, IssueType.PROCESSING, 1);
        }
      });
      problems.add(new Issue(null, IssueType.PROCESSING, "transaction rejected: nothing was stored"));
      return respond(HttpStatus.BAD_REQUEST, outcome(problems));
    }
    Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
    store(entries).forEach(done -> answer(response.addEntry().getResponse(), done));
    return respond(HttpStatus.OK, response);
  }

  /** Entry by entry, in order: each is stored (in its own database transaction) or refused alone. */
  private ResponseEntity<String> batch(Bundle bundle) {
    Bundle response = new Bundle().setType(Bundle.BundleType.BATCHRESPONSE);
    for (int i = 0; i < bundle.getEntry().size(); i++) {
      Entry entry = read(bundle.getEntry().get(i), "Bundle.entry[" + i + "]");
      Bundle.BundleEntryResponseComponent answer = response.addEntry().getResponse();
      if (entry.refused() != null) {
        countRefused(entry);
        answer.setStatus(status(entry.refused())).setOutcome(outcome(entry.issues()));
      } else {
        answer(answer, store(List.of(entry)).getFirst());
      }
    }
    return respond(HttpStatus.OK, response);
  }

  /** A bundle entry: only a create of an Observation (the request may be left out: it is one). */
  private Entry read(Bundle.BundleEntryComponent entry, String path) {
    Bundle.BundleEntryRequestComponent request = entry.getRequest();
    if (request.hasMethod() && request.getMethod() != Bundle.HTTPVerb.POST) {
      return Entry.refused(HttpStatus.METHOD_NOT_ALLOWED, path + ".request.method", IssueType.NOTSUPPORTED,
          "only POST (create) is supported, not " + request.getMethod().toCode());
    }
    if (request.hasUrl() && !request.getUrl().equals("Observation")) {
      return Entry.refused(HttpStatus.NOT_FOUND, path + ".request.url", IssueType.NOTSUPPORTED,
          "only POST Observation is supported, not '" + cut(request.getUrl()) + "'");
    }
    return read(
        entry.getResource(), path + ".resource", request.getIfNoneExist(), path + ".request.ifNoneExist");
  }

  private Entry read(Resource resource, String path, String ifNoneExist, String conditionPath) {
    if (!(resource instanceof Observation obs)) {
      return Entry.refused(
          HttpStatus.BAD_REQUEST, path, IssueType.NOTSUPPORTED, "only Observation entries are accepted");
    }
    FhirObservations.Read read = FhirObservations.read(obs, path);
    if (!read.ok()) {
      return new Entry(null, null, HttpStatus.BAD_REQUEST, read.issues());
    }
    String patientId = read.delivery().patientId();
    Optional<Enrollment> enrolled = patients.find(patientId);
    if (enrolled.isEmpty()) {
      return Entry.refused(HttpStatus.UNPROCESSABLE_ENTITY, path + ".subject", IssueType.NOTFOUND,
          "patient '" + patientId + "' is not enrolled; nothing was stored for it");
    }
    if (!read.delivery().retracts()) {
      try {
        LabIntakeService.Delivery d = read.delivery();
        read = new FhirObservations.Read(
            new LabIntakeService.Delivery(patientId, intake.timed(d.lab(), enrolled.get()), d.source(), d.status()),
            List.of());
      } catch (ReceivedLab.Implausible e) {
        return Entry.refused(HttpStatus.BAD_REQUEST, path + ".effective[x]", IssueType.VALUE,
            "effective time " + e.getMessage() + "; nothing was stored for it");
      }
    }
    if (read.delivery().retracts()) {
      // a retraction of a result never stored (404) or a cancellation of a final one (409); one in
      // the same bundle as its result is refused: that result is not stored when the bundle is read
      return intake.refusal(read.delivery(), 0)
          .map(r -> r.unknownResult()
              ? Entry.refused(HttpStatus.NOT_FOUND, path + ".identifier", IssueType.NOTFOUND, r.getMessage())
              : Entry.refused(HttpStatus.CONFLICT, path + ".identifier", IssueType.BUSINESSRULE, r.getMessage()))
          .orElse(new Entry(read.delivery(), null, null, List.of()));
    }
    List<Issue> notes = FhirObservations.notes(read.delivery(), path);
    if (ifNoneExist == null) {
      return new Entry(read.delivery(), null, null, notes);
    }
    Identifier condition = identifierCondition(ifNoneExist);
    if (condition == null) {
      return Entry.refused(HttpStatus.BAD_REQUEST, conditionPath, IssueType.NOTSUPPORTED,
          "a conditional create may only name identifier=[system|]value, not '" + cut(ifNoneExist) + "'");
    }
    Map<String, LabResultRepository.Version> matches =
        labs.newest(patientId, condition.getSystem(), condition.getValue());
    if (matches.size() > 1) {
      return Entry.refused(HttpStatus.PRECONDITION_FAILED, conditionPath, IssueType.MULTIPLEMATCHES,
          "the identifier matches results of " + matches.size() + " systems; name the system");
    }
    if (matches.isEmpty()) {
      return new Entry(read.delivery(), null, null, notes);
    }
    return new Entry(read.delivery(), matches.values().iterator().next(), null, List.of(new Issue(
        IssueSeverity.INFORMATION, conditionPath, IssueType.INFORMATIONAL,
        "a result with this identifier is stored: nothing was stored (conditional create)", null)));
  }

  /**
   * {@code identifier=[system|]value}, the one search a conditional create may name here (also
   * after a URL and {@code ?}, with {@code _format} and the like, as HAPI's client sends it); null
   * for anything else.
   */
  private static Identifier identifierCondition(String query) {
    // parameters starting with _ (_format, _pretty) change the answer, not what matches
    List<String> params = Arrays.stream(query.substring(query.indexOf('?') + 1).split("&"))
        .filter(p -> !p.startsWith("_")).toList();
    if (params.size() != 1 || !params.getFirst().startsWith("identifier=")) {
      return null;
    }
    String token;
    try {
      token = URLDecoder.decode(params.getFirst().substring("identifier=".length()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) { // a malformed %-escape
      return null;
    }
    int bar = token.indexOf('|');
    Identifier identifier = new Identifier().setValue(bar < 0 ? token : token.substring(bar + 1));
    if (bar >= 0) {
      identifier.setSystem(token.substring(0, bar));
    }
    return identifier.getValue().isEmpty() ? null : identifier;
  }

  /**
   * Stores the entries in one database transaction, except those whose conditional create matched a
   * stored result: those store nothing and answer with it.
   */
  private List<Done> store(List<Entry> entries) {
    List<LabIntakeService.Delivery> deliveries =
        entries.stream().filter(e -> e.matched() == null).map(Entry::delivery).toList();
    LabIntakeService.Accepted accepted = deliveries.isEmpty() ? null : intake.store(deliveries);
    meters.received(IntakeMeters.Door.FHIR, entries.size());
    List<Done> done = new ArrayList<>();
    int next = 0;
    for (Entry e : entries) {
      if (e.matched() != null) {
        done.add(new Done(HttpStatus.OK, e.matched(), e.issues()));
      } else {
        boolean stored = accepted.stored().get(next);
        List<Issue> notes = e.issues();
        String ended = accepted.notAssessed().get(e.delivery().patientId());
        if (ended != null) {
          notes = new ArrayList<>(notes);
          notes.add(new Issue(IssueSeverity.WARNING, null, IssueType.INFORMATIONAL, ended,
              FhirObservations.MONITORING_ENDED));
        }
        done.add(new Done(
            stored ? HttpStatus.CREATED : HttpStatus.OK, accepted.versions().get(next++), notes));
      }
    }
    return done;
  }

  /** A refused entry counts by the type of its first issue: what the sender is told first. */
  private void countRefused(Entry entry) {
    meters.rejected(IntakeMeters.Door.FHIR, entry.issues().getFirst().type(), 1);
  }

  private void answer(Bundle.BundleEntryResponseComponent answer, Done done) {
    answer.setStatus(status(done.status())).setLocation(done.location()).setEtag(done.etag());
    if (!done.notes().isEmpty()) {
      answer.setOutcome(outcome(done.notes()));
    }
  }

  private static String status(HttpStatus status) {
    return status.value() + " " + status.getReasonPhrase();
  }

  /** Text from the request, echoed in an answer: never more than a line. */
  private static String cut(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }

  /** Strict: HAPI's default drops malformed elements with a log line, losing e.g. a range limit. */
  private IParser parser() {
    return fhir.newJsonParser().setParserErrorHandler(new ca.uhn.fhir.parser.StrictErrorHandler());
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

  /** A body that could not be read (over the size limit while read, or not text): still FHIR's answer. */
  @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
  ResponseEntity<String> unreadable(org.springframework.http.converter.HttpMessageNotReadableException e) {
    String message = e.getCause() instanceof java.io.IOException io ? io.getMessage() : "the request body could not be read";
    return respond(HttpStatus.BAD_REQUEST, outcome(List.of(new Issue(null, IssueType.STRUCTURE, message))));
  }

  /**
   * A FHIR request refused before it reached this controller (the body over the size limit): an
   * OperationOutcome as every other answer of this endpoint.
   */
  static boolean isFhir(jakarta.servlet.http.HttpServletRequest request) {
    return request.getRequestURI().startsWith(request.getContextPath() + BASE);
  }

  static void write(jakarta.servlet.http.HttpServletResponse response, HttpStatus status, IssueType type, String message)
      throws java.io.IOException {
    response.setStatus(status.value());
    response.setContentType(FHIR_JSON.toString());
    String body = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser()
        .encodeResourceToString(outcome(List.of(new Issue(null, type, message))));
    response.getOutputStream().write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @ExceptionHandler(NotFhir.class)
  ResponseEntity<String> notFhir(NotFhir e) {
    return respond(HttpStatus.BAD_REQUEST,
        outcome(List.of(new Issue(e.resourceType, IssueType.STRUCTURE, e.getMessage()))));
  }

  /** The one OperationOutcome of this endpoint: an issue per element, error, warning or information. */
  private static OperationOutcome outcome(List<Issue> issues) {
    OperationOutcome outcome = new OperationOutcome();
    for (Issue i : issues) {
      OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
          .setSeverity(i.severity())
          .setCode(i.type())
          .setDiagnostics(i.message());
      if (i.expression() != null) { // null: the request as a whole
        issue.addExpression(i.expression());
      }
      if (i.flag() != null) {
        issue.getDetails().setText(i.flag());
      }
    }
    return outcome;
  }

  private ResponseEntity<String> respond(HttpStatus status, IBaseResource resource) {
    return ResponseEntity.status(status).contentType(FHIR_JSON)
        .body(parser().encodeResourceToString(resource));
  }
}
