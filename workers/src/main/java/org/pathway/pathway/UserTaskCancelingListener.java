package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import org.pathway.store.UserTaskRepository;
import org.pathway.store.UserTaskRow;
import org.springframework.stereotype.Component;

/**
 * Task listener (canceling): closes the task in the worklist projection when the pathway cancels
 * it, e.g. a day's draw task left open when the next draw is due.
 */
@Component
public class UserTaskCancelingListener {

  private final UserTaskRepository tasks;
  private final Clock clock;

  public UserTaskCancelingListener(UserTaskRepository tasks, Clock clock) {
    this.tasks = tasks;
    this.clock = clock;
  }

  @JobWorker(type = PathwayModel.JobTypes.USER_TASK_CANCELING, fetchVariables = {})
  public void canceling(ActivatedJob job) {
    tasks.end(UserTaskInfo.of(job).userTaskKey(), UserTaskRow.State.CANCELED, clock.instant());
  }
}
