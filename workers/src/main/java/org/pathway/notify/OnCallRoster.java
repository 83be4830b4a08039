package org.pathway.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.pathway.store.PagingRepository;
import org.springframework.stereotype.Service;

/**
 * Each ward's on-call escalation chain: as last changed through the API (stored, so it survives a
 * restart), else the configured one (pathway.paging.roster).
 */
@Service
public class OnCallRoster {

  /** Where the chain of a ward comes from. */
  public enum Source { DATABASE, CONFIGURATION, NONE }

  public record Chain(String ward, Source source, List<PagingProperties.OnCall> people) {}

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
  private static final Pattern ROLE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  private final PagingRepository store;
  private final PagingProperties properties;

  public OnCallRoster(PagingRepository store, PagingProperties properties) {
    this.store = store;
    this.properties = properties;
  }

  public Chain chain(String ward) {
    List<PagingRepository.OnCallRow> stored = store.onCall(ward);
    if (!stored.isEmpty()) {
      return new Chain(
          ward,
          Source.DATABASE,
          stored.stream().map(r -> new PagingProperties.OnCall(r.role(), r.name(), r.email(), r.pager())).toList());
    }
    List<PagingProperties.OnCall> configured = properties.roster().get(ward);
    return configured == null || configured.isEmpty()
        ? new Chain(ward, Source.NONE, List.of())
        : new Chain(ward, Source.CONFIGURATION, List.copyOf(configured));
  }

  /**
   * The ward's chain from the first person with this role on (the decision's first role); the whole
   * chain when no one has it, so a page never goes nowhere for a role the ward does not name.
   */
  public List<PagingProperties.OnCall> chainFrom(String ward, String firstRole) {
    List<PagingProperties.OnCall> people = chain(ward).people();
    for (int i = 0; i < people.size(); i++) {
      if (people.get(i).role().equals(firstRole)) {
        return people.subList(i, people.size());
      }
    }
    return people;
  }

  /** Problems that make a chain unusable, as "/chain/i/field: problem"; empty when none. */
  public static List<String> problems(List<PagingProperties.OnCall> chain) {
    List<String> problems = new ArrayList<>();
    if (chain == null || chain.isEmpty()) {
      problems.add("/chain: at least one person must be on call");
      return problems;
    }
    for (int i = 0; i < chain.size(); i++) {
      PagingProperties.OnCall p = chain.get(i);
      String at = "/chain/" + i;
      if (p == null) {
        problems.add(at + ": missing");
        continue;
      }
      if (p.role() == null || !ROLE.matcher(p.role()).matches()) {
        problems.add(at + "/role: an upper-case role name such as WARD_PHYSICIAN, SENIOR_PHYSICIAN, ICU");
      }
      if (p.name() == null || p.name().isBlank() || p.name().length() > 200) {
        problems.add(at + "/name: required, at most 200 characters");
      }
      boolean email = p.email() != null && !p.email().isBlank();
      boolean pager = p.pager() != null && !p.pager().isBlank();
      if (!email && !pager) {
        problems.add(at + ": an email or a pager (the paging gateway's recipient) is required");
      }
      if (email && (!EMAIL.matcher(p.email()).matches() || p.email().length() > 320)) {
        problems.add(at + "/email: not an e-mail address");
      }
      if (pager && p.pager().length() > 200) {
        problems.add(at + "/pager: at most 200 characters");
      }
    }
    return problems;
  }

  /** Replaces the ward's chain (validated by {@link #problems} first). */
  public void replace(String ward, List<PagingProperties.OnCall> chain, String changedBy, Instant at) {
    store.replaceOnCall(
        ward,
        chain.stream()
            .map(p -> new PagingRepository.OnCallRow(p.role().toUpperCase(Locale.ROOT), p.name().strip(), blankToNull(p.email()), blankToNull(p.pager())))
            .toList(),
        changedBy,
        at);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
