package org.pathway.pathway;

import static org.pathway.model.PathwayModel.Vars.PATIENT_ID;
import static org.pathway.model.PathwayModel.Vars.WORSENING_SUMMARY;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import org.pathway.intake.OutboxPublisher;
import org.pathway.intake.WakeUps;
import org.pathway.model.PathwayModel;
import org.springframework.stereotype.Component;

/**
 * The monitoring pathway's "tell the open review the patient worsened": the worsening goes, through
 * the outbox, to the patient's IEC-HS work-up, whose open review of the suspicion catches it and
 * puts it to a physician. The message lives for no time ({@link WakeUps}): it tells a review open
 * now, never a later one. Enqueued once per element instance.
 */
@Component
public class NotifyOpenIecHsReviewWorker {

  private final WakeUps wakeUps;
  private final OutboxPublisher publisher;
  private final Clock clock;

  public NotifyOpenIecHsReviewWorker(WakeUps wakeUps, OutboxPublisher publisher, Clock clock) {
    this.wakeUps = wakeUps;
    this.publisher = publisher;
    this.clock = clock;
  }

  @JobWorker(
      type = PathwayModel.JobTypes.NOTIFY_OPEN_IEC_HS_REVIEW,
      fetchVariables = {PATIENT_ID, WORSENING_SUMMARY})
  public void notifyReview(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    wakeUps.worsenedDuringReview(
        vars.string(PATIENT_ID), vars.string(WORSENING_SUMMARY), job.getElementInstanceKey(), clock.instant());
    publisher.drainSoon();
  }
}
