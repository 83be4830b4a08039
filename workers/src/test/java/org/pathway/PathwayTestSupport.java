package org.pathway;

import static org.awaitility.Awaitility.await;

import io.camunda.zeebe.protocol.record.Record;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.pathway.engine.EmbeddedEngine;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * The whole service on the in-memory engine and in-memory H2, driven over HTTP as a client would.
 * Every test class extending this shares one Spring context (and one engine), so every test uses
 * its own patient ids.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "pathway.engine.embedded-port=0",
      "pathway.outbox.poll-interval=PT0.2S",
      // messages outlive a day here, so an already-assessed message can reach the next day's wait
      "pathway.outbox.message-time-to-live=P2D",
      "pathway.security.demo-password=" + PathwayTestSupport.DEMO_PASSWORD,
      "pathway.jobs.database-retry-backoff=PT1S",
      // nobody acknowledges pages in the shared context: at the default (every 5 min of engine time)
      // each would re-page hundreds of times a day while tests move the clock by days, and the
      // engine's in-memory log outgrew the heap (UrgentPagingProcessTest pages at 5 min in its own)
      "pathway.paging.repage-every=P30D",
      "pathway.security.demo-nurse-wards=H7",
      "spring.datasource.url=jdbc:h2:mem:pathway-process-tests;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"
    })
@org.springframework.context.annotation.Import(DatabaseOutage.Config.class)
// the meters are exported as in production (tests otherwise get no Prometheus registry)
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability(tracing = false)
public abstract class PathwayTestSupport {

  protected static final Duration WAIT = Duration.ofSeconds(20);
  /** How long the engine may take to run what is due: generous, it returns once it is idle. */
  protected static final Duration IDLE = Duration.ofSeconds(30);
  protected static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};
  protected static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST =
      new ParameterizedTypeReference<>() {};

  protected static final String DEMO_PASSWORD = "test-only-demo-password";

  /** Without credentials. */
  @Autowired protected TestRestTemplate anonymous;
  @Autowired protected org.pathway.store.UserTaskRepository userTasks;
  @Autowired protected org.pathway.api.security.SecurityProperties security;

  /** As the physician, who may do everything clinical. */
  protected TestRestTemplate http;

  @org.junit.jupiter.api.BeforeEach
  void signInAsPhysician() {
    http = as(org.pathway.api.security.Role.PHYSICIAN);
  }

  /** As the demo user of the role. */
  protected TestRestTemplate as(org.pathway.api.security.Role role) {
    return anonymous.withBasicAuth(role.userName(), DEMO_PASSWORD);
  }
  @Autowired protected EmbeddedEngine engine;
  @Autowired protected Clock clock;

  protected Instant now() {
    return clock.instant();
  }

  protected Map<String, Object> patient(String id, Instant infusionAt) {
    return new java.util.HashMap<>(
        Map.of(
            "id", id,
            "ageYears", 66,
            "weightKg", 72.0,
            "developmentalDelay", false,
            "therapyClass", "CAR_T",
            "product", "cilta-cel",
            "indication", "MM",
            "infusionAt", infusionAt.toString(),
            "immunosuppressed", false,
            "ward", "H7"));
  }

  protected ResponseEntity<Map<String, Object>> enroll(Map<String, Object> patient) {
    return http.exchange(
        "/api/v1/patients", HttpMethod.POST, new HttpEntity<>(patient), JSON);
  }

  protected List<Map<String, Object>> openTasks(String patientId) {
    return http.exchange(
            "/api/v1/tasks?patientId=" + patientId, HttpMethod.GET, null, JSON_LIST)
        .getBody();
  }

  protected Optional<Map<String, Object>> openTask(String patientId, String elementId) {
    return openTasks(patientId).stream()
        .filter(t -> elementId.equals(t.get("elementId")))
        .findFirst();
  }

  protected Map<String, Object> awaitOpenTask(String patientId, String elementId) {
    try {
      return await()
          .atMost(WAIT)
          .until(() -> openTask(patientId, elementId), Optional::isPresent)
          .orElseThrow();
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "no open task '" + elementId + "' for " + patientId + "; open: " + openTasks(patientId)
              + "; engine incidents: " + incidents() + "; jobs still open: " + openJobs()
              + "; timers pending at " + now() + ": " + pendingTimers(),
          e);
    }
  }

  /** Jobs the engine created and nobody finished yet, for failure messages. */
  protected List<String> openJobs() {
    Map<Long, String> open = new java.util.LinkedHashMap<>();
    records()
        .filter(r -> r.getValueType() == io.camunda.zeebe.protocol.record.ValueType.JOB)
        .filter(r -> r.getRecordType() == io.camunda.zeebe.protocol.record.RecordType.EVENT)
        .forEach(
            r -> {
              var job = (io.camunda.zeebe.protocol.record.value.JobRecordValue) r.getValue();
              switch ((io.camunda.zeebe.protocol.record.intent.JobIntent) r.getIntent()) {
                case CREATED -> open.put(r.getKey(), job.getType() + "@" + job.getElementId());
                case COMPLETED, CANCELED, ERROR_THROWN -> open.remove(r.getKey());
                default -> open.computeIfPresent(r.getKey(), (k, v) -> v + " " + r.getIntent());
              }
            });
    return List.copyOf(open.values());
  }

  /** Timers created and not yet triggered or cancelled, with their due dates. */
  protected List<String> pendingTimers() {
    return pendingTimers(0);
  }

  /** The pending timers of one process instance (any instance: key 0), as element@due. */
  protected List<String> pendingTimers(long processInstanceKey) {
    Map<Long, String> open = new java.util.LinkedHashMap<>();
    records()
        .filter(r -> r.getValueType() == io.camunda.zeebe.protocol.record.ValueType.TIMER)
        .filter(r -> r.getRecordType() == io.camunda.zeebe.protocol.record.RecordType.EVENT)
        .forEach(
            r -> {
              var timer = (io.camunda.zeebe.protocol.record.value.TimerRecordValue) r.getValue();
              if (processInstanceKey != 0 && timer.getProcessInstanceKey() != processInstanceKey) {
                return;
              }
              if (r.getIntent() == io.camunda.zeebe.protocol.record.intent.TimerIntent.CREATED) {
                open.put(r.getKey(), timer.getTargetElementId() + "@" + Instant.ofEpochMilli(timer.getDueDate()));
              } else {
                open.remove(r.getKey());
              }
            });
    return List.copyOf(open.values());
  }

  /** Waits until the process instance waits on a timer of the element; returns when it is due. */
  protected Instant pendingTimerDue(long processInstanceKey, String elementId) {
    String timer = await().atMost(WAIT).until(() -> pendingTimers(processInstanceKey).stream()
        .filter(t -> t.startsWith(elementId + "@")).findFirst(), Optional::isPresent).orElseThrow();
    return Instant.parse(timer.substring(timer.indexOf('@') + 1));
  }

  /**
   * Waits until the process instance waits on a timer of the element, then moves the clock past
   * it: a timer the engine creates after the clock moved would be due from the new time.
   */
  protected void advancePastTimer(long processInstanceKey, String elementId, Duration duration) {
    await()
        .atMost(WAIT)
        .until(
            () -> pendingTimers(processInstanceKey).stream().anyMatch(t -> t.startsWith(elementId + "@")));
    advance(duration);
  }

  /** Incidents the engine raised so far, for failure messages: a stuck pathway says why. */
  protected List<String> incidents() {
    return records()
        .filter(r -> r.getValueType() == io.camunda.zeebe.protocol.record.ValueType.INCIDENT)
        .filter(r -> r.getIntent() == io.camunda.zeebe.protocol.record.intent.IncidentIntent.CREATED)
        .map(r -> (io.camunda.zeebe.protocol.record.value.IncidentRecordValue) r.getValue())
        .map(v -> v.getElementId() + ": " + v.getErrorType() + " " + v.getErrorMessage())
        .toList();
  }

  /** Incidents raised in a process instance or the instances it called, for assertions. */
  protected List<String> incidentsOf(long processInstanceKey) {
    java.util.Set<Long> instances = new java.util.HashSet<>(List.of(processInstanceKey));
    records()
        .filter(r -> r.getValueType() == io.camunda.zeebe.protocol.record.ValueType.PROCESS_INSTANCE)
        .map(r -> (io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue) r.getValue())
        .filter(v -> instances.contains(v.getParentProcessInstanceKey()))
        .forEach(v -> instances.add(v.getProcessInstanceKey()));
    return records()
        .filter(r -> r.getValueType() == io.camunda.zeebe.protocol.record.ValueType.INCIDENT)
        .filter(r -> r.getIntent() == io.camunda.zeebe.protocol.record.intent.IncidentIntent.CREATED)
        .map(r -> (io.camunda.zeebe.protocol.record.value.IncidentRecordValue) r.getValue())
        .filter(v -> instances.contains(v.getProcessInstanceKey()))
        .map(v -> v.getElementId() + ": " + v.getErrorType() + " " + v.getErrorMessage())
        .toList();
  }

  /** Completes the task as the demo user of a role in its candidate group, as Tasklist would. */
  protected ResponseEntity<Map<String, Object>> complete(Object taskKey, Map<String, Object> vars) {
    long key = ((Number) taskKey).longValue();
    List<String> groups = userTasks.find(key).map(t -> t.candidateGroups()).orElse(List.of("physicians"));
    org.pathway.api.security.Role member = groups.stream()
        .flatMap(g -> security.candidateGroups().getOrDefault(g, List.of()).stream())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no role is a member of " + groups));
    return as(member).exchange(
        "/api/v1/tasks/" + taskKey + "/complete",
        HttpMethod.POST,
        new HttpEntity<>(Map.of("variables", vars)),
        JSON);
  }

  /** A variable's latest value in the process instance, as JSON text without quotes for strings. */
  protected String variable(long instance, String name) {
    return records()
        .filter(r -> r.getValueType() == io.camunda.zeebe.protocol.record.ValueType.VARIABLE)
        .map(r -> (io.camunda.zeebe.protocol.record.value.VariableRecordValue) r.getValue())
        .filter(v -> v.getProcessInstanceKey() == instance && v.getName().equals(name))
        .map(io.camunda.zeebe.protocol.record.value.VariableRecordValue::getValue)
        .reduce((a, b) -> b)
        .orElse("");
  }

  /** Posts one bedside entry ({@code kind}: vitals, neuro, treatments, findings) as a nurse's device would. */
  protected void post(String id, String kind, Map<String, Object> entry) {
    ResponseEntity<Map<String, Object>> r =
        http.exchange("/api/v1/patients/" + id + "/" + kind, HttpMethod.POST,
            new HttpEntity<>(Map.of(kind, List.of(entry))), JSON);
    org.assertj.core.api.Assertions.assertThat(r.getStatusCode().is2xxSuccessful()).as(String.valueOf(r.getBody())).isTrue();
  }

  /** Vitals taken now: temperature and oxygen, no hypotension. */
  protected Map<String, Object> vitals(double celsius, String device, Double flow) {
    return vitals(celsius, false, List.of(), device, flow);
  }

  /** Vitals taken now. */
  protected Map<String, Object> vitals(
      double celsius, boolean hypotension, List<String> vasopressors, String device, Double flow) {
    Map<String, Object> oxygen = new java.util.HashMap<>();
    oxygen.put("device", device);
    oxygen.put("flowLpm", flow);
    return vars("at", now().toString(), "temperature", Map.of("value", celsius, "unit", "Cel"),
        "hypotension", hypotension, "vasopressors", vasopressors, "oxygen", oxygen);
  }

  /**
   * The variables a task's form is rendered with (the task's element instance and the scopes
   * above it, innermost first), as the engine holds them.
   */
  protected Map<String, Object> taskVariables(Map<String, Object> task) {
    long taskKey = ((Number) task.get("key")).longValue();
    long elementInstance = records()
        .filter(r -> r.getValueType() == io.camunda.zeebe.protocol.record.ValueType.USER_TASK)
        .filter(r -> r.getKey() == taskKey)
        .map(r -> ((io.camunda.zeebe.protocol.record.value.UserTaskRecordValue) r.getValue()).getElementInstanceKey())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no user task " + taskKey + " in the engine"));
    long processInstance = ((Number) task.get("processInstanceKey")).longValue();
    Map<String, Object> values = new java.util.HashMap<>();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    records()
        .filter(r -> r.getValueType() == io.camunda.zeebe.protocol.record.ValueType.VARIABLE)
        .map(r -> (io.camunda.zeebe.protocol.record.value.VariableRecordValue) r.getValue())
        .filter(v -> v.getScopeKey() == processInstance || v.getScopeKey() == elementInstance)
        // the task's own (local) variables win over the process instance's of the same name
        .sorted(java.util.Comparator.comparing(v -> v.getScopeKey() == elementInstance))
        .forEach(v -> {
          try {
            values.put(v.getName(), json.readValue(v.getValue(), Object.class));
          } catch (java.io.IOException e) {
            throw new AssertionError(v.getValue(), e);
          }
        });
    return values;
  }

  /** Reference TC-07: D0 values and the D+12 values that must raise a suspicion. */
  protected List<Map<String, Object>> tc07Labs(Instant infusion, Instant day12) {
    Instant d0 = infusion.minus(Duration.ofHours(6));
    return List.of(
        lab(d0, "2276-4", 450, "ng/mL", null, 300),
        lab(d0, "1742-6", 30, "U/L", null, 40),
        lab(d0, "3255-7", 320, "mg/dL", 200, null),
        lab(d0, "751-8", 2.1, "10*3/uL", 1.8, 7.7),
        lab(d0, "777-3", 130, "10*3/uL", 150, 400),
        lab(day12, "2276-4", 900, "ng/mL", null, 300),
        lab(day12, "1742-6", 200, "U/L", null, 40),
        lab(day12, "3255-7", 1.5, "g/L", 2.0, null),
        lab(day12, "751-8", 0.4, "10*3/uL", 1.8, 7.7),
        lab(day12, "777-3", 40, "10*3/uL", 150, 400));
  }

  /** A map from alternating keys and values (which may be null, unlike Map.of). */
  protected static Map<String, Object> vars(Object... keyValues) {
    Map<String, Object> m = new java.util.HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  /** Completes the task as a member of its candidate group and requires the server to accept. */
  protected void ok(Object taskKey, Map<String, Object> variables) {
    ResponseEntity<Map<String, Object>> done = complete(taskKey, variables);
    org.assertj.core.api.Assertions.assertThat(done.getStatusCode())
        .as(String.valueOf(done.getBody()))
        .isEqualTo(org.springframework.http.HttpStatus.OK);
  }

  /** What a nurse submits on "Draw daily labs" after drawing them now. */
  protected Map<String, Object> labsDrawn() {
    return Map.of("labsDrawn", "DRAWN", "drawnAt", now().atOffset(java.time.ZoneOffset.UTC).toString());
  }

  protected ResponseEntity<Map<String, Object>> postLabs(
      String patientId, List<Map<String, Object>> labs) {
    return http.exchange(
        "/api/v1/patients/" + patientId + "/labs",
        HttpMethod.POST,
        new HttpEntity<>(Map.of("labs", labs)),
        JSON);
  }

  protected static Map<String, Object> lab(
      Instant at, String loinc, Object value, String unit, Object low, Object high) {
    Map<String, Object> lab = new java.util.HashMap<>();
    lab.put("at", at.toString());
    // the intake requires a result's identity: one result per analyte and time here
    lab.put("id", "urn:test:lab|" + loinc + "@" + at);
    lab.put("loinc", loinc);
    lab.put("value", value);
    lab.put("unit", unit);
    lab.put("low", low);
    lab.put("high", high);
    return lab;
  }

  /** Waits until the process instance has an active timer on the element; returns its due date. */
  protected Instant awaitTimer(long processInstanceKey, String elementId) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                records()
                    .filter(r -> r.getValueType() == io.camunda.zeebe.protocol.record.ValueType.TIMER)
                    .filter(r -> r.getIntent() == io.camunda.zeebe.protocol.record.intent.TimerIntent.CREATED)
                    .map(r -> (io.camunda.zeebe.protocol.record.value.TimerRecordValue) r.getValue())
                    .filter(t -> t.getProcessInstanceKey() == processInstanceKey)
                    .filter(t -> t.getTargetElementId().equals(elementId))
                    .map(t -> Instant.ofEpochMilli(t.getDueDate()))
                    .reduce((a, b) -> b),
            Optional::isPresent)
        .orElseThrow();
  }

  /** How often an element of the process instance has completed (any instance: key 0). */
  protected long completions(long processInstanceKey, String elementId) {
    return records()
        .filter(r -> r.getRecordType() == io.camunda.zeebe.protocol.record.RecordType.EVENT)
        .filter(r -> r.getIntent() == io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent.ELEMENT_COMPLETED)
        .map(r -> (io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue) r.getValue())
        .filter(v -> processInstanceKey == 0 || v.getProcessInstanceKey() == processInstanceKey)
        .filter(v -> v.getElementId().equals(elementId))
        .count();
  }

  protected static long processInstanceKey(ResponseEntity<Map<String, Object>> enrolled) {
    return ((Number) enrolled.getBody().get("processInstanceKey")).longValue();
  }

  /** The process instance a task (as the task API lists it) belongs to. */
  protected static long processInstanceKey(Map<String, Object> task) {
    return ((Number) task.get("processInstanceKey")).longValue();
  }

  /** The patient's care episodes as GET /patients/{id}/episodes lists them, newest first. */
  protected List<Map<String, Object>> episodes(String patientId) {
    return http.exchange("/api/v1/patients/" + patientId + "/episodes", HttpMethod.GET, null, JSON_LIST)
        .getBody();
  }

  /** Moves the engine clock (and so the service's clock) forward and lets due timers fire. */
  protected void advance(Duration duration) {
    engine.increaseTime(duration);
    engine.waitForIdleState(IDLE);
  }

  /**
   * The engine's records so far. The in-memory log can be caught mid-append by a reader (a null
   * buffer); reading again a moment later sees the record whole.
   */
  protected Stream<Record<?>> records() {
    for (int attempt = 1; ; attempt++) {
      try {
        List<Record<?>> read = StreamSupport.stream(engine.records().getRecords().spliterator(), false).toList();
        return read.stream();
      } catch (NullPointerException | IndexOutOfBoundsException e) {
        if (attempt == 5) {
          throw e;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
