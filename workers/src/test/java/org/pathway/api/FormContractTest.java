package org.pathway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Field;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.ConditionExpression;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeOutput;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.clinical.NeuroScores;
import org.pathway.clinical.Timeline;
import org.pathway.engine.ModelResources;
import org.pathway.model.ProcessModelCatalog;
import org.pathway.model.PathwayModel;

/**
 * What every form writes is what the models and workers read: the options a gateway or a decision
 * compares with are the form's options, output mappings read only the form's fields or process
 * variables, and the workers' item lists are the forms'. Every form accepts a submission built from
 * its own fields, and the server checks submissions as Tasklist does.
 */
class FormContractTest {

  private static ModelResources resources;
  private static FormSubmissions forms;
  private static Map<String, BpmnModelInstance> bpmn;
  /** Every form field by key (keys are unique across the forms that share a process). */
  private static Map<String, FormSubmissions.Field> fieldsByKey;

  @BeforeAll
  static void load() {
    resources = ModelResources.load();
    forms = new FormSubmissions(resources, new ObjectMapper());
    bpmn = new ProcessModelCatalog(resources).models();
    fieldsByKey = new HashMap<>();
    for (ModelResources.Model form : resources.ofKind("forms")) {
      forms.fields(form.id()).forEach(f -> fieldsByKey.put(f.key(), f));
    }
  }

  private static Set<String> options(String key) {
    assertThat(fieldsByKey).as("a form field " + key).containsKey(key);
    return fieldsByKey.get(key).options();
  }

  @Test
  void everyFormAcceptsASubmissionBuiltFromItsOwnFields() {
    for (ModelResources.Model form : resources.ofKind("forms")) {
      Map<String, Object> submission = new LinkedHashMap<>();
      for (FormSubmissions.Field f : forms.fields(form.id())) {
        if (!f.displayOnly()) {
          submission.put(f.key(), sample(f));
        }
      }
      // leave out what the form hides for these answers, as form-js does
      for (int round = 0; round < 5; round++) {
        try {
          forms.check(form.id(), submission);
          break;
        } catch (FormSubmissions.Invalid e) {
          e.errors().forEach(x -> {
            assertThat(x.reason()).as(form.id() + x).contains("is hidden");
            submission.remove(x.pointer().substring("/variables/".length()));
          });
        }
      }
      assertThat(forms.check(form.id(), submission)).as(form.id()).isNotEmpty();
    }
  }

  private static Object sample(FormSubmissions.Field f) {
    return switch (f.type()) {
      case "checkbox" -> true;
      case "checklist" -> List.of(f.options().iterator().next());
      case "number" -> f.min() == null ? 1 : f.min();
      case "datetime" -> OffsetDateTime.now().toString();
      default -> f.options().isEmpty() ? "text" : f.options().iterator().next();
    };
  }

  @Test
  void submissionsAreCheckedAsTasklistChecksThem() {
    Map<String, Object> ok = new HashMap<>(Map.of("reviewDecision", "REFUTED", "reviewReason", "sepsis"));
    ok.put("suspicionSummary", "a client's copy of a read-only field");
    assertThat(forms.check("review-suspected-iec-hs", ok))
        .containsOnlyKeys("reviewDecision", "reviewReason"); // read-only values are the process's
    assertThatThrownBy(() -> forms.check("review-suspected-iec-hs",
            Map.of("reviewDecision", "MAYBE", "reviewReason", "x", "patientId", "P-2")))
        .isInstanceOf(FormSubmissions.Invalid.class)
        .hasMessageContaining("/variables/reviewDecision, reason=must be one of [CONFIRMED, REFUTED, ALTERNATIVE_CAUSE], got MAYBE")
        .hasMessageContaining("/variables/patientId, reason=is not a field of form review-suspected-iec-hs");
    assertThatThrownBy(() -> forms.check("review-suspected-iec-hs",
            Map.of("reviewDecision", "CONFIRMED", "reviewReason", "x".repeat(1001), "courseSevere", "yes")))
        .hasMessageContaining("reviewReason, reason=must have at most 1000 characters, got 1001")
        .hasMessageContaining("courseSevere, reason=must be true or false");
    assertThatThrownBy(() -> forms.check("order-iec-hs-treatment",
            Map.of("treatmentOrdered", List.of("ANAKINRA", "ANAKINRA"), "treatmentOrderDetails", "x")))
        .hasMessageContaining("treatmentOrdered, reason=lists ANAKINRA twice");
    assertThatThrownBy(() -> forms.check("order-iec-hs-treatment", Map.of("treatmentOrdered", List.of())))
        .hasMessageContaining("treatmentOrdered, reason=is required")
        .hasMessageContaining("treatmentOrderDetails, reason=is required");
    assertThatThrownBy(() -> forms.check("draw-daily-labs", Map.of("labsDrawn", "DRAWN", "drawnAt", "06:10")))
        .hasMessageContaining("drawnAt, reason=must be a date and time with offset");
  }

  private static final Pattern COMPARISON = Pattern.compile("\\b([A-Za-z]\\w*) = \"([A-Z_]+)\"");

  @Test
  void everyOptionAGatewayComparesWithIsAnOptionOfTheFormField() {
    int compared = 0;
    for (BpmnModelInstance model : bpmn.values()) {
      for (ConditionExpression c : model.getModelElementsByType(ConditionExpression.class)) {
        Matcher m = COMPARISON.matcher(c.getTextContent());
        while (m.find()) {
          if (fieldsByKey.containsKey(m.group(1))) {
            assertThat(options(m.group(1))).as(c.getTextContent()).contains(m.group(2));
            compared++;
          }
        }
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(3);
  }

  @Test
  void everyDecisionColumnThatReadsAFormFieldUsesItsOptions() {
    int columns = 0;
    for (ModelResources.Model model : resources.ofKind("dmn")) {
      DmnModelInstance dmn = Dmn.readModelFromStream(new java.io.ByteArrayInputStream(model.content()));
      for (DecisionTable table : dmn.getModelElementsByType(DecisionTable.class)) {
        List<Input> inputs = List.copyOf(table.getInputs());
        for (int i = 0; i < inputs.size(); i++) {
          String expression = inputs.get(i).getInputExpression().getText().getTextContent().trim();
          if (!fieldsByKey.containsKey(expression) || options(expression).isEmpty()) {
            continue;
          }
          columns++;
          for (Rule rule : table.getRules()) {
            String entry = List.copyOf(rule.getInputEntries()).get(i).getText().getTextContent();
            Matcher literal = Pattern.compile("\"([^\"]*)\"").matcher(entry);
            while (literal.find()) {
              assertThat(options(expression)).as(model.name() + " " + rule.getId()).contains(literal.group(1));
            }
          }
        }
      }
    }
    assertThat(columns).as("columns reading a form field").isPositive();
  }

  private static final Pattern IDENTIFIER = Pattern.compile("\\b([A-Za-z_]\\w*)\\b(?!\\s*[:(])");
  private static final Set<String> FEEL_WORDS = Set.of("null", "true", "false", "if", "then", "else", "and", "or", "not");

  @Test
  void outputMappingsOfUserTasksReadOnlyTheirFormOrProcessVariables() {
    Set<String> processVariables = org.pathway.ModelConstants.of(PathwayModel.Vars.class);
    for (BpmnModelInstance model : bpmn.values()) {
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        String formId = task.getSingleExtensionElement(ZeebeFormDefinition.class).getFormId();
        Set<String> readable = forms.fields(formId).stream().map(FormSubmissions.Field::key)
            .collect(Collectors.toCollection(HashSet::new));
        readable.addAll(processVariables);
        ZeebeIoMapping io = task.getSingleExtensionElement(ZeebeIoMapping.class);
        if (io == null) {
          continue;
        }
        io.getChildElementsByType(ZeebeInput.class).forEach(in -> readable.add(in.getTarget()));
        for (ZeebeOutput out : io.getChildElementsByType(ZeebeOutput.class)) {
          String source = out.getSource().replaceAll("\"[^\"]*\"", "");
          Matcher m = IDENTIFIER.matcher(source);
          while (m.find()) {
            if (!FEEL_WORDS.contains(m.group(1))) {
              assertThat(readable).as(task.getId() + " output " + out.getTarget() + " reads " + m.group(1))
                  .contains(m.group(1));
            }
          }
        }
      }
    }
  }

  @Test
  void theWorkersReadTheItemsTheFormsHave() {
    assertThat(options("iceOrientation")).isEqualTo(NeuroScores.ICE_ORIENTATION);
    assertThat(options("iceNaming")).isEqualTo(NeuroScores.ICE_NAMING);
    for (String item : NeuroScores.CAPD_ITEMS) {
      assertThat(options(item)).as(item).isEqualTo(Set.of("0", "1", "2", "3", "4"));
    }
    // the ICANS assessment becomes a neuro exam of the evaluation contract
    assertThat(options("consciousness")).isEqualTo(names(Timeline.Consciousness.values()));
    assertThat(options("seizure")).isEqualTo(names(Timeline.Seizure.values()));
    assertThat(options("cerebralEdema")).isEqualTo(names(Timeline.CerebralEdema.values()));
    // the review's carHLH organ findings become timeline findings (RecordOrganFindingsWorker)
    for (String key : List.of(PathwayModel.Vars.PULMONARY_EDEMA_GRADE_3_OR_MORE, PathwayModel.Vars.OLIGURIA_GRADE_3_OR_MORE)) {
      assertThat(forms.fields("review-suspected-iec-hs")).as(key).anyMatch(f -> f.key().equals(key));
    }
    for (String item : List.of("infectionWorkup", "relapseWorkup", "hlhPanel", "boneMarrow", "drugReview")) {
      assertThat(options(item + "Outcome")).as(item).contains("WAIVED");
      assertThat(fieldsByKey.get(item + "Details").required()).as(item + "Details").isTrue();
    }
  }

  @Test
  void everyFormKeyTheWorkersReadIsAFormField() {
    assertThat(fieldsByKey.keySet()).containsAll(org.pathway.ModelConstants.of(PathwayModel.FormKeys.class));
  }

  private static Set<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).collect(Collectors.toSet());
  }

}
