package org.pathway.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class EngineConfiguration {

  @Bean
  ModelResources modelResources() {
    return ModelResources.load();
  }

  /** The client's JSON: the service's, with numbers the engine can carry (EngineNumbers). */
  @Bean
  io.camunda.client.api.JsonMapper camundaJsonMapper(ObjectMapper json) {
    return new io.camunda.client.impl.CamundaObjectMapper(json.copy().registerModule(new EngineNumbers()));
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = EngineMode.PROPERTY,
      havingValue = EngineMode.EMBEDDED,
      matchIfMissing = true)
  static class Embedded {

    @Bean(destroyMethod = "close")
    EmbeddedEngine embeddedEngine(@Value("${" + EngineMode.EMBEDDED_PORT + "}") int port) {
      return new EmbeddedEngine(port);
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

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = EngineMode.PROPERTY, havingValue = EngineMode.REMOTE)
  static class Remote {

    @Bean
    Clock pathwayClock() {
      return Clock.systemUTC();
    }

    @Bean
    UserTaskCompleter userTaskCompleter(CamundaClient client) {
      return new RestUserTaskCompleter(client);
    }
  }
}
