package org.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be started here (no Docker engine), so it is checked statically: well
 * formed, images pinned to Camunda 8.8.x, and the service wired to the cluster and database the
 * same way its own configuration reads them.
 */
class DockerComposeTest {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static Map<String, Object> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws IOException {
    Map<String, Object> compose =
        new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    services = (Map<String, Object>) compose.get("services");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> service(String name) {
    assertThat(services).containsKey(name);
    return (Map<String, Object>) services.get(name);
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> env(String name) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String entry : (List<String>) service(name).get("environment")) {
      int eq = entry.indexOf('=');
      env.put(entry.substring(0, eq), entry.substring(eq + 1));
    }
    return env;
  }

  @SuppressWarnings("unchecked")
  static List<String> containerPorts(String name) {
    return ((List<String>) service(name).get("ports"))
        .stream().map(p -> p.substring(p.lastIndexOf(':') + 1)).toList();
  }

  @Test
  void imagesArePinned() {
    assertThat((String) service("camunda").get("image")).matches("camunda/camunda:8\\.8\\.\\d+");
    assertThat((String) service("elasticsearch").get("image"))
        .matches("docker\\.elastic\\.co/elasticsearch/elasticsearch:8\\.\\d+\\.\\d+");
    assertThat((String) service("postgres").get("image")).matches("postgres:15\\.\\d+");
  }

  @Test
  void theClusterRunsOperateAndTasklistOnElasticsearch() {
    Map<String, String> camunda = env("camunda");
    assertThat(camunda.get("SPRING_PROFILES_ACTIVE").split(","))
        .contains("broker", "operate", "tasklist");
    assertThat(camunda).containsEntry("CAMUNDA_DATA_SECONDARYSTORAGE_TYPE", "elasticsearch");
    assertThat(URI.create(camunda.get("CAMUNDA_DATA_SECONDARYSTORAGE_ELASTICSEARCH_URL")).getHost())
        .isEqualTo("elasticsearch");
    assertThat(containerPorts("camunda")).contains("26500", "8080");
  }

  @Test
  void theServiceUsesTheRemoteClusterAndPostgres() throws IOException {
    Map<String, String> pathway = env("pathway");
    assertThat(pathway).containsEntry("PATHWAY_ENGINE", "remote");

    URI grpc = URI.create(pathway.get("CAMUNDA_CLIENT_GRPCADDRESS"));
    URI rest = URI.create(pathway.get("CAMUNDA_CLIENT_RESTADDRESS"));
    assertThat(grpc.getHost()).isEqualTo("camunda");
    assertThat(rest.getHost()).isEqualTo("camunda");
    assertThat(containerPorts("camunda"))
        .contains(String.valueOf(grpc.getPort()), String.valueOf(rest.getPort()));

    Map<String, String> postgres = env("postgres");
    URI db = URI.create(pathway.get("PATHWAY_DB_URL").substring("jdbc:".length()));
    assertThat(db.getHost()).isEqualTo("postgres");
    assertThat(db.getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
    // migrations as the database owner, the service as the runtime role the init script creates
    assertThat(pathway.get("SPRING_FLYWAY_USER")).isEqualTo(postgres.get("POSTGRES_USER"));
    assertThat(pathway.get("SPRING_FLYWAY_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
    assertThat(pathway.get("PATHWAY_DB_USER")).isNotEqualTo(postgres.get("POSTGRES_USER"));
    assertThat(((List<?>) service("postgres").get("volumes")).stream().map(String::valueOf))
        .contains("./deploy/postgres:/docker-entrypoint-initdb.d:ro");
    assertThat(Files.readString(ROOT.resolve("deploy/postgres/init-runtime-role.sql")))
        .contains("create role " + pathway.get("PATHWAY_DB_USER") + " login password '"
            + pathway.get("PATHWAY_DB_PASSWORD") + "'");

    // every PATHWAY_* variable the compose file sets is one the service reads
    String config =
        Files.readString(ROOT.resolve("workers/src/main/resources/application.yml"));
    pathway.keySet().stream()
        .filter(k -> k.startsWith("PATHWAY_"))
        .forEach(k -> assertThat(config).as(k).contains("${" + k + ":"));
    assertThat(containerPorts("pathway")).containsExactly(pathway.get("PATHWAY_PORT"));
  }

  @Test
  void theServiceImageIsBuiltFromThisRepository() throws IOException {
    assertThat(service("pathway").get("build")).isEqualTo(".");
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    assertThat(dockerfile)
        .contains("/src/workers/target/care-pathway-service-production.jar")
        .doesNotContain("care-pathway-demo")
        .contains("ENV PATHWAY_ENGINE=remote")
        .contains("EXPOSE " + env("pathway").get("PATHWAY_PORT"))
        .containsPattern("FROM eclipse-temurin:2[1-9]");
  }
}
