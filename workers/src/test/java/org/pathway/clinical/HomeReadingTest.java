package org.pathway.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Home readings (reference §12.1): what a fever run is (febrile readings with no fever-free
 * temperature between, °F read as °C) and how long it lasts, where the baseline systolic pressure
 * comes from, and how a reading is checked on the way in.
 */
class HomeReadingTest {

  private static final Instant DOSE = Instant.parse("2026-01-01T08:00:00Z");

  private static HomeReading temp(Instant at, String value, String unit) {
    return new HomeReading(at, new Timeline.Temperature(new BigDecimal(value), unit), null, null, null, null, false);
  }

  private static HomeReading sbp(Instant at, int value, boolean baseline) {
    return new HomeReading(at, null, BigDecimal.valueOf(value), null, null, null, baseline);
  }

  @Test
  void aFeverRunLastsFromItsFirstFebrileReadingAndAFeverFreeReadingEndsIt() {
    Instant start = DOSE.plus(Duration.ofDays(1));
    Instant week = start.plus(Duration.ofDays(7));
    List<HomeReading> readings = List.of(
        temp(start, "38.2", "Cel"),
        new HomeReading(start.plus(Duration.ofDays(2)), null, BigDecimal.valueOf(110), null, null, null, false),
        temp(start.plus(Duration.ofDays(3)), "100.4", "[degF]"), // 38.0 °C: still fever
        temp(week, "38.1", "Cel"),
        temp(week.plus(Duration.ofHours(1)), "38.3", "Cel"));

    assertThat(HomeReading.feverRun(readings, 0).orElseThrow().hoursBefore()).isNull();
    HomeReading.FeverRun exactlyAWeek = HomeReading.feverRun(readings, 3).orElseThrow();
    assertThat(exactlyAWeek.since()).isEqualTo(start);
    assertThat(exactlyAWeek.hours()).isEqualByComparingTo("168");
    HomeReading.FeverRun beyond = HomeReading.feverRun(readings, 4).orElseThrow();
    assertThat(beyond.hours()).isEqualByComparingTo("169");
    assertThat(beyond.hoursBefore()).isEqualByComparingTo("168");
    // a reading without a temperature is no fever run
    assertThat(HomeReading.feverRun(readings, 1)).isEmpty();

    // 100.2 °F (37.9 °C) between: fever-free, the run starts again after it
    List<HomeReading> broken = List.of(
        temp(start, "38.2", "Cel"), temp(start.plus(Duration.ofDays(3)), "100.2", "[degF]"),
        temp(week.plus(Duration.ofHours(1)), "38.3", "Cel"));
    HomeReading.FeverRun restarted = HomeReading.feverRun(broken, 2).orElseThrow();
    assertThat(restarted.since()).isEqualTo(week.plus(Duration.ofHours(1)));
    assertThat(restarted.hours()).isEqualByComparingTo("0");
    assertThat(HomeReading.feverRun(broken, 1)).isEmpty();
  }

  @Test
  void theBaselineIsTheMarkedReadingElseTheLastBeforeTheFirstDose() {
    Instant before = DOSE.minus(Duration.ofHours(2));
    Instant after = DOSE.plus(Duration.ofDays(2));
    List<HomeReading> readings = List.of(sbp(before.minus(Duration.ofDays(1)), 130, false), sbp(before, 124, false),
        sbp(after, 95, false));
    HomeReading.Baseline derived = HomeReading.baseline(readings, DOSE, after).orElseThrow();
    assertThat(derived.systolicBp()).isEqualByComparingTo("124");
    assertThat(derived.marked()).isFalse();
    // none before the first dose: unknown
    assertThat(HomeReading.baseline(List.of(sbp(after, 95, false)), DOSE, after)).isEmpty();
    // a marked baseline wins, from its time on
    List<HomeReading> marked = List.of(sbp(before, 124, false), sbp(DOSE.plus(Duration.ofDays(1)), 110, true),
        sbp(after, 95, false));
    assertThat(HomeReading.baseline(marked, DOSE, after).orElseThrow().systolicBp()).isEqualByComparingTo("110");
    assertThat(HomeReading.baseline(marked, DOSE, DOSE).orElseThrow().systolicBp()).isEqualByComparingTo("124");
  }

  @Test
  void aReadingIsCheckedFieldByField() throws Exception {
    ObjectMapper json = new ObjectMapper();
    String at = "\"at\": \"2026-01-02T08:00:00Z\"";
    var parsed = TimelineParser.homeReadings(json.readTree("{\"homeReadings\": ["
        + "{" + at + ", \"systolicBp\": \"85\"},"
        + "{" + at + ", \"spo2\": 101},"
        + "{" + at + ", \"temperature\": {\"value\": 38.2, \"unit\": \"C\"}},"
        + "{" + at + "},"
        + "{" + at + ", \"spo2\": 95, \"baseline\": true},"
        + "{" + at + ", \"confusion\": \"yes\"},"
        + "{" + at + ", \"systolicBp\": 20},"
        + "{\"systolicBp\": 120}]}"));
    assertThat(parsed.getKey()).isEmpty();
    assertThat(parsed.getValue()).extracting(InputError::pointer).containsExactly(
        "/homeReadings/0/systolicBp", "/homeReadings/1/spo2", "/homeReadings/2/temperature/unit",
        "/homeReadings/3", "/homeReadings/4/baseline", "/homeReadings/5/confusion",
        "/homeReadings/6/systolicBp", "/homeReadings/7/at");
    assertThat(parsed.getValue().get(6).reason()).contains("30 to 300 mmHg");

    var ok = TimelineParser.homeReadings(json.readTree("{\"homeReadings\": [{" + at
        + ", \"temperature\": {\"value\": 100.4, \"unit\": \"[degF]\"}, \"systolicBp\": 89, \"spo2\": 90,"
        + " \"newOrthostaticSymptoms\": false}]}"));
    assertThat(ok.getValue()).isEmpty();
    HomeReading r = ok.getKey().get(0);
    assertThat(r.temperatureC()).isEqualByComparingTo("38.0");
    assertThat(r.febrile()).isTrue();
    assertThat(r.confusion()).isNull(); // not reported
    assertThat(r.newOrthostaticSymptoms()).isFalse();
    assertThat(TimelineParser.known(TimelineParser.HOME_READINGS,
        json.readTree("{" + at + ", \"spo2\": 95, \"deviceSerial\": \"X1\"}")).toString())
        .isEqualTo("{\"at\":\"2026-01-02T08:00:00Z\",\"spo2\":95}");
  }
}
