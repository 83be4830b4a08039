package org.pathway.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.dmn.DecisionEngine;
import io.camunda.zeebe.dmn.DecisionEngineFactory;
import io.camunda.zeebe.dmn.ParsedDecisionRequirementsGraph;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledDecision;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import io.camunda.client.annotation.JobWorker;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import org.camunda.bpm.model.xml.validation.ValidationResultType;
import org.pathway.engine.DecisionEvaluator;
import org.pathway.engine.ModelResources;
import org.pathway.model.ProcessModelCatalog;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Checks a model a modeler is about to change before it is deployed: that it parses, passes
 * Zeebe's own design-time validation (BPMN) or DMN parsing, and that what it refers to exists in
 * this service: decisions, forms, called processes, job types with a worker, messages with a
 * publisher. Nothing is deployed or stored.
 */
@Component
public class ModelValidator {

  /** The verdict on one model file. */
  public record Report(String name, String kind, List<String> ids, List<String> problems) {
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  private final ModelResources models;
  private final DecisionEvaluator decisions;
  private final ProcessModelCatalog processes;
  private final ObjectMapper json;
  private final ApplicationContext context;
  private final DecisionEngine dmn = DecisionEngineFactory.createDecisionEngine();

  public ModelValidator(
      ModelResources models,
      DecisionEvaluator decisions,
      ProcessModelCatalog processes,
      ObjectMapper json,
      ApplicationContext context) {
    this.models = models;
    this.decisions = decisions;
    this.processes = processes;
    this.json = json;
    this.context = context;
  }

  /** The job types this service's workers handle. */
  private Set<String> jobTypes() {
    Set<String> types = new TreeSet<>();
    for (String bean : context.getBeanDefinitionNames()) {
      Class<?> type = context.getType(bean);
      if (type == null) {
        continue;
      }
      for (java.lang.reflect.Method m : ClassUtils.getUserClass(type).getDeclaredMethods()) {
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
    for (String bean : context.getBeanNamesForAnnotation(PublishesMessage.class)) {
      names.addAll(List.of(context.findAnnotationOnBean(bean, PublishesMessage.class).value()));
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
    ParsedDecisionRequirementsGraph graph = dmn.parse(new ByteArrayInputStream(bytes));
    if (!graph.isValid()) {
      return new Report(name, "dmn", List.of(), List.of(graph.getFailureMessage()));
    }
    List<String> ids = graph.getDecisions().stream().map(d -> d.getId()).sorted().toList();
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
      if (form == null || form.getFormId() == null) {
        problems.add(task.getId() + ": a user task needs a linked form (formId, bindingType deployment)");
      } else if (!forms.contains(form.getFormId())) {
        problems.add(task.getId() + ": no form " + form.getFormId() + " in forms/");
      }
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
    if (!ids.contains(fileId(name))) {
      problems.add("the file name should be the process id it defines (" + fileId(name) + " is not one of " + ids + ")");
    }
    return new Report(name, "bpmn", ids, problems);
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
