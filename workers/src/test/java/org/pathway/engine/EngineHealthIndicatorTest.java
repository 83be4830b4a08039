package org.pathway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

class EngineHealthIndicatorTest {

  @Test
  void anUnreachableEngineIsDown() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (CamundaClient client =
        CamundaClient.newClientBuilder()
            .grpcAddress(URI.create("http://127.0.0.1:" + closedPort))
            .preferRestOverGrpc(false)
            .build()) {
      assertThat(new EngineHealthIndicator(client).health().getStatus()).isEqualTo(Status.DOWN);
    }
  }

  /**
   * The service is not healthy until its models are deployed: it once reported UP (and took an
   * enrollment it answered with 503) while the deployment was still running.
   */
  @Test
  void theServiceIsDownUntilItsModelsAreDeployed() {
    try (CamundaClient client =
        CamundaClient.newClientBuilder().grpcAddress(URI.create("http://127.0.0.1:1")).preferRestOverGrpc(false).build()) {
      assertThat(new ModelDeployer(client, ModelResources.load()).health().getStatus()).isEqualTo(Status.DOWN);
    }
  }
}
