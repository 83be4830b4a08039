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

  /** The reference timelines (timelines/reference, shipped in the jar) a modeler grades in the ward app. */
  @org.springframework.web.bind.annotation.GetMapping("/timelines")
  public java.util.List<String> timelines() throws java.io.IOException {
    return java.util.Arrays.stream(REFERENCE.getResources("classpath*:models/timelines/*.json"))
        .map(org.springframework.core.io.Resource::getFilename)
        .sorted()
        .toList();
  }

  /** One reference timeline (iec-timeline/1). */
  @org.springframework.web.bind.annotation.GetMapping(value = "/timelines/{name}", produces = "application/json")
  public String timeline(@org.springframework.web.bind.annotation.PathVariable String name) throws java.io.IOException {
    if (!name.matches("[A-Za-z0-9._-]+\\.json")) {
      throw new ApiProblems.NotFound("no reference timeline " + name);
    }
    var resource = REFERENCE.getResource("classpath:models/timelines/" + name);
    if (!resource.exists()) {
      throw new ApiProblems.NotFound("no reference timeline " + name);
    }
    return resource.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static final org.springframework.core.io.support.PathMatchingResourcePatternResolver REFERENCE =
      new org.springframework.core.io.support.PathMatchingResourcePatternResolver();

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
