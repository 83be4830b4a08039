package org.pathway;

import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.pathway.model.ProcessModelCatalog;
import org.pathway.store.OutboxRepository;
import org.pathway.store.UserTaskRepository;
import org.springframework.stereotype.Component;

/**
 * What is waiting, read from the tables when the meters are read: the outbox (messages the engine
 * has not taken yet) and the open user tasks by task type (the BPMN element id: a fixed set from the
 * deployed models, never a patient).
 */
@Component
class OperationsGauges implements MeterBinder {

  static final String OUTBOX_DEPTH = "pathway.outbox.depth";
  static final String OUTBOX_OLDEST_AGE = "pathway.outbox.oldest.age.seconds";
  static final String TASKS_OPEN = "pathway.user.tasks.open";
  static final String TASKS_OVERDUE = "pathway.user.tasks.overdue";

  private final OutboxRepository outbox;
  private final UserTaskRepository tasks;
  private final ProcessModelCatalog catalog;
  private final Clock clock;

  OperationsGauges(
      OutboxRepository outbox, UserTaskRepository tasks, ProcessModelCatalog catalog, Clock clock) {
    this.outbox = outbox;
    this.tasks = tasks;
    this.catalog = catalog;
    this.clock = clock;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder(OUTBOX_DEPTH, outbox::countPending)
        .description("messages stored and not yet confirmed by the engine")
        .register(registry);
    // 0 when nothing waits; a growing age means the engine does not take the wake-ups
    Gauge.builder(OUTBOX_OLDEST_AGE, () -> outbox.oldestPendingSince()
            .map(since -> Duration.between(since, clock.instant()).toSeconds())
            .orElse(0L))
        .baseUnit("seconds")
        .description("how long the oldest waiting message has waited")
        .register(registry);
    for (String elementId : userTaskIds()) {
      Gauge.builder(TASKS_OPEN, () -> tasks.countOpen(elementId))
          .tag("elementId", elementId)
          .description("open user tasks of the type")
          .register(registry);
      Gauge.builder(TASKS_OVERDUE, () -> tasks.countOverdue(elementId, clock.instant()))
          .tag("elementId", elementId)
          .description("open user tasks of the type past their due date")
          .register(registry);
    }
  }

  private Set<String> userTaskIds() {
    Set<String> ids = new TreeSet<>();
    catalog.models().values()
        .forEach(model -> model.getModelElementsByType(UserTask.class).forEach(t -> ids.add(t.getId())));
    return ids;
  }
}
