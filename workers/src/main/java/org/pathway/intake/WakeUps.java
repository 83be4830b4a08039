package org.pathway.intake;

import static org.pathway.model.PathwayModel.Messages.BEDSIDE_OBSERVATIONS_RECEIVED;
import static org.pathway.model.PathwayModel.Messages.DOSING_CYCLE_STOP_REQUESTED;
import static org.pathway.model.PathwayModel.Messages.HOME_READING_RECEIVED;
import static org.pathway.model.PathwayModel.Messages.IEC_HS_REASSESSMENT_REQUESTED;
import static org.pathway.model.PathwayModel.Messages.IEC_HS_WORSENED_DURING_REVIEW;
import static org.pathway.model.PathwayModel.Messages.LAB_RESULTS_RECEIVED;
import static org.pathway.model.PathwayModel.Messages.PAGE_ACKNOWLEDGED;
import static org.pathway.model.PathwayModel.Messages.PAGE_REQUESTED;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.pathway.PathwayProperties;
import org.pathway.model.PathwayModel;
import org.pathway.model.PublishesMessage;
import org.pathway.store.OutboxRepository;
import org.springframework.stereotype.Component;

/**
 * The messages that wake the pathway, and how long each waits in the engine for a process not yet
 * waiting for it. Each is enqueued in the outbox in the caller's transaction (stored data and its
 * wake-up commit together); OutboxPublisher publishes them with {@link #timeToLive}. Those that
 * only say "read what is stored" (lab results, bedside observations) are folded while they wait:
 * one wake-up for all stored before it is published. Those that carry their own content (a reason,
 * a summary, a page, a home reading) are each published.
 */
@Component
@PublishesMessage({
  LAB_RESULTS_RECEIVED,
  BEDSIDE_OBSERVATIONS_RECEIVED,
  HOME_READING_RECEIVED,
  IEC_HS_REASSESSMENT_REQUESTED,
  IEC_HS_WORSENED_DURING_REVIEW,
  DOSING_CYCLE_STOP_REQUESTED,
  PAGE_REQUESTED,
  PAGE_ACKNOWLEDGED
})
public class WakeUps {

  private final OutboxRepository outbox;
  private final ObjectMapper json;

  public WakeUps(OutboxRepository outbox, ObjectMapper json) {
    this.outbox = outbox;
    this.json = json;
  }

  /** A batch of lab results stored for the patient: the suspicion is assessed on them. */
  public void labResults(String patientId, String batchId, Instant at) {
    outbox.enqueue(
        LAB_RESULTS_RECEIVED,
        patientId,
        "labs-" + batchId + "-" + patientId,
        write(Map.of(PathwayModel.Vars.LAB_BATCH_ID, batchId)),
        at);
  }

  /**
   * Bedside observations stored: CRS and ICANS are graded again. A finding (hemophagocytosis) is
   * an input of the IEC-HS suspicion too, which is assessed again.
   */
  public void bedsideObservations(String patientId, boolean findings, Instant at) {
    outbox.enqueue(
        BEDSIDE_OBSERVATIONS_RECEIVED,
        patientId,
        "bedside-" + patientId + "-" + at.toEpochMilli() + "-" + UUID.randomUUID(),
        "{}",
        at);
    if (findings) {
      outbox.enqueue(
          LAB_RESULTS_RECEIVED,
          patientId,
          "findings-" + patientId + "-" + at.toEpochMilli() + "-" + UUID.randomUUID(),
          "{}",
          at);
    }
  }

  /**
   * A home reading stored (its source key names it): the pathway assesses that reading against the
   * §12.1 triggers. One message per reading, never folded into another waiting one; it waits for
   * the pathway as lab results do, so no reading goes unassessed.
   */
  public void homeReading(String patientId, String readingKey, Instant at) {
    outbox.enqueueDistinct(
        HOME_READING_RECEIVED,
        patientId,
        readingKey,
        write(Map.of(PathwayModel.Vars.HOME_READING_KEY, readingKey)),
        at);
  }

  /** A physician asked to reassess the open IEC-HS episode now, for this reason. */
  public void reassessmentRequested(String patientId, String reason, Instant at) {
    outbox.enqueueDistinct(
        IEC_HS_REASSESSMENT_REQUESTED,
        patientId,
        "iec-hs-reassessment-" + patientId + "-" + UUID.randomUUID(),
        write(Map.of(PathwayModel.Vars.REASSESSMENT_REQUEST_REASON, reason)),
        at);
  }

  /**
   * The patient worsened while the review of the IEC-HS suspicion is open: the open review is told
   * (once per element instance of the step that tells it).
   */
  public void worsenedDuringReview(String patientId, String summary, long elementInstanceKey, Instant at) {
    outbox.enqueueDistinct(
        IEC_HS_WORSENED_DURING_REVIEW,
        patientId,
        "iec-hs-worsened-" + elementInstanceKey,
        write(Map.of(PathwayModel.Vars.WORSENING_SUMMARY, summary)),
        at);
  }

  /** A physician stopped the patient's treatment, for this reason: the dosing cycle ends. */
  public void dosingCycleStopRequested(String patientId, String reason, Instant at) {
    outbox.enqueueDistinct(
        DOSING_CYCLE_STOP_REQUESTED,
        patientId,
        "dosing-cycle-stop-" + patientId + "-" + UUID.randomUUID(),
        write(Map.of(PathwayModel.Vars.DOSING_STOP_REASON, reason)),
        at);
  }

  /**
   * A pathway step asks for an urgent page: starts bpmn/urgent-page.bpmn. The page id is the
   * message id (the step's element instance), so a step retried never starts a second page, and
   * the correlation key, so pages of one patient never wait for one another.
   */
  public void pageRequested(String pageId, Map<String, Object> variables, Instant at) {
    outbox.enqueueDistinct(PAGE_REQUESTED, pageId, pageId, write(variables), at);
  }

  /** Someone acknowledged the page: its process stops paging. Enqueued once per page. */
  public void pageAcknowledged(String pageId, String by, Instant at) {
    outbox.enqueueDistinct(
        PAGE_ACKNOWLEDGED,
        pageId,
        "acknowledged-" + pageId,
        write(Map.of(PathwayModel.Vars.ACKNOWLEDGED_BY, by, PathwayModel.Vars.ACKNOWLEDGED_AT, at.toString())),
        at);
  }

  /**
   * Lab results wait for the pathway as configured. Bedside observations wake only what waits for
   * them now (the monitoring pathway; an episode between checks): an episode busy recording its own
   * check must not be woken by that check once it waits again. A worsening tells only a review of
   * the suspicion open now, never one raised later. A stop ends the cycle running now, none started later.
   */
  static Duration timeToLive(String messageName, PathwayProperties.Outbox config) {
    return switch (messageName) {
      case BEDSIDE_OBSERVATIONS_RECEIVED, IEC_HS_WORSENED_DURING_REVIEW, DOSING_CYCLE_STOP_REQUESTED -> Duration.ZERO;
      default -> config.messageTimeToLive();
    };
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
