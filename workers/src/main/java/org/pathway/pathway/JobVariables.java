package org.pathway.pathway;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Typed access to a job's variables. A missing or malformed variable is a data error that no retry
 * can fix: the job fails at once with no retries left, so Operate shows an incident naming the
 * variable instead of the worker retrying into a storm.
 */
final class JobVariables {

  private final ActivatedJob job;
  private final Map<String, Object> values;

  JobVariables(ActivatedJob job) {
    this.job = job;
    this.values = job.getVariablesAsMap();
  }

  Object raw(String name) {
    return values.get(name);
  }

  String string(String name) {
    Object value = values.get(name);
    if (!(value instanceof String s) || s.isBlank()) {
      throw dataError(name, "is missing or not a text value");
    }
    return s;
  }

  Instant instant(String name) {
    try {
      return Instant.parse(string(name));
    } catch (DateTimeParseException e) {
      throw dataError(name, "is not an ISO-8601 instant: " + values.get(name));
    }
  }

  Duration duration(String name) {
    try {
      return Duration.parse(string(name));
    } catch (DateTimeParseException e) {
      throw dataError(name, "is not an ISO-8601 duration: " + values.get(name));
    }
  }

  LocalTime localTime(String name) {
    try {
      return LocalTime.parse(string(name));
    } catch (DateTimeParseException e) {
      throw dataError(name, "is not a time of day (HH:mm): " + values.get(name));
    }
  }

  ZoneId zone(String name) {
    try {
      return ZoneId.of(string(name));
    } catch (RuntimeException e) {
      throw dataError(name, "is not a time zone id: " + values.get(name));
    }
  }

  int integer(String name) {
    Object value = values.get(name);
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    throw dataError(name, "is missing or not a whole number: " + value);
  }

  /** A number, exactly as given (no binary rounding). */
  java.math.BigDecimal decimal(String name) {
    return decimal(name, values.get(name));
  }

  /** A number found inside a variable (e.g. a decision result's field), named for the error. */
  java.math.BigDecimal decimal(String name, Object value) {
    if (value instanceof Number n) {
      return new java.math.BigDecimal(n.toString());
    }
    throw dataError(name, "is missing or not a number: " + value);
  }

  Integer optionalInteger(String name) {
    return values.get(name) == null ? null : integer(name);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> map(String name) {
    Object value = values.get(name);
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw dataError(name, "is missing or not an object");
  }

  RuntimeException dataError(String variable, String problem) {
    return CamundaError.jobError(
        "Variable '"
            + variable
            + "' "
            + problem
            + " (job "
            + job.getType()
            + " at "
            + job.getElementId()
            + ")",
        null,
        0);
  }
}
