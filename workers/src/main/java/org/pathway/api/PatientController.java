package org.pathway.api;

import jakarta.validation.Valid;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.clinical.ReceivedLab;
import org.pathway.intake.IntakeMeters;
import org.pathway.intake.LabIntakeService;
import org.pathway.intake.OutboxPublisher;
import org.pathway.pathway.EnrollmentService;
import org.pathway.store.AssessmentRecord;
import org.pathway.store.AssessmentRepository;
import org.pathway.store.Enrollment;
import org.pathway.store.PatientRepository;
import org.pathway.store.UserTaskRepository;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/patients")
public class PatientController {

  private final EnrollmentService enrollment;
  private final PatientRepository patients;
  private final UserTaskRepository tasks;
  private final AssessmentRepository assessments;
  private final LabIntakeService labIntake;
  private final OutboxPublisher outbox;
  private final IntakeMeters meters;

  public PatientController(
      EnrollmentService enrollment,
      PatientRepository patients,
      UserTaskRepository tasks,
      AssessmentRepository assessments,
      LabIntakeService labIntake,
      OutboxPublisher outbox,
      IntakeMeters meters) {
    this.enrollment = enrollment;
    this.patients = patients;
    this.tasks = tasks;
    this.assessments = assessments;
    this.labIntake = labIntake;
    this.outbox = outbox;
    this.meters = meters;
  }

  @PostMapping
  public ResponseEntity<Map<String, Object>> enroll(
      @Valid @RequestBody EnrollPatientRequest req, jakarta.servlet.http.HttpServletRequest http) {
    AuditInterceptor.aboutPatient(http, req.id());
    Instant now = enrollment.now();
    if (!org.pathway.clinical.PlausibilityLimits.plausibleTime(req.infusionAt())) {
      throw new ApiProblems.InvalidField(
          "/infusionAt", "infusionAt " + req.infusionAt() + " is not a plausible date (plausibility limit)");
    }
    if (req.infusionAt().isAfter(now)) {
      throw new ApiProblems.InvalidField(
          "/infusionAt", "infusionAt is in the future: patients are enrolled after infusion");
    }
    patients
        .find(req.id())
        .ifPresent(
            existing -> {
              throw duplicate(existing);
            });
    Enrollment enrolled;
    try {
      enrolled = enrollment.enroll(req.toPatient(), req.ward(), req.monitoringDays());
    } catch (DuplicateKeyException e) {
      throw duplicate(patients.find(req.id()).orElseThrow(() -> e));
    }
    if (enrollmentEnded(enrolled, now)) {
      // still enrolled and given a baseline draw; the caller is told the period is already over
      return ResponseEntity.status(HttpStatus.CREATED)
          .location(URI.create("/api/v1/patients/" + req.id()))
          .body(view(enrolled, now, "the monitoring period has already ended: baseline draw only"));
    }
    return ResponseEntity.created(URI.create("/api/v1/patients/" + req.id()))
        .body(view(enrolled, now, null));
  }

  @GetMapping("/{id}")
  public Map<String, Object> get(@PathVariable String id) {
    Enrollment enrolled =
        patients
            .find(id)
            .orElseThrow(() -> new ApiProblems.NotFound("patient '" + id + "' is not enrolled"));
    return view(enrolled, enrollment.now(), null);
  }

  @PostMapping("/{id}/labs")
  public ResponseEntity<Map<String, Object>> postLabs(
      @PathVariable String id, @Valid @RequestBody LabBatchRequest batch) {
    // the batch is refused whole: each of its results counts as refused, as in a FHIR transaction
    int results = batch.labs().size();
    Enrollment enrolled = patients.find(id).orElseThrow(() -> {
      meters.rejected(IntakeMeters.Door.JSON, IssueType.NOTFOUND, results);
      return new LabIntakeService.UnknownPatient(id, 0);
    });
    List<LabIntakeService.Delivery> deliveries = new java.util.ArrayList<>();
    List<Map<String, Object>> flags = new java.util.ArrayList<>();
    for (int i = 0; i < batch.labs().size(); i++) {
      LabBatchRequest.Lab lab = batch.labs().get(i);
      try {
        LabIntakeService.Delivery d =
            new LabIntakeService.Delivery(id, ReceivedLab.check(lab.toLabResult()), lab.source(), lab.statusOrFinal());
        // a retraction's time is the retracted result's: it is checked as the result was
        ReceivedLab received = d.retracts() ? d.lab() : labIntake.timed(d.lab(), enrolled);
        deliveries.add(new LabIntakeService.Delivery(id, received, d.source(), d.status()));
        for (String flag : received.flags()) {
          flags.add(Map.of("pointer", "/labs/" + i, "flag", flag, "detail", received.explain(flag)));
        }
      } catch (ReceivedLab.Implausible e) {
        meters.rejected(IntakeMeters.Door.JSON, IssueType.VALUE, results);
        throw new ApiProblems.InvalidField("/labs/" + i + "/" + e.field(), e.getMessage() + "; nothing was stored");
      }
    }
    LabIntakeService.Accepted accepted;
    try {
      accepted = labIntake.store(deliveries);
    } catch (LabIntakeService.RetractionRefused e) {
      // the same issue types the FHIR door answers a refused retraction with
      meters.rejected(IntakeMeters.Door.JSON, e.unknownResult() ? IssueType.NOTFOUND : IssueType.BUSINESSRULE, results);
      throw e;
    }
    meters.received(IntakeMeters.Door.JSON, results);
    // deliver now rather than on the next outbox tick; failures stay queued and are retried
    outbox.drainSoon();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("batchId", accepted.batchId());
    body.put("stored", accepted.storedCount());
    body.put("receivedAt", accepted.receivedAt().toString());
    // what keeps a stored result from being graded, as the FHIR door tells it in its OperationOutcome
    body.put("flags", flags);
    if (accepted.notAssessed().containsKey(id)) {
      body.put("warning", accepted.notAssessed().get(id));
    }
    return ResponseEntity.accepted().body(body);
  }

  private static Map<String, Object> view(AssessmentRecord a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("assessedAt", a.assessedAt().toString());
    m.put("dayPostInfusion", a.dayPostInfusion());
    m.put("decisionId", a.decisionId());
    m.put("rulesVersion", a.rulesVersion());
    m.put("iecHsSuspected", a.suspected());
    m.put("findings", a.findings());
    m.put("reasons", a.reasons());
    m.put("retractedResults", a.retractedResults());
    m.put("resultsRead", a.resultsRead());
    return m;
  }

  private static boolean enrollmentEnded(Enrollment e, Instant now) {
    return now.isAfter(e.patient().infusionAt().plus(Duration.ofDays(e.monitoringDays() + 1L)));
  }

  private ApiProblems.Conflict duplicate(Enrollment existing) {
    return new ApiProblems.Conflict(
        "patient '"
            + existing.patient().id()
            + "' is already enrolled (since "
            + existing.enrolledAt()
            + ", pathway instance "
            + existing.processInstanceKey()
            + "); no second pathway was started");
  }

  private Map<String, Object> view(Enrollment e, Instant now, String warning) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("patient", e.patient());
    body.put("ward", e.ward());
    body.put("enrolledAt", e.enrolledAt().toString());
    body.put("monitoringDays", e.monitoringDays());
    body.put("dayPostInfusion", e.patient().dayPostInfusion(now));
    body.put("processInstanceKey", e.processInstanceKey());
    // when the pathway completed: what arrives afterwards is stored, not assessed
    body.put("monitoringEndedAt", e.monitoringEndedAt() == null ? null : e.monitoringEndedAt().toString());
    List<Map<String, Object>> open =
        tasks.findOpen(e.patient().id(), null).stream().map(TaskController::view).toList();
    body.put("openTasks", open);
    body.put("lastAssessment", assessments.latest(e.patient().id()).map(PatientController::view).orElse(null));
    // reference §5.2: assessments decided on a result retracted since, for the physician's review
    body.put(
        "assessmentsUsingRetractedResults",
        assessments.usingRetractedResults(e.patient().id()).stream().map(PatientController::view).toList());
    if (warning != null) {
      body.put("warning", warning);
    }
    return body;
  }
}
