package org.pathway;

import org.pathway.engine.EngineMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says in one line where the service listens and which engine and database it uses. */
@Component
class StartupReport {

  private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

  @EventListener
  void ready(ApplicationReadyEvent event) {
    Environment env = event.getApplicationContext().getEnvironment();
    String mode = env.getProperty(EngineMode.PROPERTY, EngineMode.EMBEDDED);
    String engine =
        EngineMode.EMBEDDED.equals(mode)
            ? "embedded in-memory Zeebe on gRPC port "
                + env.getProperty(EngineMode.EMBEDDED_PORT)
                + " (state lasts as long as this process)"
            : "remote Camunda cluster at " + env.getProperty("camunda.client.grpc-address");
    String url = env.getProperty("spring.datasource.url", "");
    String database =
        url.startsWith("jdbc:h2:mem:")
            ? "in-memory H2 in PostgreSQL mode (state lasts as long as this process)"
            : url.replaceAll("password=[^&;]*", "password=***");
    LOG.info(
        "Care pathway service listening on http://{}:{} | engine: {} | database: {}",
        env.getProperty("server.address", "0.0.0.0"),
        env.getProperty("local.server.port", env.getProperty("server.port")),
        engine,
        database);
  }
}
