package org.pathway.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pathway.api.security.Role;
import org.pathway.store.AuditLog;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
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
  private static final String PATIENT = AuditInterceptor.class.getName() + ".patientId";
  private static final Pattern PATIENT_PATH = Pattern.compile("^/api/v1/patients/([^/]+)");

  private final AuditLog audit;
  private final Clock clock;

  public AuditInterceptor(AuditLog audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    // first, so that requests refused by a later interceptor are recorded too
    registry.addInterceptor(this).addPathPatterns("/api/**").order(Ordered.HIGHEST_PRECEDENCE);
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    requestId(request, response);
    return true;
  }

  @Override
  public void afterCompletion(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
    record(request, response);
  }

  /**
   * Appends the request with its outcome. Also called for requests refused before they reach a
   * controller (unauthenticated, forbidden role), which no interceptor sees.
   */
  public void record(HttpServletRequest request, HttpServletResponse response) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    boolean anonymous = auth == null || auth instanceof AnonymousAuthenticationToken;
    Set<Role> roles = anonymous ? Set.of() : Role.of(auth);
    Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    int status = response.getStatus();
    audit.append(new AuditLog.Event(
        clock.instant(),
        anonymous ? ANONYMOUS : auth.getName(),
        Role.audited(roles),
        request.getMethod() + " " + (pattern == null ? request.getRequestURI() : pattern),
        request.getRequestURI(),
        patientId(request),
        status < 400 ? "SUCCESS" : status == 401 || status == 403 ? "DENIED" : "FAILURE",
        requestId(request, response),
        "HTTP " + status));
  }

  /** The caller's X-Request-Id when it is a plain token, else a new one; echoed back. */
  static String requestId(HttpServletRequest request, HttpServletResponse response) {
    if (request.getAttribute(REQUEST_ID) instanceof String known) {
      return known;
    }
    String given = request.getHeader(REQUEST_ID);
    String id = given != null && given.matches("[A-Za-z0-9._-]{1,100}") ? given : UUID.randomUUID().toString();
    request.setAttribute(REQUEST_ID, id);
    response.setHeader(REQUEST_ID, id);
    return id;
  }

  /** Names the patient of a request whose path does not (a task's patient). */
  static void aboutPatient(HttpServletRequest request, String patientId) {
    request.setAttribute(PATIENT, patientId);
  }

  /** The patient a request is about: as named by the handler, /patients/{id}/..., or ?patientId=. */
  static String patientId(HttpServletRequest request) {
    if (request.getAttribute(PATIENT) instanceof String named) {
      return named;
    }
    Matcher m = PATIENT_PATH.matcher(request.getRequestURI());
    if (m.find()) {
      return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }
    return request.getParameter("patientId");
  }
}
