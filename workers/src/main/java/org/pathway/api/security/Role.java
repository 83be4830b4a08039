package org.pathway.api.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Who may do what. A caller's roles and wards are granted authorities: {@code ROLE_NURSE},
 * {@code WARD_H7}; the demo users and the OIDC token converter produce the same ones.
 */
public enum Role {
  /** Enters vitals and neuro scores, sees and completes nursing tasks of the own wards. */
  NURSE,
  /** Everything clinical: review and override, treatment decisions, all wards. */
  PHYSICIAN,
  /** Compliance: the audit trail and reports, with pseudonymous patient ids only. */
  MANAGER,
  /** Laboratory and HIS interfaces: result intake only, reads nothing. */
  INTEGRATION,
  /** Evaluates submitted timelines against the models; no stored patient data. */
  MODELER;

  private static final String WARD_PREFIX = "WARD_";

  public String authority() {
    return "ROLE_" + name();
  }

  /** The demo user's name and the role's name in tokens: lower case. */
  public String userName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromClaim(String value) {
    for (Role r : values()) {
      if (r.userName().equalsIgnoreCase(value)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  public static GrantedAuthority ward(String ward) {
    return new SimpleGrantedAuthority(WARD_PREFIX + ward);
  }

  public static Set<Role> of(Authentication auth) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (auth != null) {
      for (GrantedAuthority a : auth.getAuthorities()) {
        for (Role r : values()) {
          if (r.authority().equals(a.getAuthority())) {
            roles.add(r);
          }
        }
      }
    }
    return roles;
  }

  /** The roles as the audit log records them ("nurse,physician"), or null for none. */
  public static String audited(Set<Role> roles) {
    return roles.isEmpty()
        ? null
        : roles.stream().map(Role::userName).collect(java.util.stream.Collectors.joining(","));
  }

  public static Set<String> wardsOf(Authentication auth) {
    Set<String> wards = new TreeSet<>();
    if (auth != null) {
      for (GrantedAuthority a : auth.getAuthorities()) {
        if (a.getAuthority().startsWith(WARD_PREFIX)) {
          wards.add(a.getAuthority().substring(WARD_PREFIX.length()));
        }
      }
    }
    return wards;
  }
}
