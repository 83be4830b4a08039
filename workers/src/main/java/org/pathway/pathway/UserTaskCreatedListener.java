package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import org.pathway.model.ProcessModelCatalog;
import org.pathway.store.UserTaskRepository;
import org.pathway.store.UserTaskRow;
import org.springframework.stereotype.Component;

/** Task listener (creating): adds the new user task to the worklist projection. */
@Component
public class UserTaskCreatedListener {

  private final UserTaskRepository tasks;
  private final ProcessModelCatalog catalog;
  private final Clock clock;

  public UserTaskCreatedListener(
      UserTaskRepository tasks, ProcessModelCatalog catalog, Clock clock) {
    this.tasks = tasks;
    this.catalog = catalog;
    this.clock = clock;
  }

  @JobWorker(
      type = PathwayModel.JobTypes.USER_TASK_CREATED,
      fetchVariables = {PathwayModel.Vars.PATIENT_ID, PathwayModel.Vars.DAY_POST_INFUSION})
  public void created(ActivatedJob job) {
    UserTaskInfo task = UserTaskInfo.of(job);
    JobVariables vars = new JobVariables(job);
    var element = catalog.element(job.getBpmnProcessId(), job.getElementId());
    tasks.insertIfAbsent(
        new UserTaskRow(
            task.userTaskKey(),
            job.getProcessInstanceKey(),
            job.getElementId(),
            element.map(ProcessModelCatalog.ElementInfo::name).orElse(job.getElementId()),
            element.map(ProcessModelCatalog.ElementInfo::formId).orElse(null),
            (String) vars.raw(PathwayModel.Vars.PATIENT_ID),
            vars.optionalInteger(PathwayModel.Vars.DAY_POST_INFUSION),
            task.candidateGroups(),
            task.dueDate() == null ? null : task.dueDate().toInstant(),
            task.priority(),
            UserTaskRow.State.CREATED,
            clock.instant(),
            null));
  }
}
