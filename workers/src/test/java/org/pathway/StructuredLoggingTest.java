package org.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.api.RequestIdFilter;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * PATHWAY_LOG_FORMAT alone turns the console into Spring Boot's structured JSON lines (unset: plain
 * text), and such a line carries the request id from the logging context.
 */
class StructuredLoggingTest {

  static final String CONSOLE_FORMAT = "logging.structured.format.console";

  /** The service's configuration with the given variables before it, as Spring Boot reads them. */
  private static StandardEnvironment environment(Map<String, Object> variables) throws Exception {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().addFirst(new MapPropertySource("variables", variables));
    new YamlPropertySourceLoader()
        .load("application.yml", new ClassPathResource("application.yml"))
        .forEach(env.getPropertySources()::addLast);
    return env;
  }

  @Test
  void unsetTheConsoleStaysPlain() throws Exception {
    // an empty format is Spring Boot's plain pattern
    assertThat(environment(Map.of()).getProperty(CONSOLE_FORMAT)).isEmpty();
  }

  @Test
  void oneVariableSelectsJsonLinesThatCarryTheRequestId() throws Exception {
    StandardEnvironment env = environment(Map.of("PATHWAY_LOG_FORMAT", "ecs"));
    assertThat(env.getProperty(CONSOLE_FORMAT)).isEqualTo("ecs");

    // the encoder Spring Boot puts on the console for that property
    LoggerContext context = new LoggerContext();
    context.putObject(Environment.class.getName(), env);
    StructuredLogEncoder encoder = new StructuredLogEncoder();
    encoder.setContext(context);
    encoder.setFormat(env.getProperty(CONSOLE_FORMAT));
    encoder.start();
    LoggingEvent event = new LoggingEvent();
    event.setLoggerName("org.pathway.intake.OutboxPublisher");
    event.setLevel(Level.INFO);
    event.setThreadName("request");
    event.setMessage("stored");
    event.setTimeStamp(System.currentTimeMillis());
    event.setMDCPropertyMap(Map.of(RequestIdFilter.MDC_KEY, "req-42"));

    JsonNode line = new ObjectMapper().readTree(new String(encoder.encode(event), StandardCharsets.UTF_8));
    assertThat(line.get("message").asText()).isEqualTo("stored");
    assertThat(line.get("requestId").asText()).isEqualTo("req-42");
    assertThat(line.at("/service/name").asText()).isEqualTo("care-pathway");
  }
}
