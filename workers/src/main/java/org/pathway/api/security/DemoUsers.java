package org.pathway.api.security;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The embedded defaults: one user per role, named after it, all with one password. The password
 * is PATHWAY_DEMO_PASSWORD, or generated at start and logged once.
 */
final class DemoUsers {

  private static final Logger LOG = LoggerFactory.getLogger(DemoUsers.class);

  /**
   * Low bcrypt cost: HTTP Basic sends the password with every request (a verified one is
   * remembered for a short while, {@link VerifiedCredentials}), and the demo password is in the
   * environment or the log anyway; production callers use OIDC tokens.
   */
  static final PasswordEncoder ENCODER = new BCryptPasswordEncoder(4);

  private DemoUsers() {}

  /**
   * Checks Basic credentials against the demo users. Its own provider, without password upgrade:
   * Spring's default would re-hash at its default cost on every request.
   */
  static AuthenticationManager authenticationManager(SecurityProperties props, java.time.Clock clock) {
    DaoAuthenticationProvider provider = new DaoAuthenticationProvider(create(props));
    provider.setPasswordEncoder(ENCODER);
    return new SignInThrottle(
        new ProviderManager(provider),
        java.util.Arrays.stream(Role.values()).map(Role::userName).collect(java.util.stream.Collectors.toSet()),
        props.basicLockout(),
        clock,
        new VerifiedCredentials(props.basicCredentialTtl(), clock));
  }

  private static InMemoryUserDetailsManager create(SecurityProperties props) {
    String password = props.demoPassword();
    if (password == null || password.isBlank()) {
      byte[] bytes = new byte[18];
      new SecureRandom().nextBytes(bytes);
      password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      LOG.warn(
          "Demo users {} have the generated password {} (set PATHWAY_DEMO_PASSWORD to choose one)",
          List.of(Role.values()).stream().map(Role::userName).toList(),
          password);
    }
    String hash = ENCODER.encode(password);
    List<UserDetails> users = new ArrayList<>();
    for (Role role : Role.values()) {
      List<GrantedAuthority> authorities = new ArrayList<>();
      authorities.add(new SimpleGrantedAuthority(role.authority()));
      if (role == Role.NURSE) {
        props.demoNurseWards().forEach(w -> authorities.add(Role.ward(w)));
      }
      users.add(User.withUsername(role.userName()).password(hash).authorities(authorities).build());
    }
    return new InMemoryUserDetailsManager(users);
  }
}
