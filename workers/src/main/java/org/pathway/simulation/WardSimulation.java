package org.pathway.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.pathway.clinical.LabResult;
import org.pathway.clinical.Timeline;
import org.pathway.clinical.TimelineDocument;

/**
 * A simulated ward working a cohort through the running service, over its REST and FHIR API only:
 * patients enrolled after infusion, the ward's vitals rounds and neuro exams charted as they fall
 * due, every task the pathway raises picked up and completed through the task API by a member of
 * its candidate group (late or never, as {@link StaffBehaviour} draws), each draw the nurse makes
 * delivered by the lab as a FHIR transaction after the turnaround. The service's clock is moved on
 * in steps by the {@link SimulationClock}; after each step the open tasks are read as a worklist.
 *
 * <p>Reproducible for a seed up to the service's own timing: the observations and the staff's
 * draws come from each patient's own seeded streams.
 */
public final class WardSimulation {

  /**
   * @param days days post-infusion the last patient infused is followed; every patient is looked
   *     after until then, so the earlier ones for longer
   * @param step how far the clock moves between two looks at the ward
   * @param enrolmentDelay from infusion to enrolment (patients are enrolled after infusion)
   * @param labTurnaround from a draw to its results arriving
   */
  public record Settings(int days, Duration step, Duration enrolmentDelay, Duration labTurnaround) {
    public static Settings of(int days) {
      return new Settings(days, Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(2));
    }
  }

  /** Called after every step with the service's time and the fraction of the run done. */
  public interface Progress {
    void at(Instant now, double done);
  }

  /** One task the simulated staff saw on the worklist, and what became of it. */
  public record SeenTask(
      long key, String elementId, String formId, String patientId, Instant createdAt, Instant dueAt,
      String group, StaffBehaviour.Outcome outcome) {}

  /** What the ward did: posts, tasks seen and their fate, and what the service refused. */
  public static final class Tally {
    public int enrolled;
    public int labResultsDelivered;
    public int vitalsCharted;
    public int neuroExamsCharted;
    public int tasksCompleted;
    public int tasksCompletedLate;
    /** Tasks the service had already closed (cancelled by the pathway) when staff came to them. */
    public int tasksClosedBeforeStaff;
    public final List<SeenTask> seen = new ArrayList<>();
    /** Requests the service refused: each is a defect of the simulation or of the service. */
    public final List<String> refused = new ArrayList<>();
    /** Tasks whose form the simulated staff have no answer for (left open). */
    public final List<String> unanswerable = new ArrayList<>();
  }

  static final String NURSE = "nurse";
  static final String PHYSICIAN = "physician";
  static final String INTEGRATION = "integration";

  /** The demo user who completes a task of a candidate group (the service's candidate-groups). */
  static final Map<String, String> GROUP_MEMBER =
      Map.of("ward-nurses", NURSE, "physicians", PHYSICIAN, "icu-team", PHYSICIAN);

  private final Cohort cohort;
  private final Settings settings;
  private final ServiceClient api;
  private SimulationClock clock;
  private final ObjectMapper json;
  private final StaffBehaviour staff;
  private final ZoneId wardZone;
  private final Map<String, Ward> patients = new LinkedHashMap<>();
  private final PriorityQueue<Scheduled> scheduled =
      new PriorityQueue<>(Comparator.comparing(Scheduled::at).thenComparingLong(Scheduled::order));
  private final Map<Long, SeenTask> seen = new HashMap<>();
  private final Tally tally = new Tally();
  private final Instant end;
  private long order;

  private record Scheduled(Instant at, long order, Runnable action) {}

  /** One patient as the ward sees it: what is charted next, the draws the lab will report. */
  private final class Ward {
    final SimulatedPatient sim;
    final Timeline planned;
    final Instant enrolAt;
    final int followUpDays;
    final SplittableRandom staffDraws;
    final SplittableRandom answers;
    final List<LabResult> baseline = new ArrayList<>();
    final Map<LocalDate, List<LabResult>> daily = new TreeMap<>();
    boolean enrolled;
    boolean refused;
    int nextVitals;
    int nextNeuro;
    int dosesGiven;

    Ward(SimulatedPatient sim, WardObservations observations, Instant end) {
      this.sim = sim;
      this.followUpDays = (int) Math.ceil(Duration.between(sim.patient().infusionAt(), end).toMinutes() / 1440.0);
      this.planned = observations.timeline(sim, followUpDays);
      this.enrolAt = sim.patient().infusionAt().plus(settings.enrolmentDelay());
      SplittableRandom root = new SplittableRandom(sim.observationSeed() ^ 0x5DEECE66DL);
      this.staffDraws = root.split();
      this.answers = root.split();
      for (LabResult r : planned.labs()) {
        if (r.at().isBefore(sim.patient().infusionAt())) {
          baseline.add(r);
        } else {
          daily.computeIfAbsent(r.at().atZone(wardZone).toLocalDate(), d -> new ArrayList<>()).add(r);
        }
      }
    }
  }

  public WardSimulation(Cohort cohort, Settings settings, ServiceClient api, SimulationClock clock, ObjectMapper json) {
    this.cohort = cohort;
    this.settings = settings;
    this.api = api;
    this.clock = clock;
    this.json = json;
    this.staff = cohort.parameters().staff();
    this.wardZone = cohort.parameters().wardZone();
    this.end = cohort.patients().stream().map(p -> p.patient().infusionAt().plus(Duration.ofDays(settings.days())))
        .max(Comparator.naturalOrder()).orElse(clock.now());
    WardObservations observations = new WardObservations(cohort.parameters());
    for (SimulatedPatient p : cohort.patients()) {
      patients.put(p.id(), new Ward(p, observations, end));
    }
  }

  /** When the last patient infused reaches D+days: the run's end. */
  public Instant end() {
    return end;
  }

  /** The whole days after infusion the patient is followed (to the run's end). */
  public int followUpDays(String patientId) {
    return patients.get(patientId).followUpDays;
  }

  /** The patient-days the run follows: each patient from infusion to the run's end. */
  public double patientDays() {
    return patients.values().stream()
        .mapToDouble(w -> Duration.between(w.sim.patient().infusionAt(), end).toMinutes() / 1440.0).sum();
  }

  /** Runs the ward from the service's now until every patient reached D+days. */
  public Tally run(Progress progress) {
    Instant start = clock.now();
    Instant now = start;
    while (true) {
      act(now);
      if (!now.isBefore(end)) {
        return tally;
      }
      clock.advanceTo(now.plus(settings.step()));
      now = clock.now();
      readWorklist();
      progress.at(now, Math.min(1, (double) Duration.between(start, now).toMillis()
          / Math.max(1, Duration.between(start, end).toMillis())));
    }
  }

  /**
   * Runs from the now of {@code clock} until {@code until}, and on with that clock afterwards: the
   * live demo ward catches up on the engine's clock and then follows the wall clock.
   */
  public void runUntil(Instant until, SimulationClock clock) {
    this.clock = clock;
    Instant now = clock.now();
    while (now.isBefore(until)) {
      act(now);
      clock.advanceTo(now.plus(settings.step()));
      now = clock.now();
      readWorklist();
    }
  }

  public Tally tally() {
    return tally;
  }

  private void act(Instant now) {
    for (Ward w : patients.values()) {
      if (!w.enrolled && !w.refused && !w.enrolAt.isAfter(now)) {
        enrol(w);
      }
      if (w.enrolled) {
        chart(w, now);
      }
    }
    while (!scheduled.isEmpty() && !scheduled.peek().at().isAfter(now)) {
      scheduled.poll().action().run();
    }
  }

  private void schedule(Instant at, Runnable action) {
    scheduled.add(new Scheduled(at, order++, action));
  }

  private void enrol(Ward w) {
    ObjectNode body = enrolment(json, w.sim.patient(), w.sim.patient().infusionAt(), w.sim.ward());
    // a refused enrolment is reported and not retried: nothing else is posted for the patient
    w.refused = !call(() -> api.post(PHYSICIAN, "/api/v1/patients", body));
    w.enrolled = !w.refused;
    if (w.enrolled) {
      tally.enrolled++;
    }
  }

  /** The body of POST /api/v1/patients for a simulated patient infused at {@code infusionAt}. */
  public static ObjectNode enrolment(ObjectMapper json, org.pathway.clinical.Patient p, Instant infusionAt, String ward) {
    return json.createObjectNode()
        .put("id", p.id())
        .put("ageYears", p.ageYears())
        .put("weightKg", p.weightKg())
        .put("developmentalDelay", p.developmentalDelay())
        .put("therapyClass", p.therapyClass().name())
        .put("product", p.product())
        .put("indication", p.indication())
        .put("infusionAt", infusionAt.toString())
        .put("immunosuppressed", p.immunosuppressed())
        .put("ward", ward);
  }

  /** The ward's rounds: vitals and neuro exams due by now, charted at their time. */
  private void chart(Ward w, Instant now) {
    ArrayNode vitals = json.createArrayNode();
    List<Timeline.Vitals> planned = w.planned.vitals();
    while (w.nextVitals < planned.size() && !planned.get(w.nextVitals).at().isAfter(now)) {
      Timeline.Vitals v = planned.get(w.nextVitals++);
      if (v.at().isAfter(w.enrolAt) && !v.at().isAfter(end)) {
        TimelineDocument.vitals(vitals.addObject(), v);
      }
    }
    ArrayNode neuro = json.createArrayNode();
    List<Timeline.NeuroExam> exams = w.planned.neuro();
    while (w.nextNeuro < exams.size() && !exams.get(w.nextNeuro).at().isAfter(now)) {
      Timeline.NeuroExam e = exams.get(w.nextNeuro++);
      if (e.at().isAfter(w.enrolAt) && !e.at().isAfter(end)) {
        TimelineDocument.neuro(neuro.addObject(), e);
      }
    }
    String base = "/api/v1/patients/" + w.sim.id();
    if (!vitals.isEmpty() && call(() -> api.post(NURSE, base + "/vitals", json.createObjectNode().set("vitals", vitals)))) {
      tally.vitalsCharted += vitals.size();
    }
    if (!neuro.isEmpty() && call(() -> api.post(NURSE, base + "/neuro", json.createObjectNode().set("neuro", neuro)))) {
      tally.neuroExamsCharted += neuro.size();
    }
  }

  /** The open tasks of the cohort's patients; new ones are picked up (or not) as staff would. */
  private void readWorklist() {
    JsonNode open;
    try {
      open = api.get(PHYSICIAN, "/api/v1/tasks");
    } catch (ServiceClient.Refused e) {
      tally.refused.add(e.getMessage());
      return;
    }
    for (JsonNode t : open) {
      long key = t.path("key").asLong();
      Ward w = patients.get(t.path("patientId").asText());
      if (w == null || seen.containsKey(key)) {
        continue;
      }
      String elementId = t.path("elementId").asText();
      String group = t.path("candidateGroups").path(0).asText();
      Instant created = Instant.parse(t.path("createdAt").asText());
      Instant due = t.path("dueDate").isTextual() ? Instant.parse(t.path("dueDate").asText()) : null;
      StaffBehaviour.Outcome outcome = staff.outcome(staffType(elementId), w.staffDraws);
      SeenTask task = new SeenTask(key, elementId, t.path("formId").asText(null), w.sim.id(), created, due, group, outcome);
      seen.put(key, task);
      tally.seen.add(task);
      if (outcome.forgotten()) {
        continue;
      }
      Instant from = outcome.late() && due != null ? due : created;
      Instant at = from.plus(outcome.delay());
      if (!outcome.late() && due != null) {
        // done on time is done before the due time: at the latest one step before it (and not before
        // it was raised), as the clock moves in steps and runs on a little while each step is worked
        Instant stepBefore = due.minus(settings.step());
        Instant latest = stepBefore.isAfter(created) ? stepBefore : created;
        if (at.isAfter(latest)) {
          at = latest;
        }
      }
      schedule(at, () -> complete(w, task));
    }
  }

  /** The staff behaviour type of a task (StaffBehaviour's names); others behave as its fallback. */
  static String staffType(String elementId) {
    if (elementId.equals("draw-daily-labs")) {
      return "daily-labs";
    }
    if (elementId.contains("vitals")) {
      return "vitals";
    }
    if (elementId.equals("icans-assessment")) {
      return "neuro-exam";
    }
    for (String decision : List.of("review", "decide", "plan", "order", "reassess")) {
      if (elementId.startsWith(decision)) {
        return "review";
      }
    }
    return elementId;
  }

  private void complete(Ward w, SeenTask task) {
    Instant at = clock.now();
    Map<String, Object> answer;
    Runnable afterwards = () -> { };
    if ("draw-daily-labs".equals(task.formId())) {
      // the baseline draw is the one raised at enrolment, on the day of infusion; the daily ones
      // fall on the following days at the ward's draw time
      LocalDate day = task.createdAt().atZone(wardZone).toLocalDate();
      List<LabResult> drawn = day.equals(w.sim.patient().infusionAt().atZone(wardZone).toLocalDate())
          ? w.baseline : w.daily.remove(day);
      answer = new HashMap<>();
      if (drawn == null || drawn.isEmpty()) {
        answer.put("labsDrawn", "NOT_DRAWN");
        answer.put("notDrawnReason", "patient off the ward at draw time (simulated missed draw)");
      } else {
        answer.put("labsDrawn", "DRAWN");
        answer.put("drawnAt", at.atZone(wardZone).toOffsetDateTime().truncatedTo(ChronoUnit.MINUTES).toString());
        Instant drawnAt = at.truncatedTo(ChronoUnit.MINUTES);
        List<LabResult> results = drawn.stream().map(r -> new LabResult(r.loinc(), r.value(), r.unit(), r.low(),
            r.high(), drawnAt, r.status(), r.id(), r.version(), r.comparator())).toList();
        afterwards = () -> schedule(drawnAt.plus(settings.labTurnaround()), () -> deliver(w, results));
      }
    } else {
      answer = task.formId() == null ? Map.of()
          : StaffAnswers.answer(task.formId(), task.elementId(), w.sim, at, w.dosesGiven, w.answers);
      if (task.formId() != null && answer.isEmpty()) {
        tally.unanswerable.add(task.formId() + " (" + task.elementId() + ") for " + w.sim.id());
        return;
      }
    }
    String user = GROUP_MEMBER.getOrDefault(task.group(), PHYSICIAN);
    ObjectNode body = json.createObjectNode();
    body.set("variables", json.valueToTree(answer));
    try {
      api.post(user, "/api/v1/tasks/" + task.key() + "/complete", body);
    } catch (ServiceClient.Refused e) {
      if (e.status() == 409 || e.status() == 404) {
        tally.tasksClosedBeforeStaff++;
      } else {
        tally.refused.add(e.getMessage());
      }
      return;
    }
    tally.tasksCompleted++;
    if (task.dueAt() != null && at.isAfter(task.dueAt())) {
      tally.tasksCompletedLate++;
    }
    if ("give-dose".equals(task.formId()) && "GIVEN".equals(answer.get("doseGiven"))) {
      w.dosesGiven++;
    }
    afterwards.run();
  }

  /** The lab reports a draw: one FHIR transaction of final Observations, as an interface engine sends it. */
  private void deliver(Ward w, List<LabResult> results) {
    ObjectNode bundle = json.createObjectNode().put("resourceType", "Bundle").put("type", "transaction");
    ArrayNode entries = bundle.putArray("entry");
    for (LabResult r : results) {
      ObjectNode obs = json.createObjectNode().put("resourceType", "Observation").put("status", r.status().code());
      obs.putArray("identifier").addObject().put("system", "urn:simulated-lab:result").put("value", r.id());
      obs.putObject("subject").put("reference", "Patient/" + w.sim.id());
      obs.putObject("code").putArray("coding").addObject().put("system", "http://loinc.org").put("code", r.loinc());
      obs.put("effectiveDateTime", r.at().toString());
      obs.set("valueQuantity", quantity(r.value(), r.unit()));
      if (r.low() != null || r.high() != null) {
        ObjectNode range = obs.putArray("referenceRange").addObject();
        if (r.low() != null) {
          range.set("low", quantity(r.low(), r.unit()));
        }
        if (r.high() != null) {
          range.set("high", quantity(r.high(), r.unit()));
        }
      }
      ObjectNode entry = entries.addObject();
      entry.set("resource", obs);
      entry.putObject("request").put("method", "POST").put("url", "Observation");
    }
    if (call(() -> api.post(INTEGRATION, "/api/v1/fhir", bundle, "application/fhir+json"))) {
      tally.labResultsDelivered += results.size();
    }
  }

  private ObjectNode quantity(java.math.BigDecimal value, String unit) {
    return json.createObjectNode().put("value", value).put("unit", unit)
        .put("system", "http://unitsofmeasure.org").put("code", unit);
  }

  /** Runs a call; a refusal is kept in the tally (and reported), never swallowed. */
  private boolean call(Runnable request) {
    try {
      request.run();
      return true;
    } catch (ServiceClient.Refused e) {
      tally.refused.add(e.getMessage());
      return false;
    }
  }
}
