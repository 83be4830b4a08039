package org.pathway.pathway;

import static org.pathway.model.PathwayModel.Vars.GRADE;
import static org.pathway.model.PathwayModel.Vars.PAGE_EVENT;
import static org.pathway.model.PathwayModel.Vars.PAGE_ID;
import static org.pathway.model.PathwayModel.Vars.PATIENT_ID;
import static org.pathway.model.PathwayModel.Vars.PATIENT_LINK;
import static org.pathway.model.PathwayModel.Vars.PREVIOUS_GRADE;
import static org.pathway.model.PathwayModel.Vars.REQUESTED_AT;
import static org.pathway.model.PathwayModel.Vars.WARD;
import static org.pathway.model.PathwayModel.Vars.WHAT_HAPPENED;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.pathway.intake.OutboxPublisher;
import org.pathway.intake.WakeUps;
import org.pathway.model.PathwayModel;
import org.pathway.notify.PagingProperties;
import org.springframework.stereotype.Component;

/**
 * A pathway step's "page the on-call clinician" (a message throw event): starts an urgent page
 * (bpmn/urgent-page.bpmn, which decides whether it pages) with the patient, ward, what happened and
 * a link to the patient in the ward app. The page id comes from the step's element instance, so a
 * retried step never pages twice. The step gives pageEvent, grade (or null), previousGrade (or
 * null) and whatHappened as its inputs.
 */
@Component
public class RequestPageWorker {

  private final WakeUps wakeUps;
  private final OutboxPublisher publisher;
  private final PagingProperties paging;
  private final Clock clock;

  public RequestPageWorker(WakeUps wakeUps, OutboxPublisher publisher, PagingProperties paging, Clock clock) {
    this.wakeUps = wakeUps;
    this.publisher = publisher;
    this.paging = paging;
    this.clock = clock;
  }

  @JobWorker(
      type = PathwayModel.JobTypes.REQUEST_PAGE,
      fetchVariables = {PATIENT_ID, WARD, PAGE_EVENT, GRADE, PREVIOUS_GRADE, WHAT_HAPPENED})
  public void requestPage(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String pageId = pageId(job.getElementInstanceKey());
    String patientId = vars.string(PATIENT_ID);
    Instant now = clock.instant();
    Map<String, Object> page = new HashMap<>();
    page.put(PAGE_ID, pageId);
    page.put(PATIENT_ID, patientId);
    page.put(WARD, vars.string(WARD));
    page.put(PAGE_EVENT, vars.string(PAGE_EVENT));
    page.put(GRADE, vars.optionalInteger(GRADE));
    page.put(PREVIOUS_GRADE, vars.optionalInteger(PREVIOUS_GRADE));
    page.put(WHAT_HAPPENED, vars.string(WHAT_HAPPENED));
    page.put(PATIENT_LINK, paging.patientLink(patientId));
    page.put(REQUESTED_AT, now.toString());
    wakeUps.pageRequested(pageId, page, now);
    publisher.drainSoon();
  }

  static String pageId(long elementInstanceKey) {
    return "page-" + elementInstanceKey;
  }
}
