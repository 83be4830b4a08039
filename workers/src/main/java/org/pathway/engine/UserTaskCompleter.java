package org.pathway.engine;

import java.util.Map;

/** Completes a Camunda user task ({@code zeebe:userTask}) with the variables of its form. */
public interface UserTaskCompleter {

  void complete(long userTaskKey, Map<String, Object> variables);

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
