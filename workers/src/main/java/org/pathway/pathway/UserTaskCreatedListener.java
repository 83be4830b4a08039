package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.pathway.engine.ModelResources;
import org.pathway.model.ProcessModelCatalog;
import org.pathway.store.UserTaskRepository;
import org.pathway.store.UserTaskRow;
import org.springframework.stereotype.Component;

/**
 * Task listener (creating): adds the new user task to the worklist projection, with what its form
 * opens with (the ward app pre-fills the form from it, as Tasklist does from the task's variables).
 */
@Component
public class UserTaskCreatedListener {

  private final UserTaskRepository tasks;
  private final ProcessModelCatalog catalog;
  private final Clock clock;
  private final Map<String, String> formTexts = new java.util.HashMap<>();
  private final ObjectMapper json;

  public UserTaskCreatedListener(
      UserTaskRepository tasks, ProcessModelCatalog catalog, Clock clock, ModelResources models, ObjectMapper json) {
    this.tasks = tasks;
    this.catalog = catalog;
    this.clock = clock;
    this.json = json;
    models.ofKind("forms").forEach(f -> formTexts.put(f.id(), f.text()));
  }

  /** All the task's variables: those its form names are kept with it. */
  @JobWorker(type = PathwayModel.JobTypes.USER_TASK_CREATED)
  public void created(ActivatedJob job) {
    UserTaskInfo task = UserTaskInfo.of(job);
    JobVariables vars = new JobVariables(job);
    var element = catalog.element(job.getBpmnProcessId(), job.getElementId());
    String formId = element.map(ProcessModelCatalog.ElementInfo::formId).orElse(null);
    tasks.insertIfAbsent(
        new UserTaskRow(
            task.userTaskKey(),
            job.getProcessInstanceKey(),
            job.getElementId(),
            element.map(ProcessModelCatalog.ElementInfo::name).orElse(job.getElementId()),
            formId,
            (String) vars.raw(PathwayModel.Vars.PATIENT_ID),
            vars.optionalInteger(PathwayModel.Vars.DAY_POST_INFUSION),
            task.candidateGroups(),
            task.dueDate() == null ? null : task.dueDate().toInstant(),
            task.priority(),
            UserTaskRow.State.CREATED,
            clock.instant(),
            null));
    String form = formId == null ? null : formTexts.get(formId);
    if (form != null) {
      try {
        tasks.saveFormData(task.userTaskKey(), json.writeValueAsString(named(form, job.getVariablesAsMap())));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the variables of user task " + task.userTaskKey() + " are not JSON", e);
      }
    }
  }

  /**
   * The variables a form names, as a field key or in a FEEL expression or template: the form's
   * text holds the name as a word. Nothing else of the process goes to the browser.
   */
  static Map<String, Object> named(String formText, Map<String, Object> variables) {
    Map<String, Object> named = new TreeMap<>();
    variables.forEach((name, value) -> {
      if (Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])").matcher(formText).find()) {
        named.put(name, value);
      }
    });
    return named;
  }
}
