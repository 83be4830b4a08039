package org.pathway.api.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Roles and wards from an OIDC access token. Claim values that name no role are ignored, so a
 * token carrying only the IdP's own roles grants nothing here.
 */
public final class TokenAuthorities implements Converter<Jwt, Collection<GrantedAuthority>> {

  private final String rolesClaim;
  private final String wardsClaim;

  public TokenAuthorities(SecurityProperties.Oidc oidc) {
    this.rolesClaim = oidc.rolesClaim();
    this.wardsClaim = oidc.wardsClaim();
  }

  @Override
  public Collection<GrantedAuthority> convert(Jwt jwt) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    for (String value : strings(jwt.getClaims(), rolesClaim)) {
      Role.fromClaim(value).ifPresent(r -> authorities.add(new SimpleGrantedAuthority(r.authority())));
    }
    for (String ward : strings(jwt.getClaims(), wardsClaim)) {
      authorities.add(Role.ward(ward));
    }
    return authorities;
  }

  /** The strings at a dotted claim path: a list of strings or a single string. */
  static List<String> strings(Map<String, Object> claims, String path) {
    Object node = claims;
    for (String step : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) {
        return List.of();
      }
      node = map.get(step);
    }
    if (node instanceof String s) {
      return List.of(s);
    }
    if (node instanceof Collection<?> c) {
      return c.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    return List.of();
  }
}
