package org.pathway.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.pathway.api.ApiProblems;
import org.pathway.api.AuditInterceptor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Requests refused at the door (no or bad credentials: 401; role not allowed: 403; a token while
 * the identity provider cannot be reached to check it: 503) get a problem+json body and an audit
 * entry, like every other request.
 */
final class RefusedRequests implements AuthenticationEntryPoint, AccessDeniedHandler {

  /** Seconds: when to try again after the identity provider could not be reached. */
  private static final String RETRY_AFTER = "5";

  private final AuthenticationEntryPoint challenge;
  private final AuditInterceptor audit;
  private final ObjectMapper json;

  RefusedRequests(AuthenticationEntryPoint challenge, AuditInterceptor audit, ObjectMapper json) {
    this.challenge = challenge;
    this.audit = audit;
    this.json = json;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException, jakarta.servlet.ServletException {
    if (e instanceof IssuerDiscovery.Unreachable) {
      // nothing wrong with the token: no challenge, which would read as one
      response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER);
      // the provider's address stays in the log (IssuerDiscovery): an internal host name is not the
      // caller's business
      refuse(request, response, HttpStatus.SERVICE_UNAVAILABLE,
          "The token cannot be checked now: the identity provider could not be reached; try again");
      return;
    }
    if (e instanceof IssuerDiscovery.Misconfigured) {
      // a deployment error, not the token's: the reason is in the log (IssuerDiscovery)
      refuse(request, response, HttpStatus.SERVICE_UNAVAILABLE, "The token cannot be checked: the identity"
          + " provider's discovery document does not match this service's configuration; the operators are told");
      return;
    }
    // the scheme's challenge header (WWW-Authenticate: Basic, or Bearer with the token's error)
    challenge.commence(request, response, e);
    refuse(request, response, HttpStatus.UNAUTHORIZED, "Authentication is required: " + e.getMessage());
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    refuse(request, response, HttpStatus.FORBIDDEN,
        request.getMethod() + " " + request.getRequestURI() + " is not allowed for your role");
  }

  private void refuse(
      HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    response.setStatus(status.value());
    if (request.getRequestURI().startsWith("/api/")) {
      audit.record(request, response); // before the body commits the response: echoes X-Request-Id
    }
    ApiProblems.write(request, response, json, status, detail);
  }
}
