package org.pathway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.annotation.JobWorker;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledDecision;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListener;
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
import org.pathway.ModelConstants;
import org.pathway.model.ModelValidator;
import org.pathway.model.PathwayModel;
import org.pathway.model.ProcessModelCatalog;
import org.pathway.model.PublishesMessage;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;

/**
 * What the models and the code must agree on. Every deployed model passes the check a modeler's
 * upload gets (ModelValidator: references, user tasks, names, escalations); what is left here looks
 * from the code's side: every worker has a job and one class per type, every form and published
 * message is used, the ids the code names are the models', every candidate group has members.
 */
class ModelCrossCheckTest {

  private static ModelResources resources;
  private static Map<String, BpmnModelInstance> bpmn;
  private static Set<Class<?>> components;
  private static ModelValidator validator;

  @BeforeAll
  static void load() {
    resources = ModelResources.load();
    ProcessModelCatalog catalog = new ProcessModelCatalog(resources);
    bpmn = catalog.models();
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
    ObjectMapper json = new ObjectMapper();
    validator =
        new ModelValidator(resources, new DecisionEvaluator(resources), catalog, json, components);
  }

  private static <T extends org.camunda.bpm.model.xml.instance.ModelElementInstance>
      List<T> all(Class<T> type) {
    return bpmn.values().stream().flatMap(m -> m.getModelElementsByType(type).stream()).toList();
  }

  @Test
  void everyDeployedModelPassesTheModelersCheck() {
    assertThat(resources.all()).isNotEmpty();
    for (ModelResources.Model model : resources.all()) {
      assertThat(validator.validate(model.name(), model.text()).problems()).as(model.name()).isEmpty();
    }
  }

  @Test
  void aBrokenModelFailsTheCheck() {
    String monitoring =
        resources.all().stream()
            .filter(m -> m.name().equals("bpmn/post-infusion-monitoring.bpmn"))
            .findFirst()
            .orElseThrow()
            .text()
            .replace("name=\"Draw daily labs\"", "")
            .replace(
                "<zeebe:assignmentDefinition candidateGroups=\"physicians\" />",
                "<zeebe:assignmentDefinition candidateGroups=\"doctors\" />")
            .replaceFirst(
                "type=\"" + PathwayModel.JobTypes.USER_TASK_CANCELING + "\"", "type=\"task-canceled\"")
            .replaceFirst("target=\"" + PathwayModel.Vars.DAY_POST_INFUSION + "\"", "target=\"day\"");
    String crs =
        resources.all().stream()
            .filter(m -> m.name().equals("bpmn/crs-management.bpmn"))
            .findFirst()
            .orElseThrow()
            .text()
            // the late-onset review's event sub-process no longer catches what is thrown
            .replaceFirst("escalationRef=\"late-onset-crs\"", "escalationRef=\"late-onset-new\"")
            .replace(
                "<bpmn:escalation id=\"late-onset-crs\"",
                "<bpmn:escalation id=\"late-onset-new\" name=\"Late onset\" escalationCode=\"late-onset\" />"
                    + "<bpmn:escalation id=\"late-onset-crs\"");

    assertThat(validator.validate("bpmn/post-infusion-monitoring.bpmn", monitoring).problems())
        .anySatisfy(p -> assertThat(p).isEqualTo("draw-daily-labs: needs a name (Operate, Tasklist and the worklist show it)"))
        .anySatisfy(p -> assertThat(p).startsWith("review-ungraded-crs: candidate group doctors is not one of"))
        .anySatisfy(p -> assertThat(p).isEqualTo("draw-daily-labs: no worker of this service handles job type task-canceled"))
        .anySatisfy(p -> assertThat(p).isEqualTo(
            "draw-daily-labs: needs the canceling task listener user-task-canceling (the worklist)"))
        .anySatisfy(p -> assertThat(p).isEqualTo(
            "draw-daily-labs: needs the input dayPostInfusion (the worklist sorts and filters by it)"));
    assertThat(validator.validate("bpmn/crs-management.bpmn", crs).problems())
        .anySatisfy(p -> assertThat(p).endsWith("no boundary or event sub-process catches escalation late-onset"));
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
    all(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListener.class).forEach(l -> types.add(l.getType()));
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
  void everyWorkerHasAJobAndEveryJobTypeOneWorker() {
    Map<String, Long> workers = jobWorkerTypes();
    assertThat(jobTypesInModels()).isEqualTo(new TreeSet<>(workers.keySet()));
    assertThat(workers).allSatisfy((type, count) -> assertThat(count).as(type).isEqualTo(1L));
    assertThat(ModelConstants.of(PathwayModel.JobTypes.class)).isEqualTo(jobTypesInModels());
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
  void everyFormIsUsed() {
    Set<String> referenced =
        all(UserTask.class).stream()
            .map(t -> t.getSingleExtensionElement(ZeebeFormDefinition.class).getFormId())
            .collect(Collectors.toSet());
    assertThat(referenced).containsAll(resources.ofKind("forms").stream().map(ModelResources.Model::id).toList());
  }

  @Test
  void theDecisionIdsTheCodeNamesAreDecisions() {
    Set<String> called =
        all(BusinessRuleTask.class).stream()
            .map(t -> t.getSingleExtensionElement(ZeebeCalledDecision.class).getDecisionId())
            .collect(Collectors.toSet());
    // the ids the code uses (the pathway and ./pathway evaluate) are one list, each a decision in dmn/
    Set<String> constants = ModelConstants.of(PathwayModel.Decisions.class);
    assertThat(constants).containsAll(called);
    assertThat(new DecisionEvaluator(resources).decisionIds()).containsAll(constants);
  }

  @Test
  void everyPublishedMessageIsWaitedFor() {
    Set<String> waitedFor =
        all(Message.class).stream().map(Message::getName).collect(Collectors.toCollection(TreeSet::new));
    Set<String> published =
        components.stream()
            .map(c -> c.getAnnotation(PublishesMessage.class))
            .filter(java.util.Objects::nonNull)
            .flatMap(p -> Arrays.stream(p.value()))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(published).isEqualTo(waitedFor);
    assertThat(ModelConstants.of(PathwayModel.Messages.class)).isEqualTo(waitedFor);
  }

  @Test
  void theProcessIdsTheCodeNamesAreTheModels() {
    Set<String> processes = all(Process.class).stream().map(Process::getId).collect(Collectors.toSet());
    assertThat(ModelConstants.of(PathwayModel.class)).as("process id constants").isEqualTo(processes);
  }

  @Test
  void everyCandidateGroupHasMembers() {
    assertThat(PathwayModel.CandidateGroups.ALL).isEqualTo(ModelConstants.of(PathwayModel.CandidateGroups.class));
    var yaml = new org.springframework.beans.factory.config.YamlPropertiesFactoryBean();
    yaml.setResources(new org.springframework.core.io.ClassPathResource("application.yml"));
    java.util.Properties config = yaml.getObject();
    for (String group : PathwayModel.CandidateGroups.ALL) {
      assertThat(config.getProperty("pathway.security.candidate-groups." + group + "[0]"))
          .as("the roles of candidate group " + group + " in application.yml")
          .isNotBlank();
    }
  }
}
