package org.pathway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pathway.intake.OutboxPublisher;
import org.pathway.intake.WakeUps;
import org.pathway.store.CareEpisode;
import org.pathway.store.CareEpisodeRepository;
import org.pathway.PathwayProperties;
import org.pathway.store.Enrollment;
import org.pathway.store.PatientRepository;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A patient's care episodes, a clinician's request to reassess an IEC-HS episode now, and a
 * physician's stop of a T-cell engager or checkpoint-inhibitor treatment. Ward
 * scope and audit apply as to every /patients/{id} endpoint (WardScope, AuditInterceptor).
 */
@RestController
@RequestMapping("/api/v1/patients/{id}")
public class EpisodeController {

  /** Why the patient is to be reassessed before the scheduled time. */
  public record ReassessmentRequest(@NotBlank @Size(max = 500) String reason) {}

  /** Why the treatment ends (e.g. progression, the patient's wish). */
  public record StopRequest(@NotBlank @Size(max = 500) String reason) {}

  private final PatientRepository patients;
  private final CareEpisodeRepository episodes;
  private final WakeUps wakeUps;
  private final OutboxPublisher publisher;
  private final ObjectMapper json;
  private final PathwayProperties properties;
  private final Clock clock;

  public EpisodeController(
      PatientRepository patients,
      CareEpisodeRepository episodes,
      WakeUps wakeUps,
      OutboxPublisher publisher,
      ObjectMapper json,
      PathwayProperties properties,
      Clock clock) {
    this.properties = properties;
    this.patients = patients;
    this.episodes = episodes;
    this.wakeUps = wakeUps;
    this.publisher = publisher;
    this.json = json;
    this.clock = clock;
  }

  /** The patient's IEC-HS, CRS and ICANS episodes, newest first, with the summary once ended. */
  @GetMapping("/episodes")
  public List<Map<String, Object>> episodes(@PathVariable String id) throws IOException {
    enrolled(id);
    List<Map<String, Object>> out = new ArrayList<>();
    for (CareEpisode e : episodes.findByPatient(id)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("syndrome", e.syndrome().name());
      m.put("processInstanceKey", e.processInstanceKey());
      m.put("startedAt", e.startedAt().toString());
      m.put("dayPostInfusion", e.dayPostInfusion());
      m.put("state", e.open() ? "OPEN" : "ENDED");
      m.put("endedAt", e.endedAt() == null ? null : e.endedAt().toString());
      m.put("outcome", e.outcome());
      m.put("peakGrade", e.peakGrade());
      m.put("summary", e.summaryJson() == null ? null : json.readTree(e.summaryJson()));
      out.add(m);
    }
    return out;
  }

  /**
   * Reassess the open IEC-HS episode now rather than at the scheduled time, e.g. because the
   * patient deteriorates: the physician's reassessment task is raised at once (or as soon as the
   * episode waits for it), with the reason shown.
   */
  @PostMapping("/iec-hs/reassessment")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Transactional
  public Map<String, Object> requestReassessment(
      @PathVariable String id,
      @Valid @RequestBody ReassessmentRequest request,
      Authentication caller) {
    enrolled(id);
    CareEpisode episode =
        episodes
            .findOpen(id, CareEpisode.Syndrome.IEC_HS)
            .orElseThrow(() -> new ApiProblems.Conflict("patient '" + id + "' has no open IEC-HS episode"));
    wakeUps.reassessmentRequested(id, request.reason() + " (" + caller.getName() + ")", clock.instant());
    publisher.drainSoon();
    return Map.of("processInstanceKey", episode.processInstanceKey(), "requested", true);
  }

  /**
   * Ends the patient's dosing cycle now: open dose tasks are cancelled, no further dose is planned.
   * The stop reaches a cycle that is running; the reason is kept in the cycle and the audit trail.
   */
  @PostMapping("/dosing-cycle/stop")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Transactional
  public Map<String, Object> stopDosingCycle(
      @PathVariable String id, @Valid @RequestBody StopRequest request, Authentication caller) {
    Enrollment enrollment = enrolled(id);
    if (!properties.dosing().hasDosingCycle(enrollment.patient())) {
      throw new ApiProblems.Conflict(
          "patient '" + id + "' has no dosing cycle (therapy class " + enrollment.patient().therapyClass()
              + ", product " + enrollment.patient().product() + ")");
    }
    wakeUps.dosingCycleStopRequested(id, request.reason() + " (" + caller.getName() + ")", clock.instant());
    publisher.drainSoon();
    return Map.of("requested", true);
  }

  private Enrollment enrolled(String id) {
    return patients.find(id).orElseThrow(() -> new ApiProblems.NotFound("patient '" + id + "' is not enrolled"));
  }
}
