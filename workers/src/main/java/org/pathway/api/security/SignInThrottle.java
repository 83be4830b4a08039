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
import org.springframework.security.core.Authentication;

/**
 * Password guessing on HTTP Basic: after {@code maxFailures} wrong passwords for a user within
 * {@code window}, that user is refused, right password or not, until the window has passed since
 * the last failure. Only the service's own user names are tracked, so random names cannot grow it.
 */
final class SignInThrottle implements AuthenticationManager {

  private final AuthenticationManager delegate;
  private final Set<String> users;
  private final SecurityProperties.BasicLockout policy;
  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  SignInThrottle(
      AuthenticationManager delegate, Set<String> users, SecurityProperties.BasicLockout policy, Clock clock) {
    this.delegate = delegate;
    this.users = Set.copyOf(users);
    this.policy = policy;
    this.clock = clock;
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
          throw new LockedException(
              "sign-in for " + user + " locked after " + recent.size() + " wrong passwords; try again after "
                  + recent.peekLast().plus(policy.window()));
        }
      }
    }
    try {
      Authentication result = delegate.authenticate(request);
      if (recent != null) {
        synchronized (recent) {
          recent.clear();
        }
      }
      return result;
    } catch (BadCredentialsException e) {
      if (recent != null) {
        synchronized (recent) {
          recent.addLast(now);
        }
      }
      throw e;
    }
  }
}
