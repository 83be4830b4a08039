package org.pathway.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.pathway.model.ModelValidator;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** For modelers: check a BPMN, DMN or form file against this service before deploying it. */
@RestController
@RequestMapping("/api/v1/models")
public class ModelController {

  /** One model file: its name (e.g. dmn/iec-hs-grade.dmn) and its text. */
  public record ModelFile(@NotBlank String name, @NotBlank String content) {}

  private final ModelValidator validator;

  public ModelController(ModelValidator validator) {
    this.validator = validator;
  }

  /** 200 with the verdict: valid, the ids it defines, and every problem found. Nothing is deployed. */
  @PostMapping("/validate")
  public java.util.Map<String, Object> validate(@Valid @RequestBody ModelFile file) {
    ModelValidator.Report report = validator.validate(file.name(), file.content());
    java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("name", report.name());
    out.put("kind", report.kind());
    out.put("valid", report.valid());
    out.put("ids", report.ids());
    out.put("problems", report.problems());
    return out;
  }
}
