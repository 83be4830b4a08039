package org.pathway.pathway;

import static org.pathway.model.PathwayModel.Vars.GRADE;
import static org.pathway.model.PathwayModel.Vars.PAGE_DECISION;
import static org.pathway.model.PathwayModel.Vars.PAGE_EVENT;
import static org.pathway.model.PathwayModel.Vars.PAGE_ID;
import static org.pathway.model.PathwayModel.Vars.PATIENT_ID;
import static org.pathway.model.PathwayModel.Vars.REQUESTED_AT;
import static org.pathway.model.PathwayModel.Vars.WARD;
import static org.pathway.model.PathwayModel.Vars.WHAT_HAPPENED;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.util.List;
import org.pathway.model.PathwayModel;
import org.pathway.notify.OnCallRoster;
import org.pathway.notify.PagingProperties;
import org.pathway.store.AuditLog;
import org.pathway.store.PagingRepository;
import org.springframework.stereotype.Component;

/**
 * The page's escalation chain: the ward's on-call chain from the decision's first role on. Records
 * the page (once) and audits it. A ward without a chain is an incident naming the ward: nobody
 * could be paged, and that must be fixed (PUT /api/v1/wards/{ward}/on-call), not retried.
 */
@Component
public class LookUpOnCallWorker {

  public record Chain(
      @JsonProperty(PathwayModel.Vars.ON_CALL_CHAIN) List<PagingProperties.OnCall> onCallChain,
      @JsonProperty(PathwayModel.Vars.CHAIN_LEVEL) int chainLevel,
      @JsonProperty(PathwayModel.Vars.PAGE_ROUND) int pageRound,
      @JsonProperty(PathwayModel.Vars.REPAGE_EVERY) String repageEvery,
      @JsonProperty(PathwayModel.Vars.REPEATS_BEFORE_ESCALATION) int repeatsBeforeEscalation) {}

  private final OnCallRoster roster;
  private final PagingRepository pages;
  private final PagingProperties paging;
  private final AuditLog audit;
  private final Clock clock;

  public LookUpOnCallWorker(
      OnCallRoster roster, PagingRepository pages, PagingProperties paging, AuditLog audit, Clock clock) {
    this.roster = roster;
    this.pages = pages;
    this.paging = paging;
    this.audit = audit;
    this.clock = clock;
  }

  @JobWorker(
      type = PathwayModel.JobTypes.LOOK_UP_ON_CALL,
      fetchVariables = {PAGE_ID, PATIENT_ID, WARD, PAGE_EVENT, GRADE, WHAT_HAPPENED, PAGE_DECISION, REQUESTED_AT})
  public Chain lookUp(ActivatedJob job) {
    JobVariables vars = new JobVariables(job);
    String ward = vars.string(WARD);
    Object firstRole = vars.map(PAGE_DECISION).get("firstRole");
    List<PagingProperties.OnCall> chain = roster.chainFrom(ward, firstRole == null ? "" : firstRole.toString());
    if (chain.isEmpty()) {
      throw vars.dataError(WARD, "'" + ward + "' has no on-call chain (pathway.paging.roster or PUT /api/v1/wards/" + ward + "/on-call)");
    }
    String pageId = vars.string(PAGE_ID);
    String patientId = vars.string(PATIENT_ID);
    String reason = String.valueOf(vars.map(PAGE_DECISION).get("reason"));
    boolean recorded = pages.find(pageId).isPresent();
    pages.recordPage(
        new PagingRepository.Page(
            pageId,
            job.getProcessInstanceKey(),
            patientId,
            ward,
            vars.string(PAGE_EVENT),
            vars.optionalInteger(GRADE),
            reason,
            vars.string(WHAT_HAPPENED),
            vars.instant(REQUESTED_AT),
            null,
            null,
            null));
    if (!recorded) {
      audit.append(
          new AuditLog.Event(
              clock.instant(),
              "pathway",
              null,
              "page.requested",
              "page/" + pageId,
              patientId,
              "SUCCESS",
              "job-" + job.getKey(),
              reason + "; chain " + chain.stream().map(p -> p.role() + " " + p.name()).toList()));
    }
    return new Chain(chain, 1, 1, paging.repageEvery().toString(), paging.repeatsBeforeEscalation());
  }
}
