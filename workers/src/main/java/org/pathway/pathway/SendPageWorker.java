package org.pathway.pathway;

import static org.pathway.model.PathwayModel.Vars.CHAIN_LEVEL;
import static org.pathway.model.PathwayModel.Vars.GRADE;
import static org.pathway.model.PathwayModel.Vars.ON_CALL_CHAIN;
import static org.pathway.model.PathwayModel.Vars.PAGE_DECISION;
import static org.pathway.model.PathwayModel.Vars.PAGE_EVENT;
import static org.pathway.model.PathwayModel.Vars.PAGE_ID;
import static org.pathway.model.PathwayModel.Vars.PAGE_ROUND;
import static org.pathway.model.PathwayModel.Vars.PATIENT_ID;
import static org.pathway.model.PathwayModel.Vars.PATIENT_LINK;
import static org.pathway.model.PathwayModel.Vars.WARD;
import static org.pathway.model.PathwayModel.Vars.WHAT_HAPPENED;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.pathway.model.PathwayModel;
import org.pathway.notify.PageMessage;
import org.pathway.notify.Pager;
import org.pathway.notify.PagingProperties;
import org.pathway.store.AuditLog;
import org.pathway.store.PagingRepository;
import org.springframework.stereotype.Component;

/**
 * Pages the person at the chain's current level on every channel that reaches them. A page
 * acknowledged meanwhile is not sent. When no channel delivers, the job is retried with back-off
 * (pathway.paging.retry-backoff); on its last retry, or at once when no configured channel reaches
 * the person (no retry can change that), the failure is a BPMN error the process
 * reports and pages on past (re-page, escalate), so a broken gateway cannot stop the escalation.
 * Every paging and every failed attempt is audited.
 */
@Component
public class SendPageWorker {

  /** The error the process catches when no channel delivered the page after the job's retries. */
  static final String NOT_DELIVERED = "page-not-delivered";

  private final Pager pager;
  private final PagingRepository pages;
  private final PagingProperties paging;
  private final AuditLog audit;
  private final Clock clock;

  public SendPageWorker(Pager pager, PagingRepository pages, PagingProperties paging, AuditLog audit, Clock clock) {
    this.pager = pager;
    this.pages = pages;
    this.paging = paging;
    this.audit = audit;
    this.clock = clock;
  }

  @JobWorker(
      type = PathwayModel.JobTypes.SEND_PAGE,
      fetchVariables = {
        PAGE_ID, PATIENT_ID, WARD, PAGE_EVENT, GRADE, WHAT_HAPPENED, PATIENT_LINK, PAGE_DECISION,
        ON_CALL_CHAIN, CHAIN_LEVEL, PAGE_ROUND
      })
  public void send(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String pageId = vars.string(PAGE_ID);
    PagingRepository.Page page =
        pages.find(pageId).orElseThrow(() -> vars.dataError(PAGE_ID, "names no recorded page: " + pageId));
    if (page.acknowledgedAt() != null) {
      return; // acknowledged while this paging was on its way: nothing more is sent
    }
    int level = vars.integer(CHAIN_LEVEL);
    int round = vars.integer(PAGE_ROUND);
    PagingProperties.OnCall recipient = recipient(vars, level);
    PageMessage message =
        new PageMessage(
            pageId,
            page.patientId(),
            page.ward(),
            page.pageEvent(),
            page.grade(),
            page.reason(),
            page.whatHappened(),
            vars.string(PATIENT_LINK),
            paging.acknowledgeLink(pageId),
            level,
            round,
            recipient);
    Pager.Outcome outcome = pager.send(message, job.getElementInstanceKey());
    String who = recipient.role() + " " + recipient.name();
    for (String failure : outcome.failures()) {
      audit(job, page, "page.delivery-failed", "FAILURE", who + ": " + failure);
    }
    if (outcome.deliveredAnywhere()) {
      String action = round > 1 ? "page.repaged" : level > 1 ? "page.escalated" : "page.sent";
      audit(job, page, action, "SUCCESS", who + " by " + outcome.delivered() + " (level " + level + ", page " + round + ")");
      return;
    }
    String problem = "The page did not reach " + who + ": " + String.join("; ", outcome.failures());
    if (job.getRetries() > 1 && !outcome.unreachable()) {
      throw CamundaError.jobError(problem, null, job.getRetries() - 1, paging.retryBackoff());
    }
    throw CamundaError.bpmnError(NOT_DELIVERED, problem);
  }

  @SuppressWarnings("unchecked")
  private static PagingProperties.OnCall recipient(JobVariables vars, int level) {
    if (!(vars.raw(ON_CALL_CHAIN) instanceof List<?> chain) || level < 1 || level > chain.size()) {
      throw vars.dataError(CHAIN_LEVEL, "is not a place in the on-call chain: " + level);
    }
    Map<String, Object> p = (Map<String, Object>) chain.get(level - 1);
    return new PagingProperties.OnCall(
        (String) p.get("role"), (String) p.get("name"), (String) p.get("email"), (String) p.get("pager"));
  }

  private void audit(ActivatedJob job, PagingRepository.Page page, String action, String outcome, String detail) {
    audit.append(
        new AuditLog.Event(
            clock.instant(),
            "pathway",
            null,
            action,
            "page/" + page.pageId(),
            page.patientId(),
            outcome,
            "job-" + job.getKey(),
            detail));
  }
}
