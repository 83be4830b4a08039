package org.pathway.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** Roles and wards from a Keycloak-style access token. */
class TokenAuthoritiesTest {

  private static Jwt token(Map<String, Object> claims) {
    Jwt.Builder b = Jwt.withTokenValue("t").header("alg", "RS256").subject("u-1");
    claims.forEach(b::claim);
    return b.build();
  }

  private static List<String> authorities(Map<String, Object> claims) {
    return new TokenAuthorities(new SecurityProperties.Oidc("https://idp", null, "pathway", "realm_access.roles", "wards", null, null))
        .convert(token(claims)).stream().map(GrantedAuthority::getAuthority).toList();
  }

  @Test
  void rolesFromTheNestedClaimAndWardsFromTheirOwn() {
    assertThat(authorities(Map.of(
            "realm_access", Map.of("roles", List.of("Nurse", "offline_access", "default-roles-camunda")),
            "wards", List.of("H7", "K2"))))
        .containsExactlyInAnyOrder("ROLE_NURSE", "WARD_H7", "WARD_K2");
  }

  @Test
  void aTokenWithoutOurRolesGrantsNothing() {
    assertThat(authorities(Map.of("realm_access", Map.of("roles", List.of("admin"))))).isEmpty();
    assertThat(authorities(Map.of("realm_access", "physician"))).isEmpty();
    assertThat(authorities(Map.of("scope", "openid"))).isEmpty();
  }

  @Test
  void aSingleStringClaimIsOneValue() {
    assertThat(authorities(Map.of("realm_access", Map.of("roles", "physician"), "wards", "H7")))
        .containsExactlyInAnyOrder("ROLE_PHYSICIAN", "WARD_H7");
  }
}
