package org.pathway.api;

import java.time.Clock;
import java.time.Instant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.pathway.model.PathwayModel;
import org.pathway.store.BedsideRepository;
import org.pathway.store.UserTaskRow;
import org.pathway.store.CareEpisodeRepository;
import org.pathway.store.UserTaskRepository;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reports for managers: pathway compliance without patient detail. */
@RestController
@RequestMapping("/api/v1/reports")
public class ReportController {

  private final UserTaskRepository tasks;
  private final CareEpisodeRepository episodes;
  private final org.pathway.store.PagingRepository pages;
  private final Clock clock;
  private final org.pathway.store.PatientRepository patients;
  private final BedsideRepository bedside;
  private final ObjectMapper json;

  public ReportController(
      UserTaskRepository tasks,
      CareEpisodeRepository episodes,
      org.pathway.store.PagingRepository pages,
      org.pathway.store.PatientRepository patients,
      BedsideRepository bedside,
      ObjectMapper json,
      Clock clock) {
    this.bedside = bedside;
    this.json = json;
    this.patients = patients;
    this.tasks = tasks;
    this.episodes = episodes;
    this.pages = pages;
    this.clock = clock;
  }

  /** Tasks created, episodes started and pages requested in [from, to) (default: the last 7 days). */
  @GetMapping("/compliance")
  public Map<String, Object> compliance(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
    Instant now = clock.instant();
    Instant end = to == null ? now : to;
    Instant start = from == null ? end.minus(java.time.Duration.ofDays(7)) : from;
    if (!start.isBefore(end)) {
      throw new ApiProblems.InvalidField("/from", "from (" + start + ") must be before to (" + end + ")");
    }
    List<UserTaskRow> created = tasks.createdBetween(start, end);
    Map<String, Object> report = ComplianceReport.of(
        start,
        end,
        now,
        created,
        episodes.startedBetween(start, end),
        pages.requestedBetween(start, end),
        patient -> patients.find(patient).map(org.pathway.store.Enrollment::ward).orElse(null));
    crsToTocilizumab(report, created);
    return report;
  }

  /**
   * From CRS grade 2 or more (the treatment order the grade raised; reference §11.2: tocilizumab from
   * grade 2) to the first tocilizumab given (a timeline treatment) since; once per CRS episode.
   */
  private void crsToTocilizumab(Map<String, Object> report, List<UserTaskRow> created) {
    List<Long> minutes = new java.util.ArrayList<>();
    int waiting = 0;
    java.util.Set<Long> episodesSeen = new java.util.HashSet<>();
    for (UserTaskRow order : created) {
      if (!order.elementId().equals(PathwayModel.UserTasks.ORDER_CRS_TREATMENT) || order.patientId() == null) {
        continue;
      }
      Integer grade = gradeAtOrder(order.userTaskKey());
      // the tasks come oldest first: the episode's first order at grade 2 or more
      if (grade == null || grade < 2 || !episodesSeen.add(order.processInstanceKey())) {
        continue;
      }
      java.util.Optional<Instant> given = tocilizumabGiven(order.patientId()).stream()
          .filter(at -> !at.isBefore(order.createdAt()))
          .min(java.util.Comparator.naturalOrder());
      if (given.isPresent()) {
        minutes.add(java.time.Duration.between(order.createdAt(), given.get()).toMinutes());
      } else {
        waiting++;
      }
    }
    ComplianceReport.addInterval(report, "crs2-to-tocilizumab", "CRS grade 2 or more to tocilizumab given", minutes, waiting);
  }

  /** The CRS grade the order task was raised with (its form shows it). */
  private Integer gradeAtOrder(long userTaskKey) {
    return tasks.formData(userTaskKey).map(data -> {
      try {
        JsonNode grade = json.readTree(data).path("grade");
        return grade.isNumber() ? grade.asInt() : null;
      } catch (java.io.IOException e) {
        return null;
      }
    }).orElse(null);
  }

  private List<Instant> tocilizumabGiven(String patientId) {
    List<Instant> given = new java.util.ArrayList<>();
    for (String payload : bedside.payloads(patientId, BedsideRepository.Kind.TREATMENT)) {
      try {
        JsonNode t = json.readTree(payload);
        if ("tocilizumab".equalsIgnoreCase(t.path("drug").asText()) && !t.path("proposed").asBoolean(false)) {
          given.add(Instant.parse(t.path("at").asText()));
        }
      } catch (java.io.IOException | java.time.DateTimeException e) {
        // an entry the intake stored is the contract's shape; nothing to count otherwise
      }
    }
    return given;
  }

  /** The report's task table as CSV (the ward app's download). */
  @GetMapping(value = "/compliance.csv", produces = "text/csv")
  public org.springframework.http.ResponseEntity<String> complianceCsv(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
    return org.springframework.http.ResponseEntity.ok()
        .header("Content-Disposition", "attachment; filename=\"compliance.csv\"")
        .contentType(org.springframework.http.MediaType.parseMediaType("text/csv; charset=UTF-8"))
        .body(ComplianceReport.csv(compliance(from, to)));
  }
}
