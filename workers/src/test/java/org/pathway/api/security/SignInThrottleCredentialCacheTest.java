package org.pathway.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * HTTP Basic's short-lived cache of verified passwords: bcrypt runs once per user and password
 * within the time-to-live, and never instead of a refusal (wrong password, locked user, expired).
 */
class SignInThrottleCredentialCacheTest {

  static final String USER = "integration";
  static final String RIGHT = "right-password";
  static final Duration TTL = Duration.ofSeconds(60);

  /** bcrypt, counted. */
  final AtomicInteger bcrypt = new AtomicInteger();
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T06:00:00Z"));
  final SecurityProperties.BasicLockout policy = new SecurityProperties.BasicLockout(3, Duration.ofMinutes(15));

  VerifiedCredentials verified = new VerifiedCredentials(TTL, clock);
  SignInThrottle throttle = throttle(verified);

  SignInThrottle throttle(VerifiedCredentials cache) {
    PasswordEncoder real = new BCryptPasswordEncoder(4);
    PasswordEncoder counted = new PasswordEncoder() {
      @Override
      public String encode(CharSequence raw) {
        return real.encode(raw);
      }

      @Override
      public boolean matches(CharSequence raw, String encoded) {
        bcrypt.incrementAndGet();
        return real.matches(raw, encoded);
      }
    };
    DaoAuthenticationProvider provider = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(
        User.withUsername(USER).password(real.encode(RIGHT)).authorities("ROLE_INTEGRATION").build(),
        User.withUsername("nurse").password(real.encode(RIGHT)).authorities("ROLE_NURSE").build()));
    provider.setPasswordEncoder(counted);
    return new SignInThrottle(new ProviderManager(provider), Set.of(USER, "nurse"), policy, clock, cache);
  }

  Authentication signIn(String user, String password) {
    return throttle.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(user, password));
  }

  @Test
  void aVerifiedPasswordIsNotHashedWithBcryptAgainWithinTheTimeToLive() {
    Authentication first = signIn(USER, RIGHT);
    assertThat(bcrypt).hasValue(1);
    UsernamePasswordAuthenticationToken request = UsernamePasswordAuthenticationToken.unauthenticated(USER, RIGHT);
    request.setDetails("request-2");
    Authentication second = throttle.authenticate(request);
    assertThat(bcrypt).hasValue(1);
    assertThat(second.isAuthenticated()).isTrue();
    assertThat(second.getName()).isEqualTo(USER);
    List<GrantedAuthority> granted = List.copyOf(second.getAuthorities());
    assertThat(granted).isEqualTo(List.copyOf(first.getAuthorities()))
        .contains(new SimpleGrantedAuthority("ROLE_INTEGRATION"));
    assertThat(second.getCredentials()).isNull();
    assertThat(second.getDetails()).isEqualTo("request-2"); // this request's, not the first one's
    // another user is verified on its own
    signIn("nurse", RIGHT);
    assertThat(bcrypt).hasValue(2);
  }

  @Test
  void aWrongPasswordAfterACachedRightOneIsStillRefusedAndDropsTheCache() {
    signIn(USER, RIGHT);
    assertThatThrownBy(() -> signIn(USER, "guess")).isInstanceOf(BadCredentialsException.class);
    assertThat(bcrypt).hasValue(2); // the wrong password went to bcrypt
    // and the right one is verified by bcrypt again, then remembered again
    signIn(USER, RIGHT);
    assertThat(bcrypt).hasValue(3);
    signIn(USER, RIGHT);
    assertThat(bcrypt).hasValue(3);
  }

  @Test
  void aLockedUserIsRefusedEvenWithACachedCredential() {
    signIn(USER, RIGHT);
    for (int i = 0; i < policy.maxFailures(); i++) {
      assertThatThrownBy(() -> signIn(USER, "guess")).isInstanceOf(BadCredentialsException.class);
    }
    // the password is remembered again behind the throttle's back: still refused, without bcrypt
    Authentication someone = UsernamePasswordAuthenticationToken.authenticated(USER, null, java.util.List.of());
    verified.remember(USER, RIGHT, verified.generation(USER), someone.getPrincipal(), someone.getAuthorities());
    assertThat(verified.lookup(USER, RIGHT)).isPresent();
    int before = bcrypt.get();
    assertThatThrownBy(() -> signIn(USER, RIGHT)).isInstanceOf(LockedException.class);
    assertThat(bcrypt).hasValue(before);
    // the lockout dropped it
    assertThat(verified.lookup(USER, RIGHT)).isEmpty();
    // after the window the right password is verified by bcrypt again
    clock.advance(policy.window().plusSeconds(1));
    signIn(USER, RIGHT);
    assertThat(bcrypt).hasValue(before + 1);
  }

  @Test
  void theCacheExpires() {
    signIn(USER, RIGHT);
    clock.advance(TTL.minusSeconds(1));
    signIn(USER, RIGHT);
    assertThat(bcrypt).hasValue(1);
    clock.advance(Duration.ofSeconds(1));
    signIn(USER, RIGHT);
    assertThat(bcrypt).hasValue(2);
    // a clock that went back does not extend it
    clock.advance(Duration.ofSeconds(-5));
    signIn(USER, RIGHT);
    assertThat(bcrypt).hasValue(3);
  }

  @Test
  void aZeroTimeToLiveHashesEveryRequest() {
    throttle = throttle(new VerifiedCredentials(Duration.ZERO, clock));
    signIn(USER, RIGHT);
    signIn(USER, RIGHT);
    assertThat(bcrypt).hasValue(2);
  }

  @Test
  void aVerificationUnderWayWhileTheUserFailsIsNotRemembered() {
    long generation = verified.generation(USER);
    verified.forget(USER); // a failed attempt while bcrypt was checking the right password
    verified.remember(USER, RIGHT, generation, USER, java.util.List.of());
    assertThat(verified.lookup(USER, RIGHT)).isEmpty();
    verified.remember(USER, RIGHT, verified.generation(USER), USER, java.util.List.of());
    assertThat(verified.lookup(USER, RIGHT)).isPresent();
    assertThat(verified.lookup(USER, RIGHT + " ")).isEmpty();
  }

  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
