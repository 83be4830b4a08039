package org.pathway.clinical;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ICE and CAPD totals from the items a nurse ticked, computed here rather than trusted from the
 * form, which only shows them.
 */
public final class NeuroScores {

  private NeuroScores() {}

  /** Reference §4.1: orientation 4 points, naming 3, commands, writing and attention 1 each. */
  public static final Set<String> ICE_ORIENTATION = Set.of("YEAR", "MONTH", "CITY", "HOSPITAL");

  public static final Set<String> ICE_NAMING = Set.of("OBJECT_1", "OBJECT_2", "OBJECT_3");

  /**
   * Reference §4.4: the eight CAPD items in order, each 0–4 as the form scores it (items 1–4 are
   * reverse-scored on the form: "never" is 4).
   */
  public static final List<String> CAPD_ITEMS =
      List.of(
          "capdEyeContact",
          "capdPurposeful",
          "capdAware",
          "capdCommunicates",
          "capdRestless",
          "capdInconsolable",
          "capdUnderactive",
          "capdSlowToRespond");

  /** An item that is not one of the instrument's, or out of its range. */
  public static final class InvalidItem extends IllegalArgumentException {
    private final String item;

    InvalidItem(String item, String problem) {
      super(item + " " + problem);
      this.item = item;
    }

    public String item() {
      return item;
    }
  }

  /** The ICE score, 0–10. */
  public static int ice(
      Collection<String> orientation,
      Collection<String> naming,
      boolean commands,
      boolean writing,
      boolean attention) {
    return distinct("iceOrientation", orientation, ICE_ORIENTATION)
        + distinct("iceNaming", naming, ICE_NAMING)
        + (commands ? 1 : 0)
        + (writing ? 1 : 0)
        + (attention ? 1 : 0);
  }

  /** The CAPD total, 0–32; every item must be scored. */
  public static int capd(Map<String, ?> items) {
    int total = 0;
    for (String item : CAPD_ITEMS) {
      total += capdItem(item, items.get(item));
    }
    return total;
  }

  private static int capdItem(String item, Object value) {
    int score;
    try {
      score =
          value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new InvalidItem(item, "must be scored 0 to 4, got " + value);
    }
    if (score < 0 || score > 4) {
      throw new InvalidItem(item, "must be scored 0 to 4, got " + value);
    }
    return score;
  }

  private static int distinct(String item, Collection<String> ticked, Set<String> allowed) {
    if (ticked == null) {
      return 0;
    }
    Set<String> seen = new HashSet<>();
    for (String value : ticked) {
      if (!allowed.contains(value)) {
        throw new InvalidItem(item, "has no item " + value + "; items: " + allowed);
      }
      if (!seen.add(value)) {
        throw new InvalidItem(item, "lists " + value + " twice");
      }
    }
    return seen.size();
  }
}
