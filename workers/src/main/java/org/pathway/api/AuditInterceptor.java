package org.pathway.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.pathway.store.AuditLog;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every API request is recorded in the audit log with its request id (X-Request-Id, echoed back):
 * who, which operation on which resource and patient, and the outcome. Reads of patient data are
 * recorded like writes.
 */
@Configuration
public class AuditInterceptor implements HandlerInterceptor, WebMvcConfigurer {

  static final String REQUEST_ID = "X-Request-Id";
  static final String ANONYMOUS = "anonymous";

  private final AuditLog audit;
  private final Clock clock;

  public AuditInterceptor(AuditLog audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/api/**");
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    String given = request.getHeader(REQUEST_ID);
    String id = given != null && given.matches("[A-Za-z0-9._-]{1,100}") ? given : UUID.randomUUID().toString();
    request.setAttribute(REQUEST_ID, id);
    response.setHeader(REQUEST_ID, id);
    return true;
  }

  @Override
  public void afterCompletion(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
    Principal principal = request.getUserPrincipal();
    Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    int status = response.getStatus();
    audit.append(new AuditLog.Event(
        clock.instant(),
        principal == null ? ANONYMOUS : principal.getName(),
        null,
        request.getMethod() + " " + (pattern == null ? request.getRequestURI() : pattern),
        request.getRequestURI(),
        patientId(request),
        status < 400 ? "SUCCESS" : status == 401 || status == 403 ? "DENIED" : "FAILURE",
        (String) request.getAttribute(REQUEST_ID),
        "HTTP " + status));
  }

  /** The patient a request is about: the {id} of /patients/{id}/..., or ?patientId=. */
  @SuppressWarnings("unchecked")
  static String patientId(HttpServletRequest request) {
    Map<String, String> vars =
        (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    if (vars != null && vars.containsKey("id") && request.getRequestURI().startsWith("/api/v1/patients/")) {
      return vars.get("id");
    }
    return request.getParameter("patientId");
  }
}
