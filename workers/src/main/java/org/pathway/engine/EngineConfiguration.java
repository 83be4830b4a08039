package org.pathway.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What both engine modes share, and the remote mode's beans. The embedded mode's beans come with the
 * demo artifact ({@code EmbeddedEngineConfiguration} in {@code demo/}).
 */
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
