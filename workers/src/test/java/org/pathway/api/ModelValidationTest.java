package org.pathway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.PathwayTestSupport;
import org.pathway.api.security.Role;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A modeler checks a changed model against the service before deploying it: parse errors, Zeebe's
 * design-time validation, and references to decisions, forms, processes, job types and messages
 * that this service does not have.
 */
class ModelValidationTest extends PathwayTestSupport {

  private static final Path ROOT = Path.of("..");

  private ResponseEntity<Map<String, Object>> check(Role role, String name, String content) {
    return as(role).exchange("/api/v1/models/validate", org.springframework.http.HttpMethod.POST,
        new org.springframework.http.HttpEntity<>(Map.of("name", name, "content", content)), JSON);
  }

  private static String model(String path) throws IOException {
    return Files.readString(ROOT.resolve(path));
  }

  @Test
  void theServicesOwnModelsAreValid() throws IOException {
    for (String path : List.of("bpmn/post-infusion-monitoring.bpmn", "bpmn/iec-hs-workup.bpmn",
        "bpmn/crs-management.bpmn", "dmn/iec-hs-treatment.dmn", "forms/assess-icans.form")) {
      ResponseEntity<Map<String, Object>> r = check(Role.MODELER, path, model(path));
      assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(r.getBody()).as(path).containsEntry("valid", true).containsEntry("problems", List.of());
    }
  }

  @Test
  void aBrokenOrDanglingModelIsExplained() throws IOException {
    String workup = model("bpmn/iec-hs-workup.bpmn")
        .replace("type=\"open-care-episode\"", "type=\"open-episode\"")
        .replace("decisionId=\"iec-hs-treatment\"", "decisionId=\"iec-hs-therapy\"")
        .replace("formId=\"icu-handover\"", "formId=\"icu-hand-over\"");
    Map<String, Object> report = check(Role.MODELER, "bpmn/iec-hs-workup.bpmn", workup).getBody();
    assertThat(report).containsEntry("valid", false);
    assertThat(report.get("problems").toString())
        .contains("open-iec-hs-episode: no worker of this service handles job type open-episode")
        .contains("recommend-iec-hs-treatment: no decision iec-hs-therapy in dmn/")
        .contains("icu-handover: no form icu-hand-over in forms/");

    String brokenDmn = model("dmn/iec-hs-response.dmn").replace("</decisionTable>", "");
    assertThat(check(Role.MODELER, "dmn/iec-hs-response.dmn", brokenDmn).getBody()).containsEntry("valid", false);
    String feelError = model("dmn/iec-hs-response.dmn").replace("min(treatmentLine + 1, 3)", "min(treatmentLine + , 3)");
    assertThat(check(Role.MODELER, "dmn/iec-hs-response.dmn", feelError).getBody().get("problems").toString())
        .containsIgnoringCase("treatmentLine + , 3");

    String form = model("forms/icu-handover.form").replace("\"key\": \"icuHandoverNote\"", "\"key\": \"icuHandoverOutcome\"");
    assertThat(check(Role.MODELER, "forms/icu-handover.form", form).getBody().get("problems").toString())
        .contains("field key icuHandoverOutcome is used twice");
  }

  @Test
  void onlyModelersAndPhysiciansValidateModels() throws IOException {
    String dmn = model("dmn/iec-hs-grade.dmn");
    assertThat(check(Role.NURSE, "dmn/iec-hs-grade.dmn", dmn).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(check(Role.INTEGRATION, "dmn/iec-hs-grade.dmn", dmn).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(check(Role.PHYSICIAN, "dmn/iec-hs-grade.dmn", dmn).getBody()).containsEntry("valid", true);
  }
}
