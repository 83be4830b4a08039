package org.pathway.pathway;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.UserTaskProperties;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The user task behind a task-listener job. A real cluster's gateway hands it over as the job's
 * user-task properties; the in-memory engine only as the reserved headers the engine writes. Both
 * carry the same values, so the properties win where present and the headers stand in otherwise.
 */
record UserTaskInfo(
    long userTaskKey,
    List<String> candidateGroups,
    OffsetDateTime dueDate,
    Integer priority,
    String assignee) {

  // the reserved headers as the engine names them (io.camunda.zeebe.protocol.Protocol, which ships
  // with the engine, not with the client; UserTaskInfoTest holds them equal)
  static final String KEY_HEADER = "io.camunda.zeebe:userTaskKey";
  static final String CANDIDATE_GROUPS_HEADER = "io.camunda.zeebe:candidateGroups";
  static final String DUE_DATE_HEADER = "io.camunda.zeebe:dueDate";
  static final String PRIORITY_HEADER = "io.camunda.zeebe:priority";
  static final String ASSIGNEE_HEADER = "io.camunda.zeebe:assignee";

  static UserTaskInfo of(ActivatedJob job) {
    UserTaskProperties props = job.getUserTask();
    if (props != null && props.getUserTaskKey() != null) {
      return new UserTaskInfo(
          props.getUserTaskKey(),
          props.getCandidateGroups() == null ? List.of() : props.getCandidateGroups(),
          props.getDueDate(),
          props.getPriority(),
          props.getAssignee());
    }
    Map<String, String> headers = job.getCustomHeaders();
    String key = headers.get(KEY_HEADER);
    if (key == null) {
      throw new IllegalStateException(
          "job " + job.getKey() + " of type " + job.getType() + " is not a user-task listener job");
    }
    String due = headers.get(DUE_DATE_HEADER);
    String priority = headers.get(PRIORITY_HEADER);
    return new UserTaskInfo(
        Long.parseLong(key),
        listLiteral(headers.get(CANDIDATE_GROUPS_HEADER)),
        due == null ? null : dueDate(due),
        priority == null ? null : Integer.valueOf(priority),
        headers.get(ASSIGNEE_HEADER));
  }

  /**
   * A due date as the engine writes it: with an offset, or with a region when a FEEL expression
   * computed it (2026-11-21T12:00:00Z[Etc/UTC]).
   */
  static OffsetDateTime dueDate(String text) {
    return java.time.ZonedDateTime.parse(text, java.time.format.DateTimeFormatter.ISO_DATE_TIME)
        .toOffsetDateTime();
  }

  /** The engine writes lists as FEEL list literals: ["ward-nurses","physicians"]. */
  static List<String> listLiteral(String literal) {
    if (literal == null || literal.isBlank()) {
      return List.of();
    }
    String inner = literal.trim();
    if (inner.startsWith("[") && inner.endsWith("]")) {
      inner = inner.substring(1, inner.length() - 1);
    }
    return Arrays.stream(inner.split(","))
        .map(s -> s.trim().replaceAll("^\"|\"$", ""))
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
