package org.pathway.api;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pathway.api.security.Role;
import org.pathway.api.security.WardScope;
import org.pathway.notify.OnCallRoster;
import org.pathway.notify.PageAcknowledgements;
import org.pathway.notify.PagingProperties;
import org.pathway.store.AuditLog;
import org.pathway.store.PagingRepository;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Urgent paging: each ward's on-call escalation chain (read by its staff, changed by a manager or
 * physician; stored, the configuration is only the seed) and the acknowledgement of a page by
 * the signed-in physician, who is recorded as the one who acknowledged it.
 */
@RestController
@RequestMapping("/api/v1")
public class PagingController {

  /** The body of PUT /wards/{ward}/on-call: the chain in escalation order. */
  public record OnCallChange(List<PagingProperties.OnCall> chain) {}

  private static final java.util.regex.Pattern WARD = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final OnCallRoster roster;
  private final PagingRepository pages;
  private final PageAcknowledgements acknowledgements;
  private final WardScope wardScope;
  private final AuditLog audit;
  private final Clock clock;

  public PagingController(
      OnCallRoster roster,
      PagingRepository pages,
      PageAcknowledgements acknowledgements,
      WardScope wardScope,
      AuditLog audit,
      Clock clock) {
    this.roster = roster;
    this.pages = pages;
    this.acknowledgements = acknowledgements;
    this.wardScope = wardScope;
    this.audit = audit;
    this.clock = clock;
  }

  @GetMapping("/wards/{ward}/on-call")
  public OnCallRoster.Chain onCall(@PathVariable String ward, Authentication caller) {
    checkWard(ward, caller);
    return roster.chain(ward);
  }

  @PutMapping("/wards/{ward}/on-call")
  public OnCallRoster.Chain changeOnCall(
      @PathVariable String ward,
      @RequestBody OnCallChange change,
      Authentication caller,
      jakarta.servlet.http.HttpServletRequest request) {
    checkWard(ward, caller);
    List<String> problems = OnCallRoster.problems(change == null ? null : change.chain());
    if (!problems.isEmpty()) {
      String first = problems.getFirst();
      int colon = first.indexOf(':');
      throw new ApiProblems.InvalidField(first.substring(0, colon), String.join("; ", problems));
    }
    OnCallRoster.Chain before = roster.chain(ward);
    roster.replace(ward, change.chain(), caller.getName(), clock.instant());
    OnCallRoster.Chain after = roster.chain(ward);
    audit.append(
        new AuditLog.Event(
            clock.instant(),
            caller.getName(),
            Role.audited(Role.of(caller)),
            "on-call.changed",
            "ward/" + ward + "/on-call",
            null,
            "SUCCESS",
            requestId(request),
            "from " + describe(before) + " to " + describe(after)));
    return after;
  }

  /** The page with its delivery attempts (who was paged how, and what failed). */
  @GetMapping("/pages/{pageId}")
  public Map<String, Object> page(@PathVariable String pageId) {
    PagingRepository.Page page =
        pages.find(pageId).orElseThrow(() -> new ApiProblems.NotFound("no page '" + pageId + "'"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("page", page);
    out.put("deliveries", pages.deliveries(pageId));
    return out;
  }

  /**
   * The patient's urgent pages, newest first: where the link in a page leads (the ward app's
   * patient page), a physician sees what is not yet acknowledged and acknowledges it. Ward-scoped
   * like every /patients/{id} endpoint.
   */
  @GetMapping("/patients/{id}/pages")
  public List<PagingRepository.Page> pagesOf(@PathVariable String id) {
    return pages.ofPatient(id);
  }

  /**
   * Acknowledges the page as the signed-in physician (the link in a page carries no token: whoever
   * sees a forwarded e-mail or a gateway log cannot acknowledge in someone's name). Acknowledging
   * again answers with the first acknowledgement.
   */
  @PostMapping("/pages/{pageId}/acknowledge")
  public Map<String, Object> acknowledge(
      @PathVariable String pageId,
      Authentication caller,
      jakarta.servlet.http.HttpServletRequest request) {
    PageAcknowledgements.Acknowledged done =
        acknowledgements
            .acknowledge(pageId, caller.getName(), Role.audited(Role.of(caller)), requestId(request))
            .orElseThrow(() -> new ApiProblems.NotFound("no page '" + pageId + "'"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pageId", pageId);
    out.put("acknowledgedBy", done.page().acknowledgedBy());
    out.put("acknowledgedAt", done.page().acknowledgedAt().toString());
    out.put("alreadyAcknowledged", !done.now());
    return out;
  }

  private static String requestId(jakarta.servlet.http.HttpServletRequest request) {
    return (String) request.getAttribute(AuditInterceptor.REQUEST_ID);
  }

  private void checkWard(String ward, Authentication caller) {
    if (!WARD.matcher(ward).matches()) {
      throw new ApiProblems.InvalidField("/ward", "not a ward id: " + ward);
    }
    wardScope.checkWard(caller, ward);
  }

  private static String describe(OnCallRoster.Chain chain) {
    return chain.source() + " " + chain.people().stream().map(p -> p.role() + " " + p.name()).toList();
  }
}
