package org.pathway.api;

import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pathway.api.security.ApiSecurity;
import org.pathway.api.security.Role;
import org.pathway.api.security.SecurityProperties;
import org.pathway.api.security.WardScope;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * The ward app's server side: the sign-in page, the pages (one shell, app/index.html, whose
 * scripts call the API as the signed-in user) and who is signed in. Who may open which page is
 * ApiSecurity's rule set, the same as the API's; a patient's page is ward-scoped like the patient.
 */
@Controller
public class WardAppController {

  private final SecurityProperties security;
  private final WardScope wards;
  private final AuditInterceptor audit;

  public WardAppController(SecurityProperties security, WardScope wards, AuditInterceptor audit) {
    this.security = security;
    this.wards = wards;
    this.audit = audit;
  }

  @GetMapping({"/worklist", "/tasks/{key}", "/compliance", "/modeler"})
  public String page() {
    return "forward:/app/index.html";
  }

  /** Each role starts at its own work: the worklist, the compliance dashboard, the modeler's page. */
  @GetMapping("/")
  public String start(Authentication caller) {
    Set<Role> roles = Role.of(caller);
    if (roles.contains(Role.NURSE) || roles.contains(Role.PHYSICIAN)) {
      return "redirect:/worklist";
    }
    if (roles.contains(Role.MANAGER)) {
      return "redirect:/compliance";
    }
    return roles.contains(Role.MODELER) ? "redirect:/modeler" : "redirect:/swagger-ui.html";
  }

  /** A nurse opens her own wards' patients only; the refusal is audited as the API's is. */
  @GetMapping("/patients/{id}")
  public Object patient(
      @PathVariable String id, Authentication caller, HttpServletRequest request, HttpServletResponse response) {
    if (wards.allows(caller, id)) {
      return "forward:/app/index.html";
    }
    AuditInterceptor.aboutPatient(request, id);
    response.setStatus(HttpStatus.FORBIDDEN.value());
    AuditInterceptor.requestId(request, response);
    audit.record(request, response);
    return ResponseEntity.status(HttpStatus.FORBIDDEN)
        .contentType(MediaType.TEXT_HTML)
        .body(document("Not your ward", "<main><h1>Not your ward</h1><p>This patient is not on a ward of "
            + HtmlUtils.htmlEscape(caller.getName()) + ".</p><p><a href=\"/\">Back to the worklist</a></p></main>"));
  }

  /** The sign-in page: the demo users in basic mode (a form, not the browser's Basic prompt). */
  @GetMapping(value = ApiSecurity.SIGN_IN, produces = MediaType.TEXT_HTML_VALUE)
  @ResponseBody
  public String signIn(HttpServletRequest request, CsrfToken csrf) {
    StringBuilder body = new StringBuilder("<main class=\"sign-in\"><h1>Post-infusion care pathway</h1>");
    if (security.mode() == SecurityProperties.Mode.OIDC) {
      if (request.getParameter("error") != null) {
        body.append("<p class=\"error\" role=\"alert\">Signing in at the identity provider failed.</p>");
      }
      if (request.getParameter("unavailable") != null) {
        body.append("<p class=\"error\" role=\"alert\">The identity provider is not reachable; try again in a"
            + " moment.</p>");
      }
      if (request.getParameter("signedOut") != null) {
        body.append("<p role=\"status\">You are signed out.</p>");
      }
      body.append(security.oidc().clientId() == null || security.oidc().clientId().isBlank()
          ? "<p>This service takes the identity provider's bearer tokens on its API. The browser sign-in"
              + " needs the ward app's client at the identity provider: set PATHWAY_OIDC_CLIENT_ID and"
              + " PATHWAY_OIDC_CLIENT_SECRET.</p></main>"
          : "<p><a class=\"button\" href=\"/oauth2/authorization/pathway\">Sign in with the hospital's"
              + " identity provider</a></p></main>");
      return document("Sign in", body.toString());
    }
    if (request.getParameter("error") != null) {
      HttpSession session = request.getSession(false);
      Object failure = session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
      body.append("<p class=\"error\" role=\"alert\">")
          .append(failure instanceof LockedException locked
              ? HtmlUtils.htmlEscape(locked.getMessage())
              : "The user name or the password is wrong.")
          .append("</p>");
    }
    if (request.getParameter("signedOut") != null) {
      body.append("<p role=\"status\">You are signed out.</p>");
    }
    body.append("<form method=\"post\" action=\"").append(ApiSecurity.SIGN_IN).append("\">")
        .append("<input type=\"hidden\" name=\"").append(HtmlUtils.htmlEscape(csrf.getParameterName()))
        .append("\" value=\"").append(HtmlUtils.htmlEscape(csrf.getToken())).append("\">")
        .append("<label for=\"username\">User</label>")
        .append("<input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus>")
        .append("<label for=\"password\">Password</label>")
        .append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>")
        .append("<button type=\"submit\">Sign in</button></form>")
        .append("<p class=\"hint\">Demo users: nurse, physician, manager, modeler; the password is"
            + " PATHWAY_DEMO_PASSWORD, or the one <code>./pathway serve</code> logged at start.</p></main>");
    return document("Sign in", body.toString());
  }

  /**
   * Who is signed in: roles, wards and the candidate groups the roles are members of (the rule the
   * task endpoints apply), and for a browser session the CSRF token its writes must carry.
   */
  @GetMapping("/api/v1/me")
  @ResponseBody
  public Map<String, Object> me(
      Authentication caller, HttpServletRequest request, @Parameter(hidden = true) CsrfToken csrf) {
    Set<Role> roles = Role.of(caller);
    Map<String, Object> me = new LinkedHashMap<>();
    me.put("user", caller.getName());
    me.put("roles", roles.stream().map(Role::userName).toList());
    me.put("wards", Role.wardsOf(caller));
    me.put("allWards", roles.contains(Role.PHYSICIAN) || !roles.contains(Role.NURSE));
    List<String> groups = security.candidateGroups().entrySet().stream()
        .filter(g -> g.getValue().stream().anyMatch(roles::contains))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
    me.put("candidateGroups", groups);
    // only a session has a CSRF token: an API call with its own credentials needs none
    if (request.getSession(false) != null) {
      me.put("csrf", Map.of("header", csrf.getHeaderName(), "token", csrf.getToken()));
    }
    me.put("securityMode", security.mode().name().toLowerCase(java.util.Locale.ROOT));
    return me;
  }

  private static String document(String title, String main) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + title + " · Care pathway</title>"
        + "<link rel=\"stylesheet\" href=\"/app/app.css\"></head><body>" + main + "</body></html>";
  }
}
