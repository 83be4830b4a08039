package org.pathway.engine;

import java.util.Map;

/**
 * Completes a Camunda user task ({@code zeebe:userTask}) with the variables of its form, assigned
 * first to the user who completes it (so Operate and Tasklist record who did it).
 */
public interface UserTaskCompleter {

  void complete(long userTaskKey, String actor, Map<String, Object> variables);

  /** The engine refused the completion (unknown task, already completed, ...). */
  final class CompletionRejected extends RuntimeException {
    private final String rejectionType;

    public CompletionRejected(long userTaskKey, String rejectionType, String reason) {
      super("user task " + userTaskKey + " was not completed: " + rejectionType + ": " + reason);
      this.rejectionType = rejectionType;
    }

    public String rejectionType() {
      return rejectionType;
    }
  }
}
