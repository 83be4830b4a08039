package org.pathway.evaluation;

import org.pathway.clinical.InputError;
import org.pathway.clinical.TimelineParser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile numbers are refused by the parser with the field named, never wrapped, rounded or graded:
 * ./pathway evaluate and the bedside intake both read through it, and apply the intake's limits.
 */
class TimelineParserTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode timeline() {
    ObjectNode doc = JSON.createObjectNode().put("schema", TimelineParser.SCHEMA);
    doc.putObject("patient")
        .put("id", "P-1").put("ageYears", 60).put("weightKg", 70).put("developmentalDelay", false)
        .put("therapyClass", "CAR_T").put("infusionAt", "2026-01-01T10:00:00Z").put("immunosuppressed", false);
    return doc;
  }

  static ObjectNode neuro(String iceJson) throws Exception {
    ObjectNode doc = timeline();
    doc.putArray("neuro").add(JSON.readTree(
        "{\"at\":\"2026-01-02T10:00:00Z\",\"ice\":" + iceJson + ",\"consciousness\":\"AWAKE\","
            + "\"seizure\":\"NONE\",\"cerebralEdema\":\"NONE\"}"));
    return doc;
  }

  /** ICE 4294967296 once wrapped around to 0 (ICANS grade 3, an episode and an ICU handover). */
  @ParameterizedTest
  @CsvSource({"4294967296", "-4294967296", "1e308", "11", "-1", "7.5", "2147483648"})
  void anIceScoreOutsideZeroToTenIsRefused(String ice) throws Exception {
    TimelineParser.Parsed parsed = TimelineParser.parse(neuro(ice));
    assertThat(parsed.ok()).isFalse();
    assertThat(parsed.errors()).extracting(InputError::pointer).containsExactly("/neuro/0/ice");
  }

  @ParameterizedTest
  @CsvSource({"0", "10", "7"})
  void anIceScoreFromZeroToTenIsRead(String ice) throws Exception {
    TimelineParser.Parsed parsed = TimelineParser.parse(neuro(ice));
    assertThat(parsed.errors()).isEmpty();
    assertThat(parsed.timeline().neuro().getFirst().ice()).isEqualTo(Integer.valueOf(ice));
  }

  /** The intake's plausibility limits hold for evaluate too: a 98.6 "Cel" is refused, not graded. */
  @ParameterizedTest
  @CsvSource({
    "98.6, Cel, /vitals/0/temperature/value",
    "24.9, Cel, /vitals/0/temperature/value",
    "1e308, Cel, /vitals/0/temperature/value",
    "200, [degF], /vitals/0/temperature/value"
  })
  void anImplausibleTemperatureIsRefused(String value, String unit, String pointer) throws Exception {
    ObjectNode doc = timeline();
    doc.putArray("vitals").add(JSON.readTree(
        "{\"at\":\"2026-01-02T10:00:00Z\",\"temperature\":{\"value\":" + value + ",\"unit\":\"" + unit + "\"},"
            + "\"hypotension\":false,\"vasopressors\":[],\"oxygen\":{\"device\":\"NONE\"}}"));
    assertThat(TimelineParser.parse(doc).errors()).extracting(InputError::pointer).containsExactly(pointer);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1e1000 | null | 300 | /labs/0/value",
        "1E+30 | null | 300 | /labs/0/value",
        "-5 | null | 300 | /labs/0/value",
        "450 | null | -300 | /labs/0/high",
        "450 | 400 | 300 | /labs/0/low",
        "450 | null | 1e400 | /labs/0/high"
      })
  void aLabTheIntakeRefusesIsRefused(String value, String low, String high, String pointer) throws Exception {
    ObjectNode doc = timeline();
    JsonNode lab = JSON.readTree(
        "{\"at\":\"2026-01-02T10:00:00Z\",\"loinc\":\"2276-4\",\"value\":" + value + ",\"unit\":\"ng/mL\","
            + "\"low\":" + low + ",\"high\":" + high + "}");
    doc.putArray("labs").add(lab);
    assertThat(TimelineParser.parse(doc).errors()).extracting(InputError::pointer).containsExactly(pointer);
  }
}
