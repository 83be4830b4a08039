package org.pathway.api.security;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestOperations;
import org.springframework.web.client.RestTemplate;

/**
 * The identity provider's OpenID Connect discovery document, the one source of the API's keys and
 * the browser sign-in's endpoints. Read on first use, not at start (the service starts while the
 * provider is away), and kept once read; a failed read is tried again on the next use. It is read
 * at {@link SecurityProperties.Oidc#discoveryLocation()}, which may be another address of the same
 * provider than the issuer's (Keycloak's backchannel): the document must still name the configured
 * issuer, and its endpoints are taken as it gives them (the authorization endpoint for browsers,
 * the keys and the token endpoint as this service reaches them).
 */
final class IssuerDiscovery {

  static final String DOCUMENT_PATH = "/.well-known/openid-configuration";

  /**
   * How long a request waits for the provider (to connect, for an answer, for another request's
   * read of the document): a provider that hangs holds no request thread for longer.
   */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(IssuerDiscovery.class);

  private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {};

  /** The provider could not be reached: not the credentials' fault, the caller may try again. */
  static final class Unreachable extends AuthenticationException {
    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The provider answered with a document that does not fit this service's configuration (another
   * issuer, no keys' location): a deployment error, logged with the reason, never a bad token.
   */
  static final class Misconfigured extends AuthenticationException {
    Misconfigured(String message) {
      super(message);
    }
  }

  private final String issuer;
  private final URI document;
  private final RestTemplate http = new RestTemplate(requests());
  private final RestClient rest = RestClient.create(http);
  private final ReentrantLock reading = new ReentrantLock();
  private volatile Map<String, Object> configuration;

  IssuerDiscovery(SecurityProperties.Oidc oidc) {
    this.issuer = oidc.issuerUri();
    String location = oidc.discoveryLocation();
    this.document = URI.create((location.endsWith("/") ? location.substring(0, location.length() - 1) : location)
        + DOCUMENT_PATH);
  }

  /** Requests to the provider, each within {@link #TIMEOUT} to connect and to be answered. */
  static SimpleClientHttpRequestFactory requests() {
    SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
    requests.setConnectTimeout(TIMEOUT);
    requests.setReadTimeout(TIMEOUT);
    return requests;
  }

  /** The document, read at the first call. */
  Map<String, Object> configuration() {
    Map<String, Object> known = configuration;
    if (known != null) {
      return known;
    }
    try {
      if (!reading.tryLock(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw unreachable(new IllegalStateException("another request has been reading the document for " + TIMEOUT));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(e);
    }
    try {
      if (configuration == null) {
        configuration = read();
      }
      return configuration;
    } finally {
      reading.unlock();
    }
  }

  /** Where the issuer's signing keys are. */
  String jwkSetUri() {
    Object keys = configuration().get("jwks_uri");
    if (!(keys instanceof String uri) || uri.isBlank()) {
      throw misconfigured("The discovery document at " + document + " names no jwks_uri");
    }
    return uri;
  }

  /** The client the keys are read with: the document's, with its timeouts. */
  RestOperations http() {
    return http;
  }

  /** The provider did not answer (in time, or with its document or keys): logged, for the caller to refuse. */
  Unreachable unreachable(Exception cause) {
    LOG.warn("The identity provider at {} could not be reached: {}", document, cause.getMessage());
    return new Unreachable("the identity provider at " + document + " could not be reached; try again", cause);
  }

  private static Misconfigured misconfigured(String reason) {
    LOG.error("{}: no token can be checked until the configuration or the provider is corrected", reason);
    return new Misconfigured(reason);
  }

  private Map<String, Object> read() {
    Map<String, Object> read;
    try {
      read = rest.get().uri(document).retrieve().body(JSON);
    } catch (RestClientException e) {
      throw unreachable(e);
    }
    Object named = read == null ? null : read.get("issuer");
    if (!issuer.equals(named)) {
      throw misconfigured("The discovery document at " + document + " names the issuer \"" + named
          + "\", not the configured PATHWAY_OIDC_ISSUER_URI \"" + issuer + "\"");
    }
    return Collections.unmodifiableMap(read);
  }
}
