package org.pathway.pathway;

import static org.pathway.model.PathwayModel.Vars.PAGE_ID;
import static org.pathway.model.PathwayModel.Vars.PATIENT_ID;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import org.pathway.model.PathwayModel;
import org.pathway.store.AuditLog;
import org.pathway.store.PagingRepository;
import org.springframework.stereotype.Component;

/**
 * Everyone in the chain was paged and nobody acknowledged: the page is marked unanswered (the
 * managers' report counts it) and audited; the process pages the last in the chain on.
 */
@Component
public class ReportUnansweredPageWorker {

  private final PagingRepository pages;
  private final AuditLog audit;
  private final Clock clock;

  public ReportUnansweredPageWorker(PagingRepository pages, AuditLog audit, Clock clock) {
    this.pages = pages;
    this.audit = audit;
    this.clock = clock;
  }

  @JobWorker(type = PathwayModel.JobTypes.REPORT_UNANSWERED_PAGE, fetchVariables = {PAGE_ID, PATIENT_ID})
  public void report(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String pageId = vars.string(PAGE_ID);
    pages.markUnanswered(pageId, clock.instant());
    audit.append(
        new AuditLog.Event(
            clock.instant(),
            "pathway",
            null,
            "page.unanswered",
            "page/" + pageId,
            vars.string(PATIENT_ID),
            "FAILURE",
            "job-" + job.getKey(),
            "Nobody in the on-call chain acknowledged the page; the last in the chain is paged on"));
  }
}
