package org.pathway.api.security;

import java.util.List;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import org.pathway.api.AuditInterceptor;
import org.springframework.http.HttpHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may call what. Every endpoint names its roles here; anything not named is refused, and only
 * the health endpoint (status only) and the FHIR CapabilityStatement are open. Ward scope and
 * candidate groups are checked per patient and task ({@link WardScope}, the task endpoints).
 */
@Configuration
public class ApiSecurity {

  private static final String NURSE = Role.NURSE.name();
  private static final String PHYSICIAN = Role.PHYSICIAN.name();
  private static final String MANAGER = Role.MANAGER.name();
  private static final String INTEGRATION = Role.INTEGRATION.name();
  private static final String MODELER = Role.MODELER.name();

  @Bean
  SecurityFilterChain api(
      HttpSecurity http,
      SecurityProperties props,
      AuditInterceptor audit,
      ObjectMapper json,
      java.time.Clock clock)
      throws Exception {
    http.csrf(AbstractHttpConfigurer::disable) // no cookies or sessions: nothing to forge
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .headers(h -> h
            .contentSecurityPolicy(c -> c.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
            .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
        .authorizeHttpRequests(a -> a
            .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
            // status only for anonymous callers (probes, the smoke test); details by role
            // (management.endpoint.health.roles)
            .requestMatchers(GET, "/actuator/health", "/actuator/health/**").permitAll()
            // operations signals: the manager already reads the audit trail and reports; meters carry
            // no patient data; /actuator/prometheus is the same meters for a scraper
            .requestMatchers(GET, "/actuator/metrics", "/actuator/metrics/**", "/actuator/prometheus")
                .hasRole(MANAGER)
            // FHIR capability discovery needs no credentials (clients ask before anything else); it
            // describes the interface only, no patient data
            .requestMatchers(GET, "/api/v1/fhir/metadata").permitAll()
            // every method: an unsupported interaction gets FHIR's 404/405, for this role only
            .requestMatchers("/api/v1/fhir", "/api/v1/fhir/**").hasRole(INTEGRATION)
            .requestMatchers(POST, "/api/v1/patients/*/labs").hasAnyRole(INTEGRATION, PHYSICIAN)
            .requestMatchers(POST, "/api/v1/patients").hasRole(PHYSICIAN)
            .requestMatchers(GET, "/api/v1/patients/*/episodes").hasAnyRole(NURSE, PHYSICIAN, MANAGER)
            .requestMatchers(POST, "/api/v1/patients/*/iec-hs/reassessment").hasAnyRole(NURSE, PHYSICIAN)
            .requestMatchers(POST, "/api/v1/patients/*/dosing-cycle/stop").hasRole(PHYSICIAN)
            .requestMatchers(GET, "/api/v1/patients/*", "/api/v1/patients/*/timeline")
                .hasAnyRole(NURSE, PHYSICIAN)
            .requestMatchers(POST, "/api/v1/patients/*/vitals", "/api/v1/patients/*/neuro")
                .hasAnyRole(NURSE, PHYSICIAN)
            // home-monitoring readings: a nurse taking them over the phone, or the home-monitoring
            // platform's interface (reference §12.1)
            .requestMatchers(POST, "/api/v1/patients/*/home-readings").hasAnyRole(NURSE, PHYSICIAN, INTEGRATION)
            .requestMatchers(POST, "/api/v1/patients/*/treatments", "/api/v1/patients/*/findings")
                .hasRole(PHYSICIAN)
            .requestMatchers(GET, "/api/v1/tasks").hasAnyRole(NURSE, PHYSICIAN)
            .requestMatchers(POST, "/api/v1/tasks/*/complete").hasAnyRole(NURSE, PHYSICIAN)
            .requestMatchers(GET, "/api/v1/audit").hasAnyRole(PHYSICIAN, MANAGER)
            .requestMatchers(GET, "/api/v1/reports/compliance").hasAnyRole(MANAGER, PHYSICIAN)
            // urgent paging: the on-call chains (ward-scoped, WardScope) and acknowledging a page
            .requestMatchers(GET, "/api/v1/wards/*/on-call").hasAnyRole(NURSE, PHYSICIAN, MANAGER)
            .requestMatchers(PUT, "/api/v1/wards/*/on-call").hasAnyRole(MANAGER, PHYSICIAN)
            .requestMatchers(GET, "/api/v1/pages/*").hasAnyRole(PHYSICIAN, MANAGER)
            .requestMatchers(POST, "/api/v1/pages/*/acknowledge").hasRole(PHYSICIAN)
            .requestMatchers(POST, "/api/v1/evaluations").hasAnyRole(MODELER, PHYSICIAN)
            .requestMatchers(POST, "/api/v1/models/validate").hasAnyRole(MODELER, PHYSICIAN)
            .anyRequest().denyAll());
    if (props.mode() == SecurityProperties.Mode.OIDC) {
      String issuer = props.oidc().issuerUri();
      if (props.oidc().audience() == null || props.oidc().audience().isBlank()) {
        throw new IllegalStateException(
            "pathway.security.mode=oidc needs the audience tokens for this service carry: set PATHWAY_OIDC_AUDIENCE");
      }
      if (issuer == null || issuer.isBlank()) {
        throw new IllegalStateException(
            "pathway.security.mode=oidc needs the identity provider: set PATHWAY_OIDC_ISSUER_URI");
      }
      JwtAuthenticationConverter tokens = new JwtAuthenticationConverter();
      tokens.setJwtGrantedAuthoritiesConverter(new TokenAuthorities(props.oidc()));
      tokens.setPrincipalClaimName("preferred_username");
      RefusedRequests refused =
          new RefusedRequests(new BearerTokenAuthenticationEntryPoint(), audit, json);
      http.oauth2ResourceServer(o -> o
              // the issuer's keys are looked up on the first token, not at start
              .jwt(j -> j.decoder(decoder(issuer, props.oidc().audience()))
                  .jwtAuthenticationConverter(tokens))
              .authenticationEntryPoint(refused)
              .accessDeniedHandler(refused))
          .exceptionHandling(e -> e.authenticationEntryPoint(refused).accessDeniedHandler(refused));
    } else {
      // the challenge only: Spring's BasicAuthenticationEntryPoint would also commit a bare 401
      AuthenticationEntryPoint basic = (request, response, e) ->
          response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"care-pathway\"");
      RefusedRequests refused = new RefusedRequests(basic, audit, json);
      http.authenticationManager(DemoUsers.authenticationManager(props, clock))
          .httpBasic(b -> b.authenticationEntryPoint(refused))
          .exceptionHandling(e -> e.authenticationEntryPoint(refused).accessDeniedHandler(refused));
    }
    return http.build();
  }

  /** Signature by the issuer's keys, the issuer, the expiry, and this service as the audience. */
  private static NimbusJwtDecoder decoder(String issuer, String audience) {
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
        JwtValidators.createDefaultWithIssuer(issuer),
        new JwtClaimValidator<List<String>>(
            JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience))));
    return decoder;
  }
}
