package org.pathway.api;

import org.pathway.model.PathwayModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pathway.api.security.Role;
import org.pathway.api.security.SecurityProperties;
import org.pathway.api.security.WardScope;
import org.pathway.engine.UserTaskCompleter;
import org.pathway.store.AuditLog;
import org.pathway.store.UserTaskRepository;
import org.pathway.store.UserTaskRow;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tasks")
public class TaskController {

  /** The form's submitted variables. */
  public record CompleteTaskRequest(Map<String, Object> variables) {}

  private final UserTaskRepository tasks;
  private final UserTaskCompleter completer;
  private final java.time.Clock clock;
  private final AuditLog audit;
  private final WardScope wards;
  private final SecurityProperties security;
  private final FormSubmissions forms;
  private final com.fasterxml.jackson.databind.ObjectMapper json;
  private final org.pathway.store.PatientRepository patients;

  public TaskController(
      UserTaskRepository tasks,
      UserTaskCompleter completer,
      java.time.Clock clock,
      AuditLog audit,
      WardScope wards,
      SecurityProperties security,
      FormSubmissions forms,
      com.fasterxml.jackson.databind.ObjectMapper json,
      org.pathway.store.PatientRepository patients) {
    this.json = json;
    this.patients = patients;
    this.tasks = tasks;
    this.completer = completer;
    this.clock = clock;
    this.audit = audit;
    this.wards = wards;
    this.security = security;
    this.forms = forms;
  }

  /** Open user tasks of the caller's patients (a nurse's: own wards), sorted by due date. */
  @GetMapping
  public List<Map<String, Object>> open(
      Authentication caller,
      @RequestParam(required = false) String patientId,
      @RequestParam(required = false) String candidateGroup) {
    Map<String, Boolean> reachable = new java.util.HashMap<>(); // one ward lookup per patient
    Map<String, String> wardOf = new java.util.HashMap<>();
    return tasks.findOpen(blankToNull(patientId), blankToNull(candidateGroup)).stream()
        .filter(t -> reachable.computeIfAbsent(t.patientId(), p -> wards.allows(caller, p)))
        .map(t -> {
          Map<String, Object> m = view(t);
          m.put("ward", wardOf.computeIfAbsent(t.patientId(),
              p -> p == null ? null : patients.find(p).map(org.pathway.store.Enrollment::ward).orElse(null)));
          return m;
        })
        .toList();
  }

  /**
   * One task with its form as form-js renders it and the variables the form opens with (the ward
   * app's task page), for whoever may reach its patient.
   */
  @GetMapping("/{key}")
  public Map<String, Object> one(
      Authentication caller, jakarta.servlet.http.HttpServletRequest http, @PathVariable long key)
      throws java.io.IOException {
    UserTaskRow task =
        tasks.find(key).orElseThrow(() -> new ApiProblems.NotFound("no user task with key " + key));
    AuditInterceptor.aboutPatient(http, task.patientId());
    wards.check(caller, task.patientId());
    Map<String, Object> m = view(task);
    m.put("form", task.formId() == null ? null : forms.schema(task.formId()).orElse(null));
    String data = tasks.formData(key).orElse(null);
    m.put("variables", data == null ? Map.of() : json.readValue(data, Map.class));
    return m;
  }

  /** Completes a task for a member of its candidate group who may reach its patient. */
  @PostMapping("/{key}/complete")
  public Map<String, Object> complete(
      Authentication caller,
      jakarta.servlet.http.HttpServletRequest http,
      @PathVariable long key,
      @RequestBody(required = false) CompleteTaskRequest request) {
    UserTaskRow task =
        tasks.find(key).orElseThrow(() -> new ApiProblems.NotFound("no user task with key " + key));
    AuditInterceptor.aboutPatient(http, task.patientId());
    wards.check(caller, task.patientId());
    Set<Role> roles = Role.of(caller);
    boolean member = task.candidateGroups().stream()
        .anyMatch(g -> security.candidateGroups().getOrDefault(g, List.of()).stream().anyMatch(roles::contains));
    if (!member) {
      throw new AccessDeniedException(
          "user task " + key + " (" + task.name() + ") is for " + task.candidateGroups()
              + "; " + caller.getName() + " is not a member");
    }
    if (task.state() != UserTaskRow.State.CREATED) {
      throw new ApiProblems.Conflict(
          "user task " + key + " (" + task.name() + ") is already " + task.state());
    }
    Map<String, Object> submitted =
        request == null || request.variables() == null ? Map.of() : request.variables();
    Map<String, Object> variables =
        task.formId() == null ? submitted : forms.check(task.formId(), submitted);
    completer.complete(key, caller.getName(), variables);
    // a physician's decision (on a suspicion: confirm, refute or alternative cause; on the next
    // dose; on a rechallenge with the patient's goals and risks) is kept with its reason, and what
    // came of a nurse's recontact after a home-monitoring trigger with what was advised
    audit.append(new AuditLog.Event(
        clock.instant(),
        caller.getName(),
        Role.audited(roles),
        "task.completed",
        "user-task/" + key + " (" + task.elementId() + ")",
        task.patientId(),
        "SUCCESS",
        null,
        task.name() + decision(variables)));
    // the completing listener records the same; doing it here lets the caller read its own write
    tasks.end(key, UserTaskRow.State.COMPLETED, clock.instant());
    return view(tasks.find(key).orElseThrow());
  }

  /** The decision fields of a form, as the audit keeps them; empty for other tasks. */
  private static String decision(Map<String, Object> variables) {
    StringBuilder detail = new StringBuilder();
    for (String[] field : DECISION_FIELDS) {
      if (variables.get(field[0]) != null) {
        detail.append(detail.isEmpty() ? ": " : ", ").append(field[1]).append(variables.get(field[0]));
      }
    }
    return detail.toString();
  }

  private static final String[][] DECISION_FIELDS = {
    {PathwayModel.FormKeys.REVIEW_DECISION, ""},
    {PathwayModel.FormKeys.REVIEW_REASON, "reason: "},
    {PathwayModel.FormKeys.DOSING_DECISION, ""},
    {PathwayModel.FormKeys.DOSING_DECISION_REASON, "reason: "},
    {PathwayModel.FormKeys.RECHALLENGE_DECISION, "rechallenge: "},
    {PathwayModel.FormKeys.PATIENT_GOALS, "patient's goals: "},
    {PathwayModel.FormKeys.RECHALLENGE_RISKS, "risks: "},
    {PathwayModel.FormKeys.RECHALLENGE_REASON, "reason: "},
    {PathwayModel.FormKeys.RECONTACT_OUTCOME, "outcome: "},
    {PathwayModel.FormKeys.RECONTACT_NOTE, "advised: "},
  };

  static Map<String, Object> view(UserTaskRow t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", t.userTaskKey());
    m.put("name", t.name());
    m.put("elementId", t.elementId());
    m.put("formId", t.formId());
    m.put("patientId", t.patientId());
    m.put("dayPostInfusion", t.dayPostInfusion());
    m.put("dueDate", t.dueAt() == null ? null : t.dueAt().toString());
    m.put("priority", t.priority());
    m.put("candidateGroups", t.candidateGroups());
    m.put("state", t.state().name());
    m.put("createdAt", t.createdAt().toString());
    m.put("processInstanceKey", t.processInstanceKey());
    return m;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
