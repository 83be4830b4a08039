package org.pathway.api.security;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How callers authenticate. {@code basic}: one demo user per role (embedded defaults);
 * {@code oidc}: JWT bearer tokens of the identity provider the Camunda cluster uses.
 */
@ConfigurationProperties("pathway.security")
public record SecurityProperties(
    @DefaultValue("basic") Mode mode,
    /* the demo users' password; when blank one is generated at start and logged once */
    String demoPassword,
    @DefaultValue("H7") List<String> demoNurseWards,
    @DefaultValue Oidc oidc,
    /* which roles are members of a user task's candidate group */
    Map<String, List<Role>> candidateGroups,
    @DefaultValue BasicLockout basicLockout,
    /* HTTP Basic: how long a password bcrypt accepted is accepted again without bcrypt (0: never) */
    @DefaultValue("PT60S") java.time.Duration basicCredentialTtl) {

  public SecurityProperties {
    demoNurseWards = demoNurseWards == null ? List.of() : List.copyOf(demoNurseWards);
    candidateGroups = candidateGroups == null ? Map.of() : Map.copyOf(candidateGroups);
  }

  public enum Mode {
    BASIC,
    OIDC
  }

  /** HTTP Basic: how many wrong passwords within the window lock a user (security policy). */
  public record BasicLockout(
      @DefaultValue("10") int maxFailures, @DefaultValue("PT15M") java.time.Duration window) {}

  /**
   * The token's issuer, the audience it must be meant for, and where in its claims roles and wards are (dotted paths; Keycloak puts
   * realm roles at realm_access.roles).
   */
  public record Oidc(
      String issuerUri,
      // where this service reads the issuer's discovery document when it reaches the identity
      // provider by another address than browsers do (e.g. inside a container network); unset: the issuer
      String discoveryUri,
      // the token must name this service in "aud": a token the same provider issued for another
      // application (Operate, Tasklist) is refused here
      @DefaultValue("pathway") String audience,
      @DefaultValue("realm_access.roles") String rolesClaim,
      @DefaultValue("wards") String wardsClaim,
      // the ward app's client at the identity provider (authorization code); the browser sign-in
      // is off while unset. Its access tokens must carry the audience above, like every caller's.
      String clientId,
      String clientSecret) {

    /** The address the discovery document is read at: {@code <location>/.well-known/openid-configuration}. */
    public String discoveryLocation() {
      return discoveryUri == null || discoveryUri.isBlank() ? issuerUri : discoveryUri;
    }
  }
}
