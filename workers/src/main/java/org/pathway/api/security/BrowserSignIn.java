package org.pathway.api.security;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * The ward app's sign-in in oidc mode: the authorization-code login against the identity provider
 * the API's tokens come from. The browser's roles and wards are read from the access token the
 * login obtained, by the API's own decoder (issuer, signature, audience) and converter
 * ({@link TokenAuthorities}): a user has the same rights in the browser as with a bearer token.
 */
final class BrowserSignIn {

  /** The registration id: the login starts at /oauth2/authorization/pathway. */
  static final String REGISTRATION = "pathway";

  static final String START = "/oauth2/authorization/" + REGISTRATION;

  private BrowserSignIn() {}

  /** Whether the browser sign-in is configured (a client of the identity provider for the ward app). */
  static boolean configured(SecurityProperties.Oidc oidc) {
    return oidc.clientId() != null && !oidc.clientId().isBlank();
  }

  /** The user from the access token: the API's checks and claims. */
  static OAuth2UserService<OidcUserRequest, OidcUser> users(JwtDecoder tokens, TokenAuthorities authorities) {
    return request -> {
      Collection<GrantedAuthority> granted;
      try {
        granted = authorities.convert(tokens.decode(request.getAccessToken().getTokenValue()));
      } catch (JwtException e) {
        // e.g. a token not meant for this service: no sign-in, as the API refuses the token
        throw new OAuth2AuthenticationException(new OAuth2Error("invalid_token", e.getMessage(), null), e);
      }
      return new DefaultOidcUser(granted, request.getIdToken(), "preferred_username");
    };
  }

  /**
   * The sign-in could not start: while the identity provider cannot be reached, back to the sign-in
   * page saying so; anything else is the server's error, as Spring's own handler has it.
   */
  static AuthenticationFailureHandler notStarted() {
    DefaultRedirectStrategy redirect = new DefaultRedirectStrategy();
    return (request, response, e) -> {
      if (!(e.getCause() instanceof IssuerDiscovery.Unreachable)) {
        throw e;
      }
      redirect.sendRedirect(request, response, ApiSecurity.SIGN_IN + "?unavailable");
    };
  }

  /**
   * The client registration, from the issuer's discovery document on the first sign-in (as the
   * API's keys on the first token), not at start: the service starts while the identity provider
   * is away. A failed look-up is tried again on the next sign-in. The document may be read at
   * another address than the issuer's (pathway.security.oidc.discovery-uri): its endpoints are
   * taken as it gives them, the authorization endpoint the browser's, the token and key endpoints
   * this service's.
   */
  static ClientRegistrationRepository registrations(IssuerDiscovery discovery, SecurityProperties.Oidc oidc) {
    return id -> !REGISTRATION.equals(id) ? null
        : ClientRegistrations.fromOidcConfiguration(discovery.configuration())
            .registrationId(REGISTRATION)
            .clientId(oidc.clientId())
            .clientSecret(oidc.clientSecret())
            .scope("openid", "profile")
            // PKCE for the confidential client too (the realm requires S256)
            .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
            .build();
  }

  /**
   * The authorization code's exchange at the provider's token endpoint, as Spring's own client
   * makes it but within {@link IssuerDiscovery#TIMEOUT}: Spring's waits without a limit, so a
   * provider that took the code and never answered held the sign-in's request thread.
   */
  static OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> codeExchange() {
    RestClientAuthorizationCodeTokenResponseClient exchange = new RestClientAuthorizationCodeTokenResponseClient();
    exchange.setRestClient(RestClient.builder()
        .requestFactory(IssuerDiscovery.requests())
        .messageConverters(converters -> {
          converters.clear();
          converters.add(new FormHttpMessageConverter());
          converters.add(new OAuth2AccessTokenResponseHttpMessageConverter());
        })
        .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
        .build());
    return exchange;
  }

  /**
   * The login's ID tokens, checked as Spring's OidcIdTokenDecoderFactory checks them (RS256, expiry,
   * the OIDC claims, their types), with the provider's keys read within {@link IssuerDiscovery#TIMEOUT}
   * (Spring's reads them without a limit).
   */
  static JwtDecoderFactory<ClientRegistration> idTokens() {
    Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();
    RestTemplate keys = new RestTemplate(IssuerDiscovery.requests());
    return registration -> decoders.computeIfAbsent(registration.getRegistrationId(), id -> {
      NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
          .restOperations(keys).build();
      decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
          new JwtTimestampValidator(), new OidcIdTokenValidator(registration)));
      decoder.setClaimSetConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter());
      return decoder;
    });
  }
}
