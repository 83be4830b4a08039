package org.pathway.store;

import java.time.Instant;
import java.util.List;

/** One row of the user-task projection: what a worklist shows. */
public record UserTaskRow(
    long userTaskKey,
    long processInstanceKey,
    String elementId,
    String name,
    String formId,
    String patientId,
    Integer dayPostInfusion,
    List<String> candidateGroups,
    Instant dueAt,
    Integer priority,
    State state,
    Instant createdAt,
    Instant endedAt) {

  public enum State {
    CREATED,
    COMPLETED,
    CANCELED
  }
}
