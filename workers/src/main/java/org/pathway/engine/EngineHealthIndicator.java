package org.pathway.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.Topology;
import java.time.Duration;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** Up only when the engine answers a topology request (embedded or remote). */
@Component("engine")
public class EngineHealthIndicator extends AbstractHealthIndicator {

  private final CamundaClient client;

  public EngineHealthIndicator(CamundaClient client) {
    super("Zeebe engine not reachable");
    this.client = client;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Topology topology =
        client.newTopologyRequest().requestTimeout(Duration.ofSeconds(3)).send().join();
    builder.up().withDetail("brokers", topology.getBrokers().size())
        .withDetail("gatewayVersion", topology.getGatewayVersion());
  }
}
