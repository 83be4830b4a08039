package org.pathway.api.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import org.pathway.store.PatientRepository;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Nurses reach the patients of their own wards only; physicians reach every ward. Applied to every
 * /patients/{id} endpoint here, and by the task endpoints to each task's patient.
 */
@Configuration
public class WardScope implements HandlerInterceptor, WebMvcConfigurer {

  private final PatientRepository patients;

  public WardScope(PatientRepository patients) {
    this.patients = patients;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/api/v1/patients/*", "/api/v1/patients/*/**");
  }

  /** Whether the caller may see or act on this patient; unknown patients are the caller's 404. */
  public boolean allows(Authentication caller, String patientId) {
    if (reachesEveryWard(caller)) {
      return true;
    }
    Set<String> wards = Role.wardsOf(caller);
    return patients.find(patientId).map(e -> wards.contains(e.ward())).orElse(true);
  }

  /** Whether the caller may see or act on this ward (its on-call chain). */
  public boolean allowsWard(Authentication caller, String ward) {
    return reachesEveryWard(caller) || Role.wardsOf(caller).contains(ward);
  }

  private static boolean reachesEveryWard(Authentication caller) {
    Set<Role> roles = Role.of(caller);
    return !roles.contains(Role.NURSE) || roles.contains(Role.PHYSICIAN);
  }

  /** Throws when the caller may not reach the ward: a 403, recorded in the audit log. */
  public void checkWard(Authentication caller, String ward) {
    if (!allowsWard(caller, ward)) {
      throw new AccessDeniedException(
          "ward '" + ward + "' is not a ward of " + caller.getName() + " (wards " + Role.wardsOf(caller) + ")");
    }
  }

  /** Throws when the caller may not reach the patient: a 403, recorded in the audit log. */
  public void check(Authentication caller, String patientId) {
    if (!allows(caller, patientId)) {
      throw new AccessDeniedException(
          "patient '" + patientId + "' is not on a ward of " + caller.getName()
              + " (wards " + Role.wardsOf(caller) + ")");
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    Map<String, String> vars =
        (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    if (vars != null && vars.get("id") != null) {
      check(SecurityContextHolder.getContext().getAuthentication(), vars.get("id"));
    }
    return true;
  }
}
