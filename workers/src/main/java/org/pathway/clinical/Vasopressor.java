package org.pathway.clinical;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Vasopressors as drugs, not as the names they were written with (reference §3.3 "Drug names
 * (2026-12)"): the international and US names of one drug are one agent, and terlipressin counts
 * with vasopressin. Names match case-insensitively.
 */
public enum Vasopressor {
  VASOPRESSIN(true, "vasopressin", "argipressin", "arginine vasopressin", "terlipressin"),
  NOREPINEPHRINE(false, "norepinephrine", "noradrenaline"),
  EPINEPHRINE(false, "epinephrine", "adrenaline"),
  PHENYLEPHRINE(false, "phenylephrine"),
  DOPAMINE(false, "dopamine"),
  DOBUTAMINE(false, "dobutamine"),
  ANGIOTENSIN_II(false, "angiotensin ii");

  /** The agents running, for the CRS hypotension domain (§3.1, §3.3). */
  public record Count(boolean vasopressin, int nonVasopressinAgents, List<String> unknown) {}

  private final boolean vasopressinClass;
  private final Set<String> names;

  Vasopressor(boolean vasopressinClass, String... names) {
    this.vasopressinClass = vasopressinClass;
    this.names = Set.of(names);
  }

  public static Optional<Vasopressor> named(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    return EnumSet.allOf(Vasopressor.class).stream().filter(v -> v.names.contains(key)).findFirst();
  }

  /**
   * Counts distinct drugs. An unknown name is "a vasopressor" of unknown class (§3.3: review, don't
   * guess): it counts once among the non-vasopressin agents and is named in {@code unknown}.
   */
  public static Count count(Collection<String> names) {
    Set<Vasopressor> known = EnumSet.noneOf(Vasopressor.class);
    Set<String> unknown = new TreeSet<>();
    for (String name : names) {
      named(name).ifPresentOrElse(known::add, () -> unknown.add(name.trim().toLowerCase(Locale.ROOT)));
    }
    long others = known.stream().filter(v -> !v.vasopressinClass).count();
    return new Count(
        known.stream().anyMatch(v -> v.vasopressinClass), (int) others + unknown.size(), List.copyOf(unknown));
  }
}
