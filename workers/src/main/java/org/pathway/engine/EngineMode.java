package org.pathway.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * {@code pathway.engine=embedded} (default) starts the in-memory Zeebe engine inside the service and
 * points the CamundaClient at it over gRPC with REST off (the in-memory engine speaks gRPC only);
 * {@code pathway.engine=remote} leaves the standard {@code camunda.client.*} properties alone.
 */
public class EngineMode implements EnvironmentPostProcessor {

  public static final String PROPERTY = "pathway.engine.mode";
  public static final String EMBEDDED = "embedded";
  public static final String REMOTE = "remote";
  public static final String EMBEDDED_PORT = "pathway.engine.embedded-port";
  /** Only the demo artifact (demo/) and the tests carry the in-memory engine. */
  static final String EMBEDDED_ENGINE = "org.pathway.engine.EmbeddedEngine";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication app) {
    String mode = env.getProperty(PROPERTY, EMBEDDED);
    if (REMOTE.equals(mode)) {
      return;
    }
    if (!EMBEDDED.equals(mode)) {
      throw new IllegalStateException(
          PROPERTY + " must be '" + EMBEDDED + "' or '" + REMOTE + "', not '" + mode + "'");
    }
    if (!ClassUtils.isPresent(EMBEDDED_ENGINE, app.getClassLoader())) {
      throw new IllegalStateException(
          "this is the production artifact: it has no embedded engine. Set "
              + "PATHWAY_ENGINE=remote and the camunda.client.* connection (README, \"Engine and "
              + "database modes\"), or run the demo artifact with ./pathway serve");
    }
    int port = env.getProperty(EMBEDDED_PORT, Integer.class, 26500);
    if (port == 0) {
      port = freePort();
    }
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(EMBEDDED_PORT, port);
    props.put("camunda.client.mode", "self-managed");
    props.put("camunda.client.grpc-address", "http://127.0.0.1:" + port);
    props.put("camunda.client.rest-address", "http://127.0.0.1:" + port);
    props.put("camunda.client.prefer-rest-over-grpc", false);
    props.put("camunda.client.auth.method", "none");
    env.getPropertySources().addFirst(new MapPropertySource("pathway-embedded-engine", props));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the embedded engine", e);
    }
  }
}
