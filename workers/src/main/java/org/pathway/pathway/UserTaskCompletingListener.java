package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import org.pathway.store.AuditLog;
import org.pathway.store.UserTaskRepository;
import org.pathway.store.UserTaskRow;
import org.springframework.stereotype.Component;

/**
 * Task listener (completing): closes the task in the worklist projection as completed, and records
 * the completion in the audit log whichever way it came (this service's API, which also records the
 * caller and the decision, or Tasklist on a real cluster, where the assignee is the one who did it).
 */
@Component
public class UserTaskCompletingListener {

  private final UserTaskRepository tasks;
  private final AuditLog audit;
  private final Clock clock;

  public UserTaskCompletingListener(UserTaskRepository tasks, AuditLog audit, Clock clock) {
    this.tasks = tasks;
    this.audit = audit;
    this.clock = clock;
  }

  @JobWorker(
      type = PathwayModel.JobTypes.USER_TASK_COMPLETING,
      fetchVariables = PathwayModel.Vars.PATIENT_ID)
  public void completing(ActivatedJob job) {
    UserTaskInfo task = UserTaskInfo.of(job);
    tasks.end(task.userTaskKey(), UserTaskRow.State.COMPLETED, clock.instant());
    String assignee = task.assignee() == null || task.assignee().isBlank() ? null : task.assignee();
    audit.append(
        new AuditLog.Event(
            clock.instant(),
            assignee == null ? "engine" : assignee,
            null,
            "task.completing",
            "user-task/" + task.userTaskKey() + " (" + job.getElementId() + ")",
            (String) new JobVariables(job).raw(PathwayModel.Vars.PATIENT_ID),
            "SUCCESS",
            "job-" + job.getKey(),
            assignee == null ? "no assignee" : "assignee " + assignee));
  }
}
