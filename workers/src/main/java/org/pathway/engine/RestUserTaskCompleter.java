package org.pathway.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import java.util.Map;

/** Completes user tasks on a real Camunda 8.8 cluster through its REST API. */
public final class RestUserTaskCompleter implements UserTaskCompleter {

  private final CamundaClient client;

  public RestUserTaskCompleter(CamundaClient client) {
    this.client = client;
  }

  @Override
  public void complete(long userTaskKey, Map<String, Object> variables) {
    try {
      client
          .newCompleteUserTaskCommand(userTaskKey)
          .variables(variables == null ? Map.of() : variables)
          .send()
          .join();
    } catch (ProblemException e) {
      String title = e.details() == null ? "REJECTED" : e.details().getTitle();
      throw new CompletionRejected(userTaskKey, title, e.getMessage());
    }
  }
}
