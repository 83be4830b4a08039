package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.pathway.model.PathwayModel.Vars.*;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.pathway.clinical.DrawSchedule;
import org.springframework.stereotype.Component;

/**
 * Plans the next draw of the daily-labs cycle from the enrollment variables. A pure function of the
 * variables: a job delivered twice plans the same draw.
 */
@Component
public class PlanDailyDrawWorker {

  /** The draw's variables; times as ISO-8601 text, as the timers and due dates read them. */
  public record NextDraw(
      @JsonProperty(DRAW_INDEX) int drawIndex,
      @JsonProperty(DRAW_KIND) String drawKind,
      @JsonProperty(CYCLE_DAY) long cycleDay,
      @JsonProperty(DRAW_DUE_AT) String drawDueAt,
      @JsonProperty(CYCLE_CLOSES_AT) String cycleClosesAt,
      // read only by instances started on a process version before 2026-12-02 (its chase task's due
      // date); the model now sets that due date itself. Drop once none of those is running.
      @JsonProperty(RESULTS_CHASE_DUE_AT) String resultsChaseDueAt,
      @JsonProperty(MONITORING_COMPLETE) boolean monitoringComplete) {}

  @JobWorker(type = PathwayModel.JobTypes.PLAN_DAILY_DRAW)
  public NextDraw plan(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    DrawSchedule schedule =
        new DrawSchedule(
            vars.instant(INFUSION_AT),
            vars.instant(ENROLLED_AT),
            vars.integer(MONITORING_DAYS),
            vars.localTime(DAILY_DRAW_TIME),
            vars.zone(WARD_TIME_ZONE));
    Integer previous = vars.optionalInteger(DRAW_INDEX);
    DrawSchedule.Draw draw = schedule.draw(previous == null ? 0 : previous + 1);
    return new NextDraw(
        draw.index(),
        draw.kind().name(),
        draw.dayPostInfusion(),
        draw.dueAt().toString(),
        draw.cycleClosesAt().toString(),
        draw.dueAt().plus(vars.duration(RESULTS_SLA)).toString(),
        draw.monitoringComplete());
  }
}
