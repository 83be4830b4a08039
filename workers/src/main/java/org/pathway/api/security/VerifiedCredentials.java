package org.pathway.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.core.GrantedAuthority;

/**
 * HTTP Basic sends the password with every request, and bcrypt is meant to be slow: a password
 * that bcrypt accepted is remembered for a short while (pathway.security.basic-credential-ttl), so
 * that the next requests with it are checked against a salted SHA-256 of it instead. Never the
 * password itself: the key is the user and SHA-256(per-process random salt, password bytes).
 *
 * <p>One remembered password per user. {@link SignInThrottle} asks here only for users it has not
 * locked, and forgets a user's password on every failed attempt and on lockout; a verification
 * that was under way while the user failed is not remembered (the user's generation moved on).
 */
final class VerifiedCredentials {

  /** Who the password verified as, to build the authentication of a request that reuses it. */
  record Verified(Object principal, List<GrantedAuthority> authorities) {}

  private record Remembered(long generation, byte[] digest, Verified verified, Instant at) {}

  private final Duration ttl;
  private final Clock clock;
  private final byte[] salt = new byte[32];
  private final Map<String, Remembered> byUser = new ConcurrentHashMap<>();

  VerifiedCredentials(Duration ttl, Clock clock) {
    this.ttl = ttl == null || ttl.isNegative() ? Duration.ZERO : ttl;
    this.clock = clock;
    new SecureRandom().nextBytes(salt);
  }

  boolean enabled() {
    return !ttl.isZero();
  }

  /** The user's generation: pass it to {@link #remember}, which ignores it once the user failed. */
  long generation(String user) {
    Remembered r = byUser.get(user);
    return r == null ? 0 : r.generation();
  }

  /** Who this user and password verified as within the time-to-live, if they did. */
  Optional<Verified> lookup(String user, Object password) {
    if (!enabled() || !(password instanceof String given)) {
      return Optional.empty();
    }
    Remembered r = byUser.get(user);
    if (r == null || r.verified() == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    // a clock that went back counts as expired as well
    if (now.isBefore(r.at()) || !now.isBefore(r.at().plus(ttl))) {
      return Optional.empty();
    }
    return MessageDigest.isEqual(r.digest(), digest(given)) ? Optional.of(r.verified()) : Optional.empty();
  }

  /**
   * Remembers that bcrypt accepted this password for the user, unless the user failed or was
   * locked since {@code generation} was read.
   */
  void remember(String user, Object password, long generation, Object principal,
      Collection<? extends GrantedAuthority> authorities) {
    if (!enabled() || !(password instanceof String given)) {
      return;
    }
    byte[] digest = digest(given);
    Verified verified = new Verified(principal, List.copyOf(authorities));
    Instant now = clock.instant();
    byUser.compute(user, (u, r) -> {
      long current = r == null ? 0 : r.generation();
      return current != generation ? r : new Remembered(current, digest, verified, now);
    });
  }

  /** A failed attempt or a lockout: the user's remembered password is dropped. */
  void forget(String user) {
    byUser.compute(user, (u, r) -> new Remembered((r == null ? 0 : r.generation()) + 1, null, null, Instant.MIN));
  }

  private byte[] digest(String password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      return sha.digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
