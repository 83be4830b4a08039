package org.pathway.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.pathway.model.PathwayModel;
import org.pathway.store.CareEpisode;
import org.pathway.store.PagingRepository;
import org.pathway.store.UserTaskRow;

/**
 * Pathway compliance for managers: per kind of task, how many were done by their due time, late,
 * are still open past it, or were cancelled; per syndrome, how episodes ended and how long they
 * took; per kind of urgent page, how soon it was acknowledged, how many are not yet and how many
 * went through the whole on-call chain unanswered. Counts only: no patient appears in it.
 */
public final class ComplianceReport {

  private ComplianceReport() {}

  public static Map<String, Object> of(
      Instant from,
      Instant to,
      Instant now,
      List<UserTaskRow> tasks,
      List<CareEpisode> episodes,
      List<PagingRepository.Page> pages) {
    return of(from, to, now, tasks, episodes, pages, patient -> null);
  }

  /**
   * The report with the tasks also counted by ward ({@code wardOf} the task's patient; the ward
   * names no patient) and by ISO week of creation.
   */
  public static Map<String, Object> of(
      Instant from,
      Instant to,
      Instant now,
      List<UserTaskRow> tasks,
      List<CareEpisode> episodes,
      List<PagingRepository.Page> pages,
      java.util.function.Function<String, String> wardOf) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("from", from.toString());
    report.put("to", to.toString());
    report.put("generatedAt", now.toString());
    List<Map<String, Object>> byTask = new ArrayList<>();
    tasks.stream()
        .collect(Collectors.groupingBy(UserTaskRow::elementId, TreeMap::new, Collectors.toList()))
        .forEach((element, rows) -> byTask.add(tasks(element, rows, now)));
    report.put("tasks", byTask);
    Map<String, String> wards = new java.util.HashMap<>();
    report.put("byWard", grouped(tasks, "ward",
        t -> String.valueOf(wards.computeIfAbsent(String.valueOf(t.patientId()), wardOf::apply)), now));
    report.put("byWeek", grouped(tasks, "week", t -> week(t.createdAt()), now));
    report.put("intervals", intervals(tasks));
    report.put("dailyPanel", dailyPanel(tasks));
    List<Map<String, Object>> bySyndrome = new ArrayList<>();
    episodes.stream()
        .collect(Collectors.groupingBy(CareEpisode::syndrome, TreeMap::new, Collectors.toList()))
        .forEach((syndrome, rows) -> bySyndrome.add(episodes(syndrome, rows)));
    report.put("episodes", bySyndrome);
    List<Map<String, Object>> byEvent = new ArrayList<>();
    pages.stream()
        .collect(Collectors.groupingBy(PagingRepository.Page::pageEvent, TreeMap::new, Collectors.toList()))
        .forEach((event, rows) -> byEvent.add(pages(event, rows)));
    report.put("pages", byEvent);
    return report;
  }

  private static Map<String, Object> pages(String event, List<PagingRepository.Page> rows) {
    List<Long> seconds = new ArrayList<>();
    int unanswered = 0;
    for (PagingRepository.Page p : rows) {
      if (p.acknowledgedAt() != null) {
        seconds.add(Duration.between(p.requestedAt(), p.acknowledgedAt()).toSeconds());
      }
      if (p.unansweredAt() != null) {
        unanswered++;
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", event);
    m.put("paged", rows.size());
    m.put("acknowledged", seconds.size());
    m.put("unacknowledged", rows.size() - seconds.size());
    // the whole on-call chain was paged before anyone acknowledged (or nobody has yet)
    m.put("chainExhausted", unanswered);
    m.put("medianSecondsToAcknowledge", median(seconds));
    m.put("p90SecondsToAcknowledge", percentile(seconds, 90));
    return m;
  }

  /**
   * Clinical intervals from the task projection: a suspected IEC-HS (its review task is raised with
   * the suspicion) to the physician's review; an IEC-HS treatment order to the next reassessment of
   * the same episode. Minutes, median and p90; those still waiting are counted.
   */
  private static List<Map<String, Object>> intervals(List<UserTaskRow> tasks) {
    List<Long> toReview = new ArrayList<>();
    int reviewsOpen = 0;
    Map<Long, List<UserTaskRow>> byInstance = new java.util.HashMap<>();
    for (UserTaskRow t : tasks) {
      if (t.elementId().equals(PathwayModel.UserTasks.REVIEW_SUSPECTED_IEC_HS)) {
        if (t.state() == UserTaskRow.State.COMPLETED) {
          toReview.add(Duration.between(t.createdAt(), t.endedAt()).toMinutes());
        } else if (t.state() == UserTaskRow.State.CREATED) {
          reviewsOpen++;
        }
      }
      byInstance.computeIfAbsent(t.processInstanceKey(), k -> new ArrayList<>()).add(t);
    }
    List<Long> toReassessment = new ArrayList<>();
    int reassessmentsAwaited = 0;
    for (List<UserTaskRow> rows : byInstance.values()) {
      for (UserTaskRow order : rows) {
        if (!order.elementId().equals(PathwayModel.UserTasks.ORDER_IEC_HS_TREATMENT)
            || order.state() != UserTaskRow.State.COMPLETED) {
          continue;
        }
        var next = rows.stream()
            .filter(r -> r.elementId().equals(PathwayModel.UserTasks.REASSESS_IEC_HS))
            .filter(r -> r.state() == UserTaskRow.State.COMPLETED && r.endedAt().isAfter(order.endedAt()))
            .map(UserTaskRow::endedAt)
            .min(java.util.Comparator.naturalOrder());
        if (next.isPresent()) {
          toReassessment.add(Duration.between(order.endedAt(), next.get()).toMinutes());
        } else {
          reassessmentsAwaited++;
        }
      }
    }
    return List.of(
        interval("suspicion-to-review", "Suspected IEC-HS to the physician's review", toReview, reviewsOpen),
        interval("order-to-reassessment", "IEC-HS treatment ordered to its reassessment", toReassessment,
            reassessmentsAwaited));
  }

  /** Adds an interval measured elsewhere (it needs more than the task projection) to the report. */
  @SuppressWarnings("unchecked")
  public static void addInterval(Map<String, Object> report, String id, String name, List<Long> minutes, int waiting) {
    List<Map<String, Object>> intervals = new ArrayList<>((List<Map<String, Object>>) report.get("intervals"));
    intervals.add(interval(id, name, minutes, waiting));
    report.put("intervals", intervals);
  }

  private static Map<String, Object> interval(String id, String name, List<Long> minutes, int waiting) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("interval", id);
    m.put("name", name);
    m.put("count", minutes.size());
    m.put("waiting", waiting);
    m.put("medianMinutes", median(minutes));
    m.put("p90Minutes", percentile(minutes, 90));
    return m;
  }

  /**
   * Daily-panel completeness: of the draws asked for, how many had their panel in by the results
   * SLA, i.e. needed no "Chase missing lab results".
   */
  private static Map<String, Object> dailyPanel(List<UserTaskRow> tasks) {
    long draws = tasks.stream().filter(t -> t.elementId().equals(PathwayModel.UserTasks.DRAW_DAILY_LABS)).count();
    long chased = tasks.stream()
        .filter(t -> t.elementId().equals(PathwayModel.UserTasks.CHASE_MISSING_LAB_RESULTS)).count();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("draws", draws);
    m.put("chased", chased);
    m.put("completeBySlaRate", draws == 0 ? null : Math.round(1000.0 * Math.max(0, draws - chased) / draws) / 1000.0);
    return m;
  }

  /** The ISO week (UTC) a time falls in, e.g. 2026-W47. */
  static String week(Instant at) {
    java.time.LocalDate day = at.atZone(java.time.ZoneOffset.UTC).toLocalDate();
    return String.format("%d-W%02d",
        day.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR), day.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  /** The task counts per value of {@code key} (a ward, a week), in its order, named {@code label}. */
  private static List<Map<String, Object>> grouped(
      List<UserTaskRow> tasks, String label, java.util.function.Function<UserTaskRow, String> key, Instant now) {
    List<Map<String, Object>> out = new ArrayList<>();
    tasks.stream()
        .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()))
        .forEach((value, rows) -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put(label, value);
          m.putAll(counts(rows, now));
          out.add(m);
        });
    return out;
  }

  private static Map<String, Object> tasks(String element, List<UserTaskRow> rows, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", rows.getFirst().name());
    m.put("elementId", element);
    m.putAll(counts(rows, now));
    return m;
  }

  /** Done on time, late, open (past due), cancelled, and minutes to complete (median, p90). */
  private static Map<String, Object> counts(List<UserTaskRow> rows, Instant now) {
    int completed = 0, onTime = 0, open = 0, openOverdue = 0, canceled = 0;
    List<Long> minutes = new ArrayList<>();
    for (UserTaskRow t : rows) {
      switch (t.state()) {
        case COMPLETED -> {
          completed++;
          if (t.dueAt() == null || !t.endedAt().isAfter(t.dueAt())) {
            onTime++;
          }
          minutes.add(Duration.between(t.createdAt(), t.endedAt()).toMinutes());
        }
        case CREATED -> {
          open++;
          if (t.dueAt() != null && now.isAfter(t.dueAt())) {
            openOverdue++;
          }
        }
        case CANCELED -> canceled++;
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("created", rows.size());
    m.put("completed", completed);
    m.put("completedOnTime", onTime);
    m.put("completedLate", completed - onTime);
    m.put("open", open);
    m.put("openOverdue", openOverdue);
    m.put("canceled", canceled);
    m.put("onTimeRate", completed == 0 ? null : Math.round(1000.0 * onTime / completed) / 1000.0);
    m.put("medianMinutesToComplete", median(minutes));
    m.put("p90MinutesToComplete", percentile(minutes, 90));
    return m;
  }

  private static Map<String, Object> episodes(CareEpisode.Syndrome syndrome, List<CareEpisode> rows) {
    Map<String, Integer> outcomes = new TreeMap<>();
    Map<String, Integer> peaks = new TreeMap<>();
    List<Long> hours = new ArrayList<>();
    int open = 0;
    for (CareEpisode e : rows) {
      if (e.open()) {
        open++;
        continue;
      }
      outcomes.merge(e.outcome(), 1, Integer::sum);
      if (e.peakGrade() != null) {
        peaks.merge(String.valueOf(e.peakGrade()), 1, Integer::sum);
      }
      hours.add(Duration.between(e.startedAt(), e.endedAt()).toHours());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("syndrome", syndrome.name());
    m.put("started", rows.size());
    m.put("open", open);
    m.put("outcomes", outcomes);
    m.put("peakGrades", peaks);
    m.put("medianHoursToEnd", median(hours));
    return m;
  }

  /** The task rows as CSV, one line per task type: the report's table, no patient. */
  @SuppressWarnings("unchecked")
  public static String csv(Map<String, Object> report) {
    String[] columns = {"task", "elementId", "created", "completed", "completedOnTime", "completedLate", "open",
        "openOverdue", "canceled", "onTimeRate", "medianMinutesToComplete", "p90MinutesToComplete"};
    StringBuilder out = new StringBuilder(String.join(",", columns)).append("\r\n");
    for (Map<String, Object> row : (List<Map<String, Object>>) report.get("tasks")) {
      List<String> cells = new ArrayList<>();
      for (String c : columns) {
        Object v = row.get(c);
        String text = v == null ? "" : v.toString();
        // quoted when needed, and never read as a formula by a spreadsheet
        if (text.matches("^[=+\\-@].*")) {
          text = "'" + text;
        }
        cells.add(text.matches(".*[\",\r\n].*") ? '"' + text.replace("\"", "\"\"") + '"' : text);
      }
      out.append(String.join(",", cells)).append("\r\n");
    }
    return out.toString();
  }

  private static Long median(List<Long> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get((sorted.size() - 1) / 2);
  }

  /** The nearest-rank percentile: the smallest value at least p% of the values do not exceed. */
  private static Long percentile(List<Long> values, int p) {
    if (values.isEmpty()) {
      return null;
    }
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get((int) Math.ceil(p / 100.0 * sorted.size()) - 1);
  }
}
