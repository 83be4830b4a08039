package org.pathway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.pathway.engine.ModelResources;
import org.pathway.clinical.InputError;
import org.springframework.stereotype.Component;

/**
 * Checks what a client submits to complete a user task against the task's Camunda Form, as
 * Tasklist checks it in the browser: only the form's fields, required ones present, values among
 * the options and within the ranges, hidden fields (the form's own FEEL conditions) left out.
 * Display-only fields (read-only, computed expressions) are dropped: the process, not the client,
 * owns those values.
 */
@Component
public class FormSubmissions {

  /** The submission did not pass the form's validation. */
  public static final class Invalid extends RuntimeException {
    private final List<InputError> errors;

    Invalid(String formId, List<InputError> errors) {
      super("the submission does not fit form " + formId + ": " + errors);
      this.errors = errors;
    }

    public List<InputError> errors() {
      return errors;
    }
  }

  record Field(
      String key,
      String type,
      String label,
      boolean required,
      boolean displayOnly,
      String hide,
      Set<String> options,
      BigDecimal min,
      BigDecimal max,
      Integer minLength,
      Integer maxLength) {}

  private static final Set<String> OPTION_TYPES = Set.of("radio", "select", "checklist", "taglist");

  private final Map<String, List<Field>> forms = new HashMap<>();
  private final Map<String, JsonNode> schemas = new HashMap<>();
  private final FeelEngineApi feel = FeelEngineBuilder.create().build();

  public FormSubmissions(ModelResources models, ObjectMapper json) {
    for (ModelResources.Model form : models.ofKind("forms")) {
      try {
        JsonNode doc = json.readTree(form.content());
        List<Field> fields = new ArrayList<>();
        collect(doc.path("components"), fields);
        forms.put(doc.path("id").asText(), List.copyOf(fields));
        schemas.put(doc.path("id").asText(), doc);
      } catch (IOException e) {
        throw new IllegalStateException(form.name() + " is not JSON", e);
      }
    }
  }

  /** The deployed form as form-js renders it (the ward app's task page). */
  public Optional<JsonNode> schema(String formId) {
    return Optional.ofNullable(schemas.get(formId)).map(JsonNode::deepCopy);
  }

  /** The form's fields that hold a value, in form order. */
  List<Field> fields(String formId) {
    return Optional.ofNullable(forms.get(formId))
        .orElseThrow(() -> new IllegalStateException("no form " + formId));
  }

  /**
   * The variables to complete the task with: the submission without display-only fields. Throws
   * {@link Invalid} naming every field that is wrong (JSON pointers into the request body).
   */
  public Map<String, Object> check(String formId, Map<String, Object> submitted) {
    List<Field> fields = fields(formId);
    Map<String, Field> byKey = new LinkedHashMap<>();
    fields.forEach(f -> byKey.put(f.key(), f));
    List<InputError> errors = new ArrayList<>();
    for (String key : submitted.keySet()) {
      if (!byKey.containsKey(key)) {
        errors.add(new InputError(pointer(key), "is not a field of form " + formId));
      }
    }
    Map<String, Object> accepted = new LinkedHashMap<>();
    for (Field field : fields) {
      Object value = submitted.get(field.key());
      if (field.displayOnly()) {
        continue;
      }
      if (hidden(field, submitted)) {
        if (value != null) {
          errors.add(
              new InputError(
                  pointer(field.key()),
                  "is hidden in this form when " + field.hide().substring(1) + "; leave it out"));
        }
        continue;
      }
      Optional<String> problem = problem(field, value);
      if (problem.isPresent()) {
        errors.add(new InputError(pointer(field.key()), problem.get()));
      } else if (value != null) {
        accepted.put(field.key(), value);
      }
    }
    if (!errors.isEmpty()) {
      throw new Invalid(formId, errors);
    }
    return accepted;
  }

  private boolean hidden(Field field, Map<String, Object> submitted) {
    if (field.hide() == null) {
      return false;
    }
    EvaluationResult result =
        feel.evaluateExpression(field.hide().substring(field.hide().startsWith("=") ? 1 : 0), submitted);
    return result.isSuccess() && Boolean.TRUE.equals(result.result());
  }

  private static Optional<String> problem(Field f, Object value) {
    boolean empty =
        value == null
            || (value instanceof String s && s.isBlank())
            || (value instanceof List<?> l && l.isEmpty());
    if (empty) {
      return f.required() ? Optional.of("is required (" + f.label() + ")") : Optional.empty();
    }
    switch (f.type()) {
      case "checkbox" -> {
        if (!(value instanceof Boolean)) {
          return Optional.of("must be true or false");
        }
      }
      case "number" -> {
        if (!(value instanceof Number n)) {
          return Optional.of("must be a number");
        }
        BigDecimal v = new BigDecimal(n.toString());
        if (f.min() != null && v.compareTo(f.min()) < 0) {
          return Optional.of("must be at least " + f.min().toPlainString() + ", got " + n);
        }
        if (f.max() != null && v.compareTo(f.max()) > 0) {
          return Optional.of("must be at most " + f.max().toPlainString() + ", got " + n);
        }
      }
      case "datetime" -> {
        try {
          OffsetDateTime.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
          return Optional.of("must be a date and time with offset, e.g. 2026-11-21T06:10:00+01:00");
        }
      }
      case "checklist", "taglist" -> {
        if (!(value instanceof List<?> list)) {
          return Optional.of("must be a list of: " + f.options());
        }
        Set<Object> seen = new HashSet<>();
        for (Object item : list) {
          if (!f.options().contains(String.valueOf(item))) {
            return Optional.of("has " + item + ", which is not one of " + f.options());
          }
          if (!seen.add(item)) {
            return Optional.of("lists " + item + " twice");
          }
        }
      }
      default -> {
        if (!(value instanceof String s)) {
          return Optional.of("must be text");
        }
        if (!f.options().isEmpty() && !f.options().contains(s)) {
          return Optional.of("must be one of " + f.options() + ", got " + s);
        }
        if (f.minLength() != null && s.length() < f.minLength()) {
          return Optional.of("must have at least " + f.minLength() + " characters");
        }
        if (f.maxLength() != null && s.length() > f.maxLength()) {
          return Optional.of("must have at most " + f.maxLength() + " characters, got " + s.length());
        }
      }
    }
    return Optional.empty();
  }

  private static void collect(JsonNode components, List<Field> into) {
    for (JsonNode c : components) {
      if (c.has("components")) { // groups and dynamic lists nest their fields
        collect(c.path("components"), into);
      }
      if (!c.hasNonNull("key")) {
        continue;
      }
      String type = c.path("type").asText();
      JsonNode validate = c.path("validate");
      Set<String> options = new java.util.LinkedHashSet<>();
      if (OPTION_TYPES.contains(type)) {
        c.path("values").forEach(v -> options.add(v.path("value").asText()));
      }
      into.add(
          new Field(
              c.path("key").asText(),
              type,
              c.path("label").asText(c.path("key").asText()),
              validate.path("required").asBoolean(false),
              c.path("readonly").asBoolean(false) || "expression".equals(type),
              c.hasNonNull("conditional") ? c.path("conditional").path("hide").asText(null) : null,
              java.util.Collections.unmodifiableSet(options),
              validate.hasNonNull("min") ? validate.get("min").decimalValue() : null,
              validate.hasNonNull("max") ? validate.get("max").decimalValue() : null,
              validate.hasNonNull("minLength") ? validate.get("minLength").asInt() : null,
              validate.hasNonNull("maxLength") ? validate.get("maxLength").asInt() : null));
    }
  }

  private static String pointer(String key) {
    return "/variables/" + key.replace("~", "~0").replace("/", "~1");
  }
}
