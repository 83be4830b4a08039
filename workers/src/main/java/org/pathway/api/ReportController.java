package org.pathway.api;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
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

  public ReportController(
      UserTaskRepository tasks,
      CareEpisodeRepository episodes,
      org.pathway.store.PagingRepository pages,
      org.pathway.store.PatientRepository patients,
      Clock clock) {
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
    return ComplianceReport.of(
        start,
        end,
        now,
        tasks.createdBetween(start, end),
        episodes.startedBetween(start, end),
        pages.requestedBetween(start, end),
        patient -> patients.find(patient).map(org.pathway.store.Enrollment::ward).orElse(null));
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
