package org.pathway.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * {@code pathway.engine.mode=embedded}: the in-memory engine, its clock and its user-task adapter.
 * An auto-configuration of the demo artifact only, so the production artifact (remote mode) holds
 * neither the engine nor its Camunda-licensed libraries.
 */
@AutoConfiguration
@ConditionalOnProperty(name = EngineMode.PROPERTY, havingValue = EngineMode.EMBEDDED, matchIfMissing = true)
public class EmbeddedEngineConfiguration {

  @Bean(destroyMethod = "close")
  EmbeddedEngine embeddedEngine(
      @Value("${" + EngineMode.EMBEDDED_PORT + "}") int port,
      // ./pathway serve --demo: the demo ward's patients were infused over the days before now
      @Value("${pathway.demo.ward.history:PT0S}") Duration history) {
    EmbeddedEngine engine = new EmbeddedEngine(port);
    if (history.isPositive()) {
      engine.turnClockBack(history);
    }
    return engine;
  }

  @Bean
  Clock pathwayClock(EmbeddedEngine engine) {
    return engine.clock();
  }

  @Bean
  UserTaskCompleter userTaskCompleter(EmbeddedEngine engine, ObjectMapper json) {
    return new LogStreamUserTaskCompleter(engine, json, Duration.ofSeconds(10));
  }
}
