package org.pathway.pathway;

import static org.pathway.model.PathwayModel.Vars.CHAIN_LEVEL;
import static org.pathway.model.PathwayModel.Vars.ON_CALL_CHAIN;
import static org.pathway.model.PathwayModel.Vars.PAGE_ID;
import static org.pathway.model.PathwayModel.Vars.PATIENT_ID;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import org.pathway.model.PathwayModel;
import org.pathway.store.AuditLog;
import org.springframework.stereotype.Component;

/**
 * No channel delivered the page to the chain's current person after the job's retries: audited
 * as a failure (the attempts are in the delivery record) and counted for the operators' alerting
 * ({@link #UNDELIVERED}), and the page goes on. No incident: it would stop the escalation here.
 */
@Component
public class ReportUndeliveredPageWorker {

  /** Pagings of a person that no channel delivered (a broken gateway or mail server). */
  public static final String UNDELIVERED = "pathway.pages.undelivered";

  private final AuditLog audit;
  private final Clock clock;
  private final io.micrometer.core.instrument.MeterRegistry meters;

  public ReportUndeliveredPageWorker(AuditLog audit, Clock clock, io.micrometer.core.instrument.MeterRegistry meters) {
    this.audit = audit;
    this.clock = clock;
    this.meters = meters;
  }

  @JobWorker(
      type = PathwayModel.JobTypes.REPORT_UNDELIVERED_PAGE,
      fetchVariables = {PAGE_ID, PATIENT_ID, ON_CALL_CHAIN, CHAIN_LEVEL})
  public void report(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String pageId = vars.string(PAGE_ID);
    meters.counter(UNDELIVERED).increment();
    audit.append(
        new AuditLog.Event(
            clock.instant(),
            "pathway",
            null,
            "page.undelivered",
            "page/" + pageId,
            vars.string(PATIENT_ID),
            "FAILURE",
            "job-" + job.getKey(),
            "No channel delivered the page to chain level " + vars.integer(CHAIN_LEVEL)
                + " after the retries (see the page's deliveries); paging goes on"));
  }
}
