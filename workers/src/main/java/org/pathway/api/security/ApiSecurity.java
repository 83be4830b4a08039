package org.pathway.api.security;

import com.nimbusds.jose.KeySourceException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.pathway.api.AuditInterceptor;
import org.springframework.http.HttpHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

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

  /** The API's answers render nothing: no source of anything. */
  static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

  /**
   * The ward app's pages: scripts, styles, fonts and calls from this service only (no inline
   * script or style element, no CDN); form-js draws some icons as data: images.
   */
  static final String APP_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none';"
      + " base-uri 'none'; form-action 'self'; frame-ancestors 'none';";

  /**
   * Swagger UI (springdoc's swagger-ui 5.30.1) sets one inline style of its own: that style by its
   * hash, nothing else inline. WardAppBrowserTest fails on any CSP violation, so a new Swagger UI
   * whose style differs shows here.
   */
  static final String SWAGGER_UI_POLICY = APP_POLICY
      + " style-src 'self' 'unsafe-hashes' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w=';";

  /** The ward app's sign-in page (WardAppController). */
  public static final String SIGN_IN = "/login";

  /** The header the ward app sends with its calls: no Basic challenge (no browser prompt) then. */
  public static final String APP_CALL_HEADER = "X-Requested-With";

  /**
   * The ward app's login checks ID tokens with the decoders of this bean (Spring's login looks it up
   * by type): the provider's keys read within a timeout. Unused with HTTP Basic.
   */
  @Bean
  org.springframework.security.oauth2.jwt.JwtDecoderFactory<
          org.springframework.security.oauth2.client.registration.ClientRegistration> idTokenDecoders() {
    return BrowserSignIn.idTokens();
  }

  @Bean
  SecurityFilterChain api(
      HttpSecurity http,
      SecurityProperties props,
      AuditInterceptor audit,
      ObjectMapper json,
      java.time.Clock clock)
      throws Exception {
    // API callers send their credentials with every request (Basic or a bearer token) and get no
    // session; the ward app's browser signs in once and is known by its session cookie, so only a
    // request riding on a session (or signing in) must carry the session's CSRF token
    http.csrf(c -> c.requireCsrfProtectionMatcher(ApiSecurity::browserWrite))
        // a session only from the sign-in page (its CSRF token), never for an API call
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
        // only a page asked for before signing in is returned to after it: an API call gets no session
        .requestCache(c -> c.requestCache(pageRequests()))
        .headers(h -> h
            .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                ApiSecurity::api, new ContentSecurityPolicyHeaderWriter(API_POLICY)))
            .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                r -> !api(r) && !swaggerUi(r), new ContentSecurityPolicyHeaderWriter(APP_POLICY)))
            .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                ApiSecurity::swaggerUi, new ContentSecurityPolicyHeaderWriter(SWAGGER_UI_POLICY)))
            .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
        .authorizeHttpRequests(ApiSecurity::rules);
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
      TokenAuthorities authorities = new TokenAuthorities(props.oidc());
      JwtAuthenticationConverter tokens = new JwtAuthenticationConverter();
      tokens.setJwtGrantedAuthoritiesConverter(authorities);
      tokens.setPrincipalClaimName("preferred_username");
      IssuerDiscovery discovery = new IssuerDiscovery(props.oidc());
      JwtDecoder decoder = decoder(discovery, issuer, props.oidc().audience());
      RefusedRequests refused =
          new RefusedRequests(new BearerTokenAuthenticationEntryPoint(), audit, json);
      http.oauth2ResourceServer(o -> o
              // the issuer's keys are looked up on the first token, not at start
              .jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(tokens))
              .authenticationEntryPoint(refused)
              .accessDeniedHandler(refused));
      boolean browser = BrowserSignIn.configured(props.oidc());
      if (browser) {
        // the ward app: the authorization-code login, its user's rights from the access token
        ClientRegistrationRepository registrations = BrowserSignIn.registrations(discovery, props.oidc());
        OidcClientInitiatedLogoutSuccessHandler signedOut = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        signedOut.setPostLogoutRedirectUri("{baseUrl}" + SIGN_IN + "?signedOut");
        http.oauth2Login(o -> o
                .clientRegistrationRepository(registrations)
                .loginPage(SIGN_IN)
                .failureUrl(SIGN_IN + "?error")
                .defaultSuccessUrl("/", false)
                .tokenEndpoint(t -> t.accessTokenResponseClient(BrowserSignIn.codeExchange()))
                .userInfoEndpoint(u -> u.oidcUserService(BrowserSignIn.users(decoder, authorities)))
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                  @Override
                  public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                    filter.setAuthenticationFailureHandler(BrowserSignIn.notStarted());
                    return filter;
                  }
                }))
            .logout(l -> l.logoutUrl("/logout").logoutSuccessHandler(signedOut));
      }
      // a page asked for without a session: the identity provider's sign-in, or the page saying why not
      AuthenticationEntryPoint pages = new LoginUrlAuthenticationEntryPoint(browser ? BrowserSignIn.START : SIGN_IN);
      http.exceptionHandling(e -> e.authenticationEntryPoint(byPath(refused, pages)).accessDeniedHandler(refused));
    } else {
      // the challenge only: Spring's BasicAuthenticationEntryPoint would also commit a bare 401
      // none for the ward app's own calls, whose browser would otherwise open its Basic prompt
      AuthenticationEntryPoint basic = (request, response, e) -> {
        if (request.getHeader(APP_CALL_HEADER) == null) {
          response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"care-pathway\"");
        }
      };
      RefusedRequests refused = new RefusedRequests(basic, audit, json);
      http.authenticationManager(DemoUsers.authenticationManager(props, clock))
          .httpBasic(b -> b.authenticationEntryPoint(refused)
              // credentials with every request: nothing kept in a session for them
              .withObjectPostProcessor(new ObjectPostProcessor<BasicAuthenticationFilter>() {
                @Override
                public <O extends BasicAuthenticationFilter> O postProcess(O filter) {
                  filter.setSecurityContextRepository(new RequestAttributeSecurityContextRepository());
                  return filter;
                }
              }))
          // the same users, roles and throttle, signed in once through the ward app's page
          .formLogin(f -> f.loginPage(SIGN_IN).failureUrl(SIGN_IN + "?error").defaultSuccessUrl("/", false))
          .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl(SIGN_IN + "?signedOut"))
          .exceptionHandling(e -> e
              .authenticationEntryPoint(byPath(refused, new LoginUrlAuthenticationEntryPoint(SIGN_IN)))
              .accessDeniedHandler(refused));
    }
    return http.build();
  }

  /**
   * Who may reach what: the API's endpoints and the ward app's pages, one rule set for both (a page
   * needs the roles of the API calls it makes).
   */
  private static void rules(
      AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry a) {
    a.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
        // the ward app: the sign-in page, scripts and styles hold no patient data; who is signed in,
        // for anyone signed in. Each page is named in the rule of the API it shows (below): its roles
        // are that API's, not a second list.
        .requestMatchers(GET, SIGN_IN, "/app/**", "/favicon.ico").permitAll()
        .requestMatchers(GET, "/", "/api/v1/me").authenticated()
        // the OpenAPI document and Swagger UI: the interface, for anyone signed in
        .requestMatchers(GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
            .authenticated()
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
        .requestMatchers(GET, "/api/v1/patients/*", "/api/v1/patients/*/timeline", "/api/v1/patients/*/course",
                "/patients/*")
            .hasAnyRole(NURSE, PHYSICIAN)
        .requestMatchers(POST, "/api/v1/patients/*/vitals", "/api/v1/patients/*/neuro")
            .hasAnyRole(NURSE, PHYSICIAN)
        // home-monitoring readings: a nurse taking them over the phone, or the home-monitoring
        // platform's interface (reference §12.1)
        .requestMatchers(POST, "/api/v1/patients/*/home-readings").hasAnyRole(NURSE, PHYSICIAN, INTEGRATION)
        .requestMatchers(POST, "/api/v1/patients/*/treatments", "/api/v1/patients/*/findings")
            .hasRole(PHYSICIAN)
        .requestMatchers(GET, "/api/v1/tasks", "/api/v1/tasks/*", "/worklist", "/tasks/*").hasAnyRole(NURSE, PHYSICIAN)
        .requestMatchers(POST, "/api/v1/tasks/*/complete").hasAnyRole(NURSE, PHYSICIAN)
        .requestMatchers(GET, "/api/v1/audit").hasAnyRole(PHYSICIAN, MANAGER)
        .requestMatchers(GET, "/api/v1/reports/compliance", "/api/v1/reports/compliance.csv", "/compliance")
            .hasAnyRole(MANAGER, PHYSICIAN)
        // urgent paging: the on-call chains (ward-scoped, WardScope) and acknowledging a page
        .requestMatchers(GET, "/api/v1/wards/*/on-call").hasAnyRole(NURSE, PHYSICIAN, MANAGER)
        .requestMatchers(PUT, "/api/v1/wards/*/on-call").hasAnyRole(MANAGER, PHYSICIAN)
        .requestMatchers(GET, "/api/v1/pages/*").hasAnyRole(PHYSICIAN, MANAGER)
        .requestMatchers(GET, "/api/v1/patients/*/pages").hasRole(PHYSICIAN)
        .requestMatchers(POST, "/api/v1/pages/*/acknowledge").hasRole(PHYSICIAN)
        .requestMatchers(POST, "/api/v1/evaluations").hasAnyRole(MODELER, PHYSICIAN)
        .requestMatchers(POST, "/api/v1/models/validate").hasAnyRole(MODELER, PHYSICIAN)
        .requestMatchers(GET, "/api/v1/models/timelines", "/api/v1/models/timelines/*", "/modeler")
            .hasAnyRole(MODELER, PHYSICIAN)
        .anyRequest().denyAll();
  }

  /** The API and the operations endpoints, as against the ward app's pages. */
  static boolean api(HttpServletRequest request) {
    String path = request.getRequestURI();
    return path.startsWith("/api/") || path.startsWith("/actuator/") || path.startsWith("/v3/api-docs");
  }

  private static boolean swaggerUi(HttpServletRequest request) {
    return request.getRequestURI().startsWith("/swagger-ui");
  }

  /**
   * A write the browser's session cookie would authenticate, or a sign-in: it must carry the CSRF
   * token. A request with its own credentials (Authorization) is nothing another site can forge.
   */
  static boolean browserWrite(HttpServletRequest request) {
    return !SAFE_METHODS.contains(request.getMethod())
        && request.getHeader(HttpHeaders.AUTHORIZATION) == null
        && (request.getRequestedSessionId() != null || SIGN_IN.equals(request.getRequestURI()));
  }

  private static final java.util.Set<String> SAFE_METHODS = java.util.Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private static HttpSessionRequestCache pageRequests() {
    HttpSessionRequestCache cache = new HttpSessionRequestCache();
    cache.setRequestMatcher(r -> "GET".equals(r.getMethod()) && !api(r));
    cache.setMatchingRequestParameterName(null);
    return cache;
  }

  /** API callers get the problem+json 401; a page asked for without a session, the sign-in page. */
  private static AuthenticationEntryPoint byPath(AuthenticationEntryPoint api, AuthenticationEntryPoint pages) {
    return (request, response, e) -> (api(request) ? api : pages).commence(request, response, e);
  }

  /**
   * Signature by the issuer's keys, the issuer, the expiry, and this service as the audience. The
   * keys' location is discovered on the first token, not at start; a failed look-up is tried again
   * on the next token. While the provider's document or keys cannot be read no token is checked:
   * {@link IssuerDiscovery.Unreachable}, answered 503 (RefusedRequests), not as a bad token. Not
   * Spring's SupplierJwtDecoder: it holds a lock while it reads, so requests would queue behind one
   * another's timeouts.
   */
  private static JwtDecoder decoder(IssuerDiscovery discovery, String issuer, String audience) {
    AtomicReference<JwtDecoder> built = new AtomicReference<>();
    return token -> {
      JwtDecoder keys = built.updateAndGet(known -> known != null ? known : keys(discovery, issuer, audience));
      try {
        return keys.decode(token);
      } catch (JwtException e) {
        if (e.getCause() instanceof KeySourceException unread) {
          throw discovery.unreachable(unread);
        }
        throw e;
      }
    };
  }

  private static JwtDecoder keys(IssuerDiscovery discovery, String issuer, String audience) {
    NimbusJwtDecoder decoder =
        NimbusJwtDecoder.withJwkSetUri(discovery.jwkSetUri()).restOperations(discovery.http()).build();
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
        JwtValidators.createDefaultWithIssuer(issuer),
        new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience))));
    return decoder;
  }
}
