package org.pathway.api.security;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Password guessing on HTTP Basic: after {@code maxFailures} wrong passwords for a user within
 * {@code window}, that user is refused, right password or not, until the window has passed since
 * the last failure. Only the service's own user names are tracked, so random names cannot grow it.
 *
 * <p>A password bcrypt accepted is remembered for a short while ({@link VerifiedCredentials}) and
 * asked before bcrypt, only for a user that is not locked; every failed attempt and a lockout drop
 * it, so a wrong password is always checked by bcrypt and counted.
 */
final class SignInThrottle implements AuthenticationManager {

  private final AuthenticationManager delegate;
  private final Set<String> users;
  private final SecurityProperties.BasicLockout policy;
  private final Clock clock;
  private final VerifiedCredentials verified;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  SignInThrottle(
      AuthenticationManager delegate, Set<String> users, SecurityProperties.BasicLockout policy, Clock clock) {
    this(delegate, users, policy, clock, new VerifiedCredentials(java.time.Duration.ZERO, clock));
  }

  SignInThrottle(
      AuthenticationManager delegate,
      Set<String> users,
      SecurityProperties.BasicLockout policy,
      Clock clock,
      VerifiedCredentials verified) {
    this.delegate = delegate;
    this.users = Set.copyOf(users);
    this.policy = policy;
    this.clock = clock;
    this.verified = verified;
  }

  @Override
  public Authentication authenticate(Authentication request) {
    String user = request.getName();
    Instant now = clock.instant();
    Deque<Instant> recent = users.contains(user) ? failures.computeIfAbsent(user, u -> new ArrayDeque<>()) : null;
    if (recent != null) {
      synchronized (recent) {
        recent.removeIf(at -> at.isBefore(now.minus(policy.window())));
        if (recent.size() >= policy.maxFailures()) {
          verified.forget(user);
          throw new LockedException(
              "sign-in for " + user + " locked after " + recent.size() + " wrong passwords; try again after "
                  + recent.peekLast().plus(policy.window()));
        }
      }
    }
    if (recent == null) {
      return delegate.authenticate(request); // not one of ours: refused by the delegate, not tracked
    }
    Object password = request.getCredentials();
    var known = verified.lookup(user, password);
    if (known.isPresent()) {
      UsernamePasswordAuthenticationToken result =
          UsernamePasswordAuthenticationToken.authenticated(known.get().principal(), null, known.get().authorities());
      result.setDetails(request.getDetails());
      succeeded(recent);
      return result;
    }
    long generation = verified.generation(user);
    try {
      Authentication result = delegate.authenticate(request);
      verified.remember(user, password, generation, result.getPrincipal(), result.getAuthorities());
      succeeded(recent);
      return result;
    } catch (BadCredentialsException e) {
      verified.forget(user);
      synchronized (recent) {
        recent.addLast(now);
      }
      throw e;
    }
  }

  private static void succeeded(Deque<Instant> recent) {
    synchronized (recent) {
      if (!recent.isEmpty()) {
        recent.clear();
      }
    }
  }
}
