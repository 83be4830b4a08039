package org.pathway.pathway;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import org.pathway.store.UserTaskRepository;
import org.pathway.store.UserTaskRow;
import org.springframework.stereotype.Component;

/** Task listener (completing): closes the task in the worklist projection as completed. */
@Component
public class UserTaskCompletingListener {

  private final UserTaskRepository tasks;
  private final Clock clock;

  public UserTaskCompletingListener(UserTaskRepository tasks, Clock clock) {
    this.tasks = tasks;
    this.clock = clock;
  }

  @JobWorker(type = PathwayModel.JobTypes.USER_TASK_COMPLETING, fetchVariables = {})
  public void completing(ActivatedJob job) {
    tasks.end(UserTaskInfo.of(job).userTaskKey(), UserTaskRow.State.COMPLETED, clock.instant());
  }
}
