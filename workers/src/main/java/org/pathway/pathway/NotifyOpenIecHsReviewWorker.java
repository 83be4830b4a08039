package org.pathway.pathway;

import static org.pathway.model.PathwayModel.Vars.PATIENT_ID;
import static org.pathway.model.PathwayModel.Vars.WORSENING_SUMMARY;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.util.Map;
import org.pathway.intake.OutboxPublisher;
import org.pathway.model.PathwayModel;
import org.pathway.model.PublishesMessage;
import org.pathway.store.OutboxRepository;
import org.springframework.stereotype.Component;

/**
 * The monitoring pathway's "tell the open review the patient worsened": the worsening goes, through
 * the outbox, to the patient's IEC-HS work-up, whose open review of the suspicion catches it and
 * puts it to a physician. The message lives for no time (OutboxPublisher): it tells a review open
 * now, never a later one. Enqueued once per element instance.
 */
@Component
@PublishesMessage(PathwayModel.Messages.IEC_HS_WORSENED_DURING_REVIEW)
public class NotifyOpenIecHsReviewWorker {

  private final OutboxRepository outbox;
  private final OutboxPublisher publisher;
  private final ObjectMapper json;
  private final Clock clock;

  public NotifyOpenIecHsReviewWorker(
      OutboxRepository outbox, OutboxPublisher publisher, ObjectMapper json, Clock clock) {
    this.outbox = outbox;
    this.publisher = publisher;
    this.json = json;
    this.clock = clock;
  }

  @JobWorker(
      type = PathwayModel.JobTypes.NOTIFY_OPEN_IEC_HS_REVIEW,
      fetchVariables = {PATIENT_ID, WORSENING_SUMMARY})
  public void notifyReview(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    outbox.enqueue(
        PathwayModel.Messages.IEC_HS_WORSENED_DURING_REVIEW,
        vars.string(PATIENT_ID),
        "iec-hs-worsened-" + job.getElementInstanceKey(),
        json.valueToTree(Map.of(WORSENING_SUMMARY, vars.string(WORSENING_SUMMARY))).toString(),
        clock.instant());
    publisher.drainSoon();
  }
}
