package org.pathway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ICE (reference §4.1) and CAPD (§4.4) totals from the items, and the items refused. */
class NeuroScoresTest {

  @Test
  void iceCountsEachItemOnce() {
    assertThat(NeuroScores.ice(List.of("YEAR", "MONTH", "CITY", "HOSPITAL"),
        List.of("OBJECT_1", "OBJECT_2", "OBJECT_3"), true, true, true)).isEqualTo(10);
    assertThat(NeuroScores.ice(null, null, false, false, false)).isZero();
    // 7 is grade 1, 6 is grade 2 (§4.2): one point apart
    assertThat(NeuroScores.ice(List.of("YEAR", "MONTH", "CITY", "HOSPITAL"), List.of("OBJECT_1", "OBJECT_2"),
        true, false, false)).isEqualTo(7);
    assertThat(NeuroScores.ice(List.of("YEAR", "MONTH", "CITY"), List.of("OBJECT_1", "OBJECT_2"),
        true, false, false)).isEqualTo(6);
  }

  @Test
  void iceRefusesUnknownAndRepeatedItems() {
    assertThatThrownBy(() -> NeuroScores.ice(List.of("YEAR", "YEAR"), List.of(), false, false, false))
        .isInstanceOf(NeuroScores.InvalidItem.class).hasMessageContaining("iceOrientation lists YEAR twice");
    assertThatThrownBy(() -> NeuroScores.ice(List.of(), List.of("OBJECT_4"), false, false, false))
        .hasMessageContaining("iceNaming has no item OBJECT_4");
  }

  private static Map<String, Object> capd(Object each) {
    Map<String, Object> items = new HashMap<>();
    NeuroScores.CAPD_ITEMS.forEach(i -> items.put(i, each));
    return items;
  }

  @Test
  void capdSumsEightItemsOfZeroToFour() {
    assertThat(NeuroScores.capd(capd(0))).isZero();
    assertThat(NeuroScores.capd(capd("4"))).isEqualTo(32);
    Map<String, Object> eight = capd(1);
    assertThat(NeuroScores.capd(eight)).isEqualTo(8); // <9: negative screen
    eight.put("capdRestless", 2);
    assertThat(NeuroScores.capd(eight)).isEqualTo(9); // >=9: positive screen (§4.4)
  }

  @Test
  void capdNeedsEveryItemInRange() {
    Map<String, Object> missing = capd(1);
    missing.remove("capdInconsolable");
    assertThatThrownBy(() -> NeuroScores.capd(missing)).hasMessageContaining("capdInconsolable must be scored 0 to 4");
    Map<String, Object> five = capd(1);
    five.put("capdAware", 5);
    assertThatThrownBy(() -> NeuroScores.capd(five)).hasMessageContaining("capdAware must be scored 0 to 4, got 5");
  }
}
