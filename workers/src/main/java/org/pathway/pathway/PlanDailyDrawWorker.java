package org.pathway.pathway;

import org.pathway.model.PathwayModel;

import static org.pathway.model.PathwayModel.Vars.*;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.util.HashMap;
import java.util.Map;
import org.pathway.clinical.DrawSchedule;
import org.springframework.stereotype.Component;

/**
 * Plans the next draw of the daily-labs cycle from the enrollment variables. A pure function of the
 * variables: a job delivered twice plans the same draw.
 */
@Component
public class PlanDailyDrawWorker {

  @JobWorker(type = PathwayModel.JobTypes.PLAN_DAILY_DRAW)
  public Map<String, Object> plan(ActivatedJob job) {
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

    Map<String, Object> out = new HashMap<>();
    out.put(DRAW_INDEX, draw.index());
    out.put(DRAW_KIND, draw.kind().name());
    out.put(CYCLE_DAY, draw.dayPostInfusion());
    out.put(DRAW_DUE_AT, draw.dueAt().toString());
    out.put(CYCLE_CLOSES_AT, draw.cycleClosesAt().toString());
    out.put(RESULTS_CHASE_DUE_AT, draw.dueAt().plus(vars.duration(RESULTS_SLA)).toString());
    out.put(MONITORING_COMPLETE, draw.monitoringComplete());
    return out;
  }
}
