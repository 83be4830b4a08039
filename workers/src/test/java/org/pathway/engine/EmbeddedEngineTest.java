package org.pathway.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.camunda.client.CamundaClient;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The embedded engine answers on the loopback address only (its gateway has no authentication), and
 * leaves no state files behind, closed or failed to start.
 */
class EmbeddedEngineTest {

  static Optional<InetAddress> nonLoopbackAddress() throws Exception {
    return NetworkInterface.networkInterfaces()
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
        .findFirst();
  }

  @Test
  void theGatewayListensOnLoopbackOnly() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (EmbeddedEngine engine = new EmbeddedEngine(port);
        CamundaClient client = CamundaClient.newClientBuilder()
            .grpcAddress(URI.create("http://" + engine.gatewayAddress())).preferRestOverGrpc(false).build()) {
      assertThat(engine.gatewayAddress()).isEqualTo("127.0.0.1:" + port);
      assertThat(client.newTopologyRequest().send().join().getBrokers()).hasSize(1);

      Optional<InetAddress> external = nonLoopbackAddress();
      assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
      int p = port;
      assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
              socket.connect(new InetSocketAddress(external.get(), p), 2000);
            }
          })
          .isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void itsStateFilesGoWithItClosedOrFailedToStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path parent)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (EmbeddedEngine engine = new EmbeddedEngine(port, parent)) {
      assertThat(engine.stateFileBytes()).isPositive();
      assertThat(stateDirectories(parent)).hasSize(1);
      // a second engine on the same port cannot start: nothing of it is left behind
      assertThatThrownBy(() -> new EmbeddedEngine(port, parent)).isInstanceOf(RuntimeException.class);
      assertThat(stateDirectories(parent)).hasSize(1);
    }
    assertThat(stateDirectories(parent)).isEmpty();
  }

  private static java.util.List<java.nio.file.Path> stateDirectories(java.nio.file.Path parent) throws Exception {
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(parent)) {
      return files.toList();
    }
  }
}
