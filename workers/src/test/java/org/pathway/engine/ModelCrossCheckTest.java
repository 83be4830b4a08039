package org.pathway.engine;

import org.pathway.model.ProcessModelCatalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.annotation.JobWorker;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledDecision;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListener;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.model.PathwayModel;
import org.pathway.model.PublishesMessage;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;

/**
 * What the models and the code must agree on: every job type has exactly one worker and every
 * worker a job, every referenced form and decision exists under its id, every message has a
 * publisher, every user task reaches the worklist with its patient and day.
 */
class ModelCrossCheckTest {

  private static ModelResources resources;
  private static Map<String, BpmnModelInstance> bpmn;
  private static Set<Class<?>> components;

  @BeforeAll
  static void load() {
    resources = ModelResources.load();
    bpmn = new ProcessModelCatalog(resources).models();
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
    components = new HashSet<>();
    for (BeanDefinition bean : scanner.findCandidateComponents("org.pathway")) {
      try {
        components.add(Class.forName(bean.getBeanClassName()));
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static <T extends org.camunda.bpm.model.xml.instance.ModelElementInstance>
      List<T> all(Class<T> type) {
    return bpmn.values().stream().flatMap(m -> m.getModelElementsByType(type).stream()).toList();
  }

  private static Set<String> jobTypesInModels() {
    Set<String> types = new TreeSet<>();
    all(ServiceTask.class)
        .forEach(t -> types.add(t.getSingleExtensionElement(ZeebeTaskDefinition.class).getType()));
    // message throw events are jobs too (a worker publishes the message)
    all(io.camunda.zeebe.model.bpmn.instance.IntermediateThrowEvent.class).stream()
        .map(e -> e.getSingleExtensionElement(ZeebeTaskDefinition.class))
        .filter(java.util.Objects::nonNull)
        .forEach(d -> types.add(d.getType()));
    all(ZeebeTaskListener.class).forEach(l -> types.add(l.getType()));
    return types;
  }

  private static Map<String, Long> jobWorkerTypes() {
    return components.stream()
        .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
        .map(m -> m.getAnnotation(JobWorker.class))
        .filter(java.util.Objects::nonNull)
        .collect(Collectors.groupingBy(JobWorker::type, Collectors.counting()));
  }


  @Test
  void everyJobTypeHasExactlyOneWorkerAndEveryWorkerAJob() {
    Map<String, Long> workers = jobWorkerTypes();
    assertThat(jobTypesInModels()).isEqualTo(new TreeSet<>(workers.keySet()));
    assertThat(workers).allSatisfy((type, count) -> assertThat(count).as(type).isEqualTo(1L));
    assertThat(org.pathway.ModelConstants.of(PathwayModel.JobTypes.class)).isEqualTo(jobTypesInModels());
  }

  @Test
  void everyWorkerClassHandlesOneJobType() {
    for (Class<?> c : components) {
      long handlers =
          Arrays.stream(c.getDeclaredMethods())
              .filter((Method m) -> m.isAnnotationPresent(JobWorker.class))
              .count();
      assertThat(handlers).as(c.getSimpleName()).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void fileNamesAreTheIdsTheyDefine() {
    for (ModelResources.Model model : resources.ofKind("bpmn")) {
      assertThat(bpmn.get(model.name()).getModelElementsByType(Process.class))
          .extracting(Process::getId)
          .as(model.name())
          .contains(model.id());
    }
    for (ModelResources.Model model : resources.ofKind("forms")) {
      assertThat(formId(model)).as(model.name()).isEqualTo(model.id());
    }
    DecisionEvaluator decisions = new DecisionEvaluator(resources, new ObjectMapper());
    for (ModelResources.Model model : resources.ofKind("dmn")) {
      assertThat(decisions.decisionIds()).as(model.name()).contains(model.id());
    }
  }

  private static String formId(ModelResources.Model form) {
    try {
      JsonNode json = new ObjectMapper().readTree(form.content());
      return json.path("id").asText();
    } catch (java.io.IOException e) {
      throw new AssertionError(form.name() + " is not JSON", e);
    }
  }

  @Test
  void everyReferencedFormExistsAndEveryFormIsUsed() {
    Set<String> forms =
        resources.ofKind("forms").stream().map(ModelResources.Model::id).collect(Collectors.toSet());
    Set<String> referenced = new TreeSet<>();
    for (UserTask task : all(UserTask.class)) {
      ZeebeFormDefinition form = task.getSingleExtensionElement(ZeebeFormDefinition.class);
      assertThat(form).as("form of " + task.getId()).isNotNull();
      assertThat(form.getBindingType()).as(task.getId()).hasToString("deployment");
      referenced.add(form.getFormId());
    }
    assertThat(forms).containsAll(referenced);
    assertThat(referenced).containsAll(forms);
  }

  @Test
  void everyCalledDecisionExists() {
    DecisionEvaluator decisions = new DecisionEvaluator(resources, new ObjectMapper());
    Set<String> called =
        all(BusinessRuleTask.class).stream()
            .map(t -> t.getSingleExtensionElement(ZeebeCalledDecision.class).getDecisionId())
            .collect(Collectors.toSet());
    assertThat(decisions.decisionIds()).containsAll(called);
    // the ids the code uses (the pathway and ./pathway evaluate) are one list, each a decision in dmn/
    Set<String> constants = org.pathway.ModelConstants.of(PathwayModel.Decisions.class);
    assertThat(constants).containsAll(called);
    assertThat(decisions.decisionIds()).containsAll(constants);
  }

  @Test
  void everyMessageHasAPublisher() {
    Set<String> waitedFor =
        all(Message.class).stream().map(Message::getName).collect(Collectors.toCollection(TreeSet::new));
    Set<String> published =
        components.stream()
            .map(c -> c.getAnnotation(PublishesMessage.class))
            .filter(java.util.Objects::nonNull)
            .flatMap(p -> Arrays.stream(p.value()))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(published).isEqualTo(waitedFor);
    assertThat(org.pathway.ModelConstants.of(PathwayModel.Messages.class)).isEqualTo(waitedFor);
  }

  @Test
  void everyUserTaskReachesTheWorklistWithPatientAndDay() {
    Set<String> groups = org.pathway.ModelConstants.of(PathwayModel.CandidateGroups.class);
    for (UserTask task : all(UserTask.class)) {
      assertThat(task.getSingleExtensionElement(ZeebeUserTask.class))
          .as(task.getId() + " is a Camunda user task, not a job-based one")
          .isNotNull();
      assertThat(
              task.getSingleExtensionElement(ZeebeAssignmentDefinition.class).getCandidateGroups())
          .as(task.getId())
          .isIn(groups);
      Set<String> listeners =
          task.getChildElementsByType(io.camunda.zeebe.model.bpmn.instance.ExtensionElements.class)
              .stream()
              .flatMap(e -> e.getDomElement().getChildElements().stream())
              .flatMap(e -> e.getChildElements().stream())
              .filter(e -> e.getLocalName().equals("taskListener"))
              .map(e -> e.getAttribute("eventType") + "=" + e.getAttribute("type"))
              .collect(Collectors.toSet());
      assertThat(listeners)
          .as(task.getId() + " feeds the task projection")
          .contains(
              "creating=" + PathwayModel.JobTypes.USER_TASK_CREATED,
              "completing=" + PathwayModel.JobTypes.USER_TASK_COMPLETING,
              "canceling=" + PathwayModel.JobTypes.USER_TASK_CANCELING);
      Set<String> inputs =
          task.getChildElementsByType(io.camunda.zeebe.model.bpmn.instance.ExtensionElements.class)
              .stream()
              .flatMap(e -> e.getChildElementsByType(
                  io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping.class).stream())
              .flatMap(m -> m.getInputs().stream())
              .map(ZeebeInput::getTarget)
              .collect(Collectors.toSet());
      assertThat(inputs)
          .as(task.getId())
          .contains(PathwayModel.Vars.PATIENT_ID, PathwayModel.Vars.DAY_POST_INFUSION);
    }
  }

  @Test
  void everyElementAPersonSeesHasAName() {
    for (FlowNode node : all(FlowNode.class)) {
      assertThat(node.getName()).as(node.getId()).isNotBlank();
    }
  }

  @Test
  void everyCalledProcessExistsAndEveryEscalationIsCaught() {
    Set<String> processes = all(Process.class).stream().map(Process::getId).collect(Collectors.toSet());
    List<io.camunda.zeebe.model.bpmn.instance.CallActivity> calls =
        all(io.camunda.zeebe.model.bpmn.instance.CallActivity.class);
    assertThat(calls).isNotEmpty();
    for (var call : calls) {
      String called =
          call.getSingleExtensionElement(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement.class)
              .getProcessId();
      assertThat(processes).as(call.getId()).contains(called);
    }
    assertThat(org.pathway.ModelConstants.of(PathwayModel.class)).as("process id constants").isEqualTo(processes);
    Set<String> thrown = new TreeSet<>();
    Set<String> caught = new TreeSet<>();
    for (var definition : all(io.camunda.zeebe.model.bpmn.instance.EscalationEventDefinition.class)) {
      String code = definition.getEscalation().getEscalationCode();
      boolean catching = definition.getParentElement() instanceof io.camunda.zeebe.model.bpmn.instance.CatchEvent;
      (catching ? caught : thrown).add(code);
    }
    assertThat(caught).as("escalations caught").containsAll(thrown);
  }

  @Test
  void everyCandidateGroupHasMembers() {
    var yaml = new org.springframework.beans.factory.config.YamlPropertiesFactoryBean();
    yaml.setResources(new org.springframework.core.io.ClassPathResource("application.yml"));
    java.util.Properties config = yaml.getObject();
    for (String group : org.pathway.ModelConstants.of(PathwayModel.CandidateGroups.class)) {
      assertThat(config.getProperty("pathway.security.candidate-groups." + group + "[0]"))
          .as("the roles of candidate group " + group + " in application.yml")
          .isNotBlank();
    }
  }
}
