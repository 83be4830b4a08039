package org.pathway.api.security;

import java.net.URI;
import java.util.Collections;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

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

  private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {};

  private final String issuer;
  private final URI document;
  private final RestClient rest = RestClient.create();
  private volatile Map<String, Object> configuration;

  IssuerDiscovery(SecurityProperties.Oidc oidc) {
    this.issuer = oidc.issuerUri();
    String location = oidc.discoveryLocation();
    this.document = URI.create((location.endsWith("/") ? location.substring(0, location.length() - 1) : location)
        + DOCUMENT_PATH);
  }

  /** The document, read at the first call. */
  Map<String, Object> configuration() {
    Map<String, Object> known = configuration;
    if (known == null) {
      synchronized (this) {
        if (configuration == null) {
          configuration = read();
        }
        known = configuration;
      }
    }
    return known;
  }

  /** Where the issuer's signing keys are. */
  String jwkSetUri() {
    Object keys = configuration().get("jwks_uri");
    if (!(keys instanceof String uri) || uri.isBlank()) {
      throw new IllegalStateException("The discovery document at " + document + " names no jwks_uri");
    }
    return uri;
  }

  private Map<String, Object> read() {
    Map<String, Object> read = rest.get().uri(document).retrieve().body(JSON);
    Object named = read == null ? null : read.get("issuer");
    if (!issuer.equals(named)) {
      throw new IllegalStateException("The discovery document at " + document + " names the issuer \"" + named
          + "\", not the configured PATHWAY_OIDC_ISSUER_URI \"" + issuer + "\"");
    }
    return Collections.unmodifiableMap(read);
  }
}
