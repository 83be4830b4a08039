package org.pathway.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientHttpException;
import io.camunda.client.api.command.ProblemException;
import java.util.Map;

/**
 * Completes user tasks on a real Camunda 8.8 cluster through its REST API: assigns the task to the
 * acting user ({@code POST /v2/user-tasks/{key}/assignment}), then completes it ({@code POST
 * /v2/user-tasks/{key}/completion}). What the cluster refuses for the task (404, 409, 400) is a
 * rejection; what says the cluster cannot take it now (5xx, 429, a timeout, no connection, the
 * service's credentials refused) is {@link EngineUnavailable}, retryable.
 */
public final class RestUserTaskCompleter implements UserTaskCompleter {

  private final CamundaClient client;

  public RestUserTaskCompleter(CamundaClient client) {
    this.client = client;
  }

  @Override
  public void complete(long userTaskKey, String actor, Map<String, Object> variables) {
    call(userTaskKey, "assigned to " + actor, () -> client
        .newAssignUserTaskCommand(userTaskKey)
        .assignee(actor)
        // the service decided that this user may complete it (role, ward): a Tasklist claim by
        // someone else does not stop the completion
        .allowOverride(true)
        .send()
        .join());
    call(userTaskKey, "completed", () -> client
        .newCompleteUserTaskCommand(userTaskKey)
        .variables(variables == null ? Map.of() : variables)
        .send()
        .join());
  }

  private static void call(long userTaskKey, String what, Runnable command) {
    try {
      command.run();
    } catch (ClientHttpException e) {
      int status = e.code();
      if (status == 400 || status == 404 || status == 409) {
        String title = e instanceof ProblemException p && p.details() != null ? p.details().getTitle() : null;
        throw new CompletionRejected(userTaskKey, title != null ? title : status == 404 ? "NOT_FOUND" : "INVALID_STATE",
            e.getMessage());
      }
      throw new EngineUnavailable("user task " + userTaskKey + " could not be " + what
          + ": the cluster answered " + status + " (" + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      throw new EngineUnavailable("user task " + userTaskKey + " could not be " + what
          + ": the cluster did not answer (" + e.getMessage() + ")", e);
    }
  }
}
