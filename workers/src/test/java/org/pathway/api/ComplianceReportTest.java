package org.pathway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.api.security.Role;
import org.pathway.store.CareEpisode;
import org.pathway.store.PagingRepository;
import org.pathway.store.UserTaskRow;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The managers' compliance report: the counts, and that it names no patient and is theirs. */
class ComplianceReportTest extends PathwayTestSupport {

  private static final Instant T = Instant.parse("2026-11-20T06:00:00Z");

  private static UserTaskRow task(String element, UserTaskRow.State state, Instant due, Instant ended) {
    return new UserTaskRow(1, 2, element, "Draw daily labs", element, "P-SECRET", 3, List.of("ward-nurses"),
        due, 50, state, T, ended);
  }

  @Test
  @SuppressWarnings("unchecked")
  void tasksAreCountedAgainstTheirDueTimeAndEpisodesByOutcome() {
    Instant due = T.plus(Duration.ofHours(1));
    List<UserTaskRow> tasks = List.of(
        task("draw-daily-labs", UserTaskRow.State.COMPLETED, due, due), // exactly at the due time: on time
        task("draw-daily-labs", UserTaskRow.State.COMPLETED, due, due.plusSeconds(60)), // late
        task("draw-daily-labs", UserTaskRow.State.COMPLETED, due, T.plus(Duration.ofMinutes(20))),
        task("draw-daily-labs", UserTaskRow.State.CREATED, due, null), // open, overdue at "now"
        task("draw-daily-labs", UserTaskRow.State.CANCELED, due, T.plus(Duration.ofDays(1))));
    List<CareEpisode> episodes = List.of(
        new CareEpisode(1, "P-SECRET", CareEpisode.Syndrome.IEC_HS, 10, T, 12, T.plus(Duration.ofHours(50)), "RESOLVED", 2, "{}"),
        new CareEpisode(2, "P-OTHER", CareEpisode.Syndrome.IEC_HS, 11, T, 12, T.plus(Duration.ofHours(5)), "REFUTED", null, "{}"),
        new CareEpisode(3, "P-OTHER", CareEpisode.Syndrome.CRS, 12, T, 3, null, null, null, null));
    Map<String, Object> report = ComplianceReport.of(T, T.plus(Duration.ofDays(2)), due.plusSeconds(1), tasks, episodes, List.of());

    Map<String, Object> draws = ((List<Map<String, Object>>) report.get("tasks")).getFirst();
    assertThat(draws).containsEntry("created", 5).containsEntry("completed", 3).containsEntry("completedOnTime", 2)
        .containsEntry("completedLate", 1).containsEntry("open", 1).containsEntry("openOverdue", 1)
        .containsEntry("canceled", 1).containsEntry("onTimeRate", 0.667).containsEntry("medianMinutesToComplete", 60L);
    List<Map<String, Object>> bySyndrome = (List<Map<String, Object>>) report.get("episodes");
    assertThat(bySyndrome.get(0)).containsEntry("syndrome", "IEC_HS").containsEntry("started", 2)
        .containsEntry("outcomes", Map.of("REFUTED", 1, "RESOLVED", 1)).containsEntry("peakGrades", Map.of("2", 1));
    assertThat(bySyndrome.get(1)).containsEntry("syndrome", "CRS").containsEntry("open", 1);
    assertThat(report.toString()).doesNotContain("P-SECRET", "P-OTHER");
  }

  private static PagingRepository.Page page(String event, Long acknowledgedAfterSeconds, boolean unanswered) {
    return new PagingRepository.Page("page-" + event + acknowledgedAfterSeconds, 1, "P-SECRET", "H7", event, 3,
        "reason", "what happened", T, acknowledgedAfterSeconds == null ? null : T.plusSeconds(acknowledgedAfterSeconds),
        acknowledgedAfterSeconds == null ? null : "physician", unanswered ? T.plusSeconds(900) : null);
  }

  @Test
  @SuppressWarnings("unchecked")
  void timeToAcknowledgeAPageIsReportedByKindOfPage() {
    List<PagingRepository.Page> pages = new java.util.ArrayList<>();
    for (long s : new long[] {60, 120, 180, 240, 300, 360, 420, 480, 540, 1200}) {
      pages.add(page("CRS_GRADE", s, s == 1200));
    }
    pages.add(page("CRS_GRADE", null, true)); // nobody has acknowledged yet, the whole chain paged
    pages.add(page("IEC_HS_SUSPECTED", null, false));
    Map<String, Object> report = ComplianceReport.of(T, T.plus(Duration.ofDays(1)), T.plus(Duration.ofDays(1)),
        List.of(), List.of(), pages);

    List<Map<String, Object>> byEvent = (List<Map<String, Object>>) report.get("pages");
    assertThat(byEvent.get(0)).containsEntry("event", "CRS_GRADE").containsEntry("paged", 11)
        .containsEntry("acknowledged", 10).containsEntry("unacknowledged", 1).containsEntry("chainExhausted", 2)
        .containsEntry("medianSecondsToAcknowledge", 300L).containsEntry("p90SecondsToAcknowledge", 540L);
    assertThat(byEvent.get(1)).containsEntry("event", "IEC_HS_SUSPECTED").containsEntry("acknowledged", 0)
        .containsEntry("unacknowledged", 1).containsEntry("medianSecondsToAcknowledge", null);
    assertThat(report.toString()).doesNotContain("P-SECRET");
  }

  @Test
  @SuppressWarnings("unchecked")
  void tasksAreAlsoCountedByWardAndWeekWithTheNinetiethPercentileAndGoToCsvWithoutPatients() {
    Instant due = T.plus(Duration.ofHours(1));
    List<UserTaskRow> tasks = new java.util.ArrayList<>();
    for (int minutes = 10; minutes <= 100; minutes += 10) { // 10 done, 10..100 min
      tasks.add(task("draw-daily-labs", UserTaskRow.State.COMPLETED, due, T.plus(Duration.ofMinutes(minutes))));
    }
    tasks.add(new UserTaskRow(3, 4, "record-crs-vitals", "=Record, \"vitals\"", "record-vitals", "P-K2", 3,
        List.of("ward-nurses"), due, 80, UserTaskRow.State.CREATED, T.plus(Duration.ofDays(7)), null));
    Map<String, Object> report = ComplianceReport.of(T, T.plus(Duration.ofDays(8)), T.plus(Duration.ofDays(8)),
        tasks, List.of(), List.of(), patient -> "P-K2".equals(patient) ? "K2" : "H7");

    Map<String, Object> draws = ((List<Map<String, Object>>) report.get("tasks")).getFirst();
    // nearest rank: the 9th of 10 values
    assertThat(draws).containsEntry("medianMinutesToComplete", 50L).containsEntry("p90MinutesToComplete", 90L);
    List<Map<String, Object>> byWard = (List<Map<String, Object>>) report.get("byWard");
    assertThat(byWard).extracting(w -> w.get("ward")).containsExactly("H7", "K2");
    assertThat(byWard.get(0)).containsEntry("created", 10).containsEntry("completedOnTime", 6);
    assertThat(byWard.get(1)).containsEntry("created", 1).containsEntry("openOverdue", 1);
    // 2026-11-20 is in ISO week 47, a week later in 48
    assertThat((List<Map<String, Object>>) report.get("byWeek")).extracting(w -> w.get("week"))
        .containsExactly("2026-W47", "2026-W48");
    assertThat(report.toString()).doesNotContain("P-SECRET", "P-K2");

    String csv = ComplianceReport.csv(report);
    assertThat(csv.split("\r\n")[0]).isEqualTo("task,elementId,created,completed,completedOnTime,completedLate,open,"
        + "openOverdue,canceled,onTimeRate,medianMinutesToComplete,p90MinutesToComplete");
    assertThat(csv).contains("Draw daily labs,draw-daily-labs,10,10,6,4,0,0,0,0.6,50,90")
        // a name a spreadsheet would run as a formula is quoted as text
        .contains("\"'=Record, \"\"vitals\"\"\",record-crs-vitals,1,")
        .doesNotContain("P-SECRET", "P-K2");
  }

  private static UserTaskRow row(long pi, String element, UserTaskRow.State state, Instant created, Instant ended) {
    return new UserTaskRow(pi * 100 + created.getEpochSecond() % 97, pi, element, element, element, "P-SECRET", 12,
        List.of("physicians"), null, 90, state, created, ended);
  }

  @Test
  @SuppressWarnings("unchecked")
  void clinicalIntervalsAndDailyPanelCompletenessComeFromTheTasks() {
    List<UserTaskRow> tasks = List.of(
        // suspicion to review: 30 and 90 min, one still open
        row(1, "review-suspected-iec-hs", UserTaskRow.State.COMPLETED, T, T.plus(Duration.ofMinutes(30))),
        row(2, "review-suspected-iec-hs", UserTaskRow.State.COMPLETED, T, T.plus(Duration.ofMinutes(90))),
        row(3, "review-suspected-iec-hs", UserTaskRow.State.CREATED, T, null),
        // order to reassessment: 48 h in episode 1 (the reassessment before the order does not count),
        // episode 2 still waits
        row(1, "reassess-iec-hs", UserTaskRow.State.COMPLETED, T, T.plus(Duration.ofMinutes(10))),
        row(1, "order-iec-hs-treatment", UserTaskRow.State.COMPLETED, T, T.plus(Duration.ofHours(1))),
        row(1, "reassess-iec-hs", UserTaskRow.State.COMPLETED, T.plus(Duration.ofHours(2)), T.plus(Duration.ofHours(49))),
        row(2, "order-iec-hs-treatment", UserTaskRow.State.COMPLETED, T, T.plus(Duration.ofHours(1))),
        // four draws, one chased
        row(5, "draw-daily-labs", UserTaskRow.State.COMPLETED, T, T.plus(Duration.ofMinutes(5))),
        row(6, "draw-daily-labs", UserTaskRow.State.COMPLETED, T.plusSeconds(1), T.plus(Duration.ofMinutes(5))),
        row(7, "draw-daily-labs", UserTaskRow.State.COMPLETED, T.plusSeconds(2), T.plus(Duration.ofMinutes(5))),
        row(8, "draw-daily-labs", UserTaskRow.State.COMPLETED, T.plusSeconds(3), T.plus(Duration.ofMinutes(5))),
        row(8, "chase-missing-lab-results", UserTaskRow.State.CREATED, T.plus(Duration.ofHours(7)), null));
    Map<String, Object> report = ComplianceReport.of(T, T.plus(Duration.ofDays(3)), T.plus(Duration.ofDays(3)),
        tasks, List.of(), List.of());
    List<Map<String, Object>> intervals = (List<Map<String, Object>>) report.get("intervals");
    assertThat(intervals.get(0)).containsEntry("interval", "suspicion-to-review").containsEntry("count", 2)
        .containsEntry("waiting", 1).containsEntry("medianMinutes", 30L).containsEntry("p90Minutes", 90L);
    assertThat(intervals.get(1)).containsEntry("interval", "order-to-reassessment").containsEntry("count", 1)
        .containsEntry("waiting", 1).containsEntry("medianMinutes", 48 * 60L);
    assertThat((Map<String, Object>) report.get("dailyPanel")).containsEntry("draws", 4L).containsEntry("chased", 1L)
        .containsEntry("completeBySlaRate", 0.75);
    assertThat(report.toString()).doesNotContain("P-SECRET");
  }

  /** CRS grade 2 raises the treatment order; tocilizumab given 45 min later (reference §11.2). */
  @Test
  @SuppressWarnings("unchecked")
  void timeFromCrsGradeTwoToTocilizumabIsMeasuredOncePerEpisode() {
    Instant from = now().minusSeconds(1);
    enroll(patient("REP-TOCI", now().minus(Duration.ofDays(3))));
    // exactly 6 L/min by nasal cannula with fever: grade 2 (§3.2)
    post("REP-TOCI", "vitals", vitals(38.6, "NASAL_CANNULA", 6.0));
    awaitOpenTask("REP-TOCI", "order-crs-treatment");
    advance(Duration.ofMinutes(45));
    post("REP-TOCI", "treatments", vars("at", now().toString(), "drug", "tocilizumab", "doseMg", 576,
        "indication", "CRS", "proposed", false));
    advance(Duration.ofMinutes(30));
    post("REP-TOCI", "treatments", vars("at", now().toString(), "drug", "tocilizumab", "doseMg", 576,
        "indication", "CRS", "proposed", false));
    Map<String, Object> report = as(Role.MANAGER).getForObject(
        "/api/v1/reports/compliance?from=" + from + "&to=" + now().plusSeconds(60), Map.class);
    Map<String, Object> interval = ((List<Map<String, Object>>) report.get("intervals")).stream()
        .filter(i -> "crs2-to-tocilizumab".equals(i.get("interval"))).findFirst().orElseThrow();
    assertThat(interval).containsEntry("count", 1).containsEntry("waiting", 0).containsEntry("medianMinutes", 45);
    assertThat(report.toString()).doesNotContain("REP-TOCI");
  }

  @Test
  void managersReadItWithoutPatientsAndOthersMayNot() {
    Instant from = now().minusSeconds(1);
    enroll(patient("REP-1", now().minus(Duration.ofDays(2))));
    awaitOpenTask("REP-1", "draw-daily-labs");
    String url = "/api/v1/reports/compliance?from=" + from + "&to=" + now().plusSeconds(60);
    ResponseEntity<String> manager = as(Role.MANAGER).getForEntity(url, String.class);
    assertThat(manager.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(manager.getBody()).contains("\"elementId\":\"draw-daily-labs\"").doesNotContain("REP-1");
    assertThat(as(Role.NURSE).getForEntity(url, String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<String> csv = as(Role.MANAGER).getForEntity(url.replace("compliance?", "compliance.csv?"), String.class);
    assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(csv.getHeaders().getContentType()).hasToString("text/csv;charset=UTF-8");
    assertThat(csv.getBody()).startsWith("task,elementId,").contains("draw-daily-labs").doesNotContain("REP-1");
    assertThat(as(Role.NURSE).getForEntity(url.replace("compliance?", "compliance.csv?"), String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as(Role.INTEGRATION).getForEntity(url, String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as(Role.MANAGER).getForEntity("/api/v1/reports/compliance?from=" + now() + "&to=" + from, String.class)
            .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }
}
