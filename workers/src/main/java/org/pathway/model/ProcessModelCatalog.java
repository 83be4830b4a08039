package org.pathway.model;

import org.pathway.engine.ModelResources;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** What the deployed BPMN models say about their elements: names and linked forms. */
@Component
public class ProcessModelCatalog {

  /** A flow element of a process, as a worklist names it. */
  public record ElementInfo(String processId, String elementId, String name, String formId) {}

  private final Map<String, ElementInfo> elements = new HashMap<>();
  private final Map<String, BpmnModelInstance> models = new HashMap<>();

  public ProcessModelCatalog(ModelResources resources) {
    for (ModelResources.Model model : resources.ofKind("bpmn")) {
      BpmnModelInstance instance =
          Bpmn.readModelFromStream(new ByteArrayInputStream(model.content()));
      models.put(model.name(), instance);
      for (Process process : instance.getModelElementsByType(Process.class)) {
        for (FlowElement element : instance.getModelElementsByType(FlowElement.class)) {
          String formId =
              element instanceof UserTask task
                  ? Optional.ofNullable(task.getSingleExtensionElement(ZeebeFormDefinition.class))
                      .map(ZeebeFormDefinition::getFormId)
                      .orElse(null)
                  : null;
          elements.put(
              key(process.getId(), element.getId()),
              new ElementInfo(process.getId(), element.getId(), element.getName(), formId));
        }
      }
    }
  }

  public Optional<ElementInfo> element(String processId, String elementId) {
    return Optional.ofNullable(elements.get(key(processId, elementId)));
  }

  /** The parsed models by file name, for the cross-checks. */
  public Map<String, BpmnModelInstance> models() {
    return Map.copyOf(models);
  }

  public List<ElementInfo> elements() {
    return List.copyOf(elements.values());
  }

  private static String key(String processId, String elementId) {
    return processId + "#" + elementId;
  }
}
