package org.pathway.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.CatchEvent;
import io.camunda.zeebe.model.bpmn.instance.EscalationEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledDecision;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListener;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListeners;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import io.camunda.client.annotation.JobWorker;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import org.camunda.bpm.model.xml.validation.ValidationResultType;
import org.pathway.engine.DecisionEvaluator;
import org.pathway.engine.ModelResources;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Checks a model a modeler is about to change before it is deployed: that it parses, passes
 * Zeebe's own design-time validation (BPMN) or DMN parsing, and that what it refers to exists in
 * this service: decisions, forms, called processes, job types with a worker, messages with a
 * publisher; and the pathway's own rules: every user task is a Camunda user task with a deployed
 * form, a known candidate group, the worklist's listeners and inputs, every element a person sees
 * has a name, every escalation is caught. Nothing is deployed or stored. ModelCrossCheckTest runs
 * it over every model the service deploys.
 */
@Component
public class ModelValidator {

  /** The verdict on one model file. */
  public record Report(String name, String kind, List<String> ids, List<String> problems) {
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  /** What a user task's listeners must be, so the task reaches the worklist and leaves it. */
  private static final Map<String, String> WORKLIST_LISTENERS =
      Map.of(
          "creating", PathwayModel.JobTypes.USER_TASK_CREATED,
          "completing", PathwayModel.JobTypes.USER_TASK_COMPLETING,
          "canceling", PathwayModel.JobTypes.USER_TASK_CANCELING);

  private final ModelResources models;
  private final DecisionEvaluator decisions;
  private final ProcessModelCatalog processes;
  private final ObjectMapper json;
  private final Supplier<Collection<Class<?>>> components;

  @Autowired
  public ModelValidator(
      ModelResources models,
      DecisionEvaluator decisions,
      ProcessModelCatalog processes,
      ObjectMapper json,
      ApplicationContext context) {
    // the beans are read when a model is checked, not while the context is still being built
    this(models, decisions, processes, json, () -> beanClasses(context));
  }

  /** Checks against the given component classes as the service's workers and publishers. */
  public ModelValidator(
      ModelResources models,
      DecisionEvaluator decisions,
      ProcessModelCatalog processes,
      ObjectMapper json,
      Collection<Class<?>> components) {
    this(models, decisions, processes, json, () -> components);
  }

  private ModelValidator(
      ModelResources models,
      DecisionEvaluator decisions,
      ProcessModelCatalog processes,
      ObjectMapper json,
      Supplier<Collection<Class<?>>> components) {
    this.models = models;
    this.decisions = decisions;
    this.processes = processes;
    this.json = json;
    this.components = components;
  }

  private static Collection<Class<?>> beanClasses(ApplicationContext context) {
    return Arrays.stream(context.getBeanDefinitionNames())
        .map(context::getType)
        .filter(Objects::nonNull)
        .<Class<?>>map(ClassUtils::getUserClass)
        .toList();
  }

  /** The job types this service's workers handle. */
  private Set<String> jobTypes() {
    Set<String> types = new TreeSet<>();
    for (Class<?> type : components.get()) {
      for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
        JobWorker worker = m.getAnnotation(JobWorker.class);
        if (worker != null) {
          types.add(worker.type());
        }
      }
    }
    return types;
  }

  /** The messages this service publishes. */
  private Set<String> messages() {
    Set<String> names = new TreeSet<>();
    for (Class<?> type : components.get()) {
      PublishesMessage publishes = type.getAnnotation(PublishesMessage.class);
      if (publishes != null) {
        names.addAll(List.of(publishes.value()));
      }
    }
    return names;
  }

  public Report validate(String name, String content) {
    String kind = name.endsWith(".bpmn") ? "bpmn" : name.endsWith(".dmn") ? "dmn" : name.endsWith(".form") ? "form" : null;
    if (kind == null) {
      return new Report(name, null, List.of(), List.of("the name must end in .bpmn, .dmn or .form"));
    }
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return switch (kind) {
      case "bpmn" -> bpmn(name, bytes);
      case "dmn" -> dmn(name, bytes);
      default -> form(name, bytes);
    };
  }

  private Report dmn(String name, byte[] bytes) {
    DecisionEvaluator.Parsed parsed = decisions.parse(bytes);
    if (!parsed.valid()) {
      return new Report(name, "dmn", List.of(), List.of(parsed.failure()));
    }
    List<String> ids = parsed.decisionIds().stream().sorted().toList();
    List<String> problems = new ArrayList<>();
    String file = fileId(name);
    if (!ids.contains(file)) {
      problems.add("the file name should be a decision id it defines (" + file + " is not one of " + ids + ")");
    }
    return new Report(name, "dmn", ids, problems);
  }

  private Report bpmn(String name, byte[] bytes) {
    BpmnModelInstance model;
    try {
      model = Bpmn.readModelFromStream(new ByteArrayInputStream(bytes));
    } catch (RuntimeException e) {
      return new Report(name, "bpmn", List.of(), List.of("not readable BPMN: " + rootMessage(e)));
    }
    List<String> problems = new ArrayList<>();
    Set<String> jobTypes = jobTypes();
    Set<String> messages = messages();
    model.validate(ZeebeDesignTimeValidators.VALIDATORS).getResults().forEach((element, results) -> results.stream()
        .filter(r -> r.getType() == ValidationResultType.ERROR)
        .forEach(r -> problems.add(id(element) + ": " + r.getMessage())));
    List<String> ids = model.getModelElementsByType(Process.class).stream().map(Process::getId).sorted().toList();
    Set<String> knownProcesses = new TreeSet<>();
    processes.models().values().forEach(m ->
        m.getModelElementsByType(Process.class).forEach(p -> knownProcesses.add(p.getId())));
    knownProcesses.addAll(ids);
    Set<String> forms = new TreeSet<>(models.ofKind("forms").stream().map(ModelResources.Model::id).toList());
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      ZeebeTaskDefinition definition = task.getSingleExtensionElement(ZeebeTaskDefinition.class);
      if (definition != null && !jobTypes.contains(definition.getType())) {
        problems.add(task.getId() + ": no worker of this service handles job type " + definition.getType());
      }
    }
    for (BusinessRuleTask task : model.getModelElementsByType(BusinessRuleTask.class)) {
      ZeebeCalledDecision called = task.getSingleExtensionElement(ZeebeCalledDecision.class);
      if (called != null && !decisions.decisionIds().contains(called.getDecisionId())) {
        problems.add(task.getId() + ": no decision " + called.getDecisionId() + " in dmn/");
      }
    }
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      ZeebeFormDefinition form = task.getSingleExtensionElement(ZeebeFormDefinition.class);
      if (form == null || form.getFormId() == null || form.getBindingType() != ZeebeBindingType.deployment) {
        problems.add(task.getId() + ": a user task needs a linked form (formId, bindingType deployment)");
      } else if (!forms.contains(form.getFormId())) {
        problems.add(task.getId() + ": no form " + form.getFormId() + " in forms/");
      }
      userTask(task, jobTypes, problems);
    }
    for (CallActivity call : model.getModelElementsByType(CallActivity.class)) {
      ZeebeCalledElement called = call.getSingleExtensionElement(ZeebeCalledElement.class);
      if (called != null && !knownProcesses.contains(called.getProcessId())) {
        problems.add(call.getId() + ": no process " + called.getProcessId() + " in bpmn/");
      }
    }
    for (Message message : model.getModelElementsByType(Message.class)) {
      if (!messages.contains(message.getName())) {
        problems.add(message.getId() + ": nothing in this service publishes message " + message.getName());
      }
    }
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      if (node.getName() == null || node.getName().isBlank()) {
        problems.add(node.getId() + ": needs a name (Operate, Tasklist and the worklist show it)");
      }
    }
    Set<String> caught = new TreeSet<>(caughtEscalations(model));
    // a called process's escalation may be caught by its caller: the deployed models count, but not
    // the one this model replaces
    processes.models().forEach((file, other) -> {
      if (!fileId(file).equals(fileId(name))) {
        caught.addAll(caughtEscalations(other));
      }
    });
    for (EscalationEventDefinition escalation : model.getModelElementsByType(EscalationEventDefinition.class)) {
      String code = escalation.getEscalation() == null ? null : escalation.getEscalation().getEscalationCode();
      if (!(escalation.getParentElement() instanceof CatchEvent) && !caught.contains(code)) {
        problems.add(id(escalation.getParentElement()) + ": no boundary or event sub-process catches escalation " + code);
      }
    }
    if (!ids.contains(fileId(name))) {
      problems.add("the file name should be the process id it defines (" + fileId(name) + " is not one of " + ids + ")");
    }
    return new Report(name, "bpmn", ids, problems);
  }

  /**
   * The pathway's rules for a user task: Tasklist shows it to a candidate group that has members,
   * and the worklist projection (GET /tasks) learns of it by its listeners, with the patient and
   * the day to sort by.
   */
  private static void userTask(UserTask task, Set<String> jobTypes, List<String> problems) {
    if (task.getSingleExtensionElement(ZeebeUserTask.class) == null) {
      problems.add(task.getId() + ": must be a Camunda user task (zeebe:userTask), not a job-based one");
    }
    ZeebeAssignmentDefinition assignment = task.getSingleExtensionElement(ZeebeAssignmentDefinition.class);
    String group = assignment == null ? null : assignment.getCandidateGroups();
    if (!PathwayModel.CandidateGroups.ALL.contains(group)) {
      problems.add(task.getId() + ": candidate group " + group + " is not one of " + new TreeSet<>(PathwayModel.CandidateGroups.ALL));
    }
    ZeebeTaskListeners listeners = task.getSingleExtensionElement(ZeebeTaskListeners.class);
    Set<String> present = new TreeSet<>();
    if (listeners != null) {
      for (ZeebeTaskListener listener : listeners.getTaskListeners()) {
        present.add(listener.getEventType() + "=" + listener.getType());
        if (!jobTypes.contains(listener.getType())) {
          problems.add(task.getId() + ": no worker of this service handles job type " + listener.getType());
        }
      }
    }
    WORKLIST_LISTENERS.forEach((event, type) -> {
      if (!present.contains(event + "=" + type)) {
        problems.add(task.getId() + ": needs the " + event + " task listener " + type + " (the worklist)");
      }
    });
    ZeebeIoMapping io = task.getSingleExtensionElement(ZeebeIoMapping.class);
    Set<String> inputs = new TreeSet<>();
    if (io != null) {
      io.getInputs().stream().map(ZeebeInput::getTarget).forEach(inputs::add);
    }
    for (String input : List.of(PathwayModel.Vars.PATIENT_ID, PathwayModel.Vars.DAY_POST_INFUSION)) {
      if (!inputs.contains(input)) {
        problems.add(task.getId() + ": needs the input " + input + " (the worklist sorts and filters by it)");
      }
    }
  }

  private static Set<String> caughtEscalations(BpmnModelInstance model) {
    Set<String> codes = new TreeSet<>();
    for (EscalationEventDefinition escalation : model.getModelElementsByType(EscalationEventDefinition.class)) {
      if (escalation.getParentElement() instanceof CatchEvent && escalation.getEscalation() != null) {
        codes.add(escalation.getEscalation().getEscalationCode());
      }
    }
    return codes;
  }

  private Report form(String name, byte[] bytes) {
    JsonNode doc;
    try {
      doc = json.readTree(bytes);
    } catch (java.io.IOException e) {
      return new Report(name, "form", List.of(), List.of("not JSON: " + e.getMessage()));
    }
    List<String> problems = new ArrayList<>();
    String id = doc.path("id").asText("");
    if (id.isBlank()) {
      problems.add("a form needs an id");
    } else if (!id.equals(fileId(name))) {
      problems.add("the file name should be the form id (" + id + ")");
    }
    Set<String> keys = new TreeSet<>();
    collectKeys(doc.path("components"), keys, problems);
    return new Report(name, "form", id.isBlank() ? List.of() : List.of(id), problems);
  }

  private static void collectKeys(JsonNode components, Set<String> keys, List<String> problems) {
    for (JsonNode c : components) {
      if (c.hasNonNull("key") && !keys.add(c.get("key").asText())) {
        problems.add("field key " + c.get("key").asText() + " is used twice");
      }
      collectKeys(c.path("components"), keys, problems);
    }
  }

  private static String fileId(String name) {
    String file = name.substring(name.lastIndexOf('/') + 1);
    return file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
  }

  private static String id(Object element) {
    return element instanceof org.camunda.bpm.model.xml.instance.ModelElementInstance e
            && e.getAttributeValue("id") != null
        ? e.getAttributeValue("id")
        : String.valueOf(element);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
