package org.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.camunda.client.spring.properties.CamundaClientAuthProperties;
import io.camunda.client.spring.properties.CamundaClientProperties;
import io.camunda.security.configuration.ConfiguredAuthorization;
import io.camunda.security.configuration.ConfiguredGroup;
import io.camunda.security.configuration.ConfiguredUser;
import io.camunda.security.configuration.SecurityConfiguration;
import io.camunda.security.entity.AuthenticationMethod;
import io.camunda.zeebe.protocol.record.value.AuthorizationOwnerType;
import io.camunda.zeebe.protocol.record.value.AuthorizationResourceType;
import io.camunda.zeebe.protocol.record.value.PermissionType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.api.security.SecurityProperties;
import org.pathway.model.PathwayModel;
import org.springframework.boot.autoconfigure.flyway.FlywayProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be started here (no Docker engine), so it is checked statically: every
 * image pinned, every service with a readiness health check that the services depending on it wait
 * for, the cluster's authentication and authorizations bound by Camunda 8.8's own configuration
 * classes (camunda-security-core 8.8 is on the test class path), its groups and authorizations
 * derived from the BPMN models, and every variable the service container gets bound by the class
 * the service binds it with.
 */
class DockerComposeTest {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  static final String ZEEBE = "http://camunda.org/schema/zeebe/1.0";
  static final String CAMUNDA_CONFIG_PATH = "/usr/local/camunda/config/application.yaml";

  static Map<String, Object> services;
  static Map<String, Set<String>> candidateGroupsByProcess;
  static Set<String> messageNames;
  /** Processes a message starts (the service publishes it): the service creates their instances. */
  static Set<String> messageStarted;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws Exception {
    Map<String, Object> compose =
        new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    services = (Map<String, Object>) compose.get("services");
    candidateGroupsByProcess = new TreeMap<>();
    messageNames = new TreeSet<>();
    messageStarted = new TreeSet<>();
    try (Stream<Path> files = Files.list(ROOT.resolve("bpmn"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).toList()) {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(file.toFile());
        NodeList processes = doc.getElementsByTagNameNS(BPMN, "process");
        for (int i = 0; i < processes.getLength(); i++) {
          Element process = (Element) processes.item(i);
          Set<String> groups = new TreeSet<>();
          NodeList assignments = process.getElementsByTagNameNS(ZEEBE, "assignmentDefinition");
          for (int j = 0; j < assignments.getLength(); j++) {
            for (String g : ((Element) assignments.item(j)).getAttribute("candidateGroups").split(",")) {
              if (!g.isBlank()) {
                groups.add(g.trim());
              }
            }
          }
          candidateGroupsByProcess.put(process.getAttribute("id"), groups);
          NodeList children = process.getChildNodes();
          for (int j = 0; j < children.getLength(); j++) {
            if (children.item(j) instanceof Element start && "startEvent".equals(start.getLocalName())
                && start.getElementsByTagNameNS(BPMN, "messageEventDefinition").getLength() > 0) {
              messageStarted.add(process.getAttribute("id"));
            }
          }
        }
        NodeList messages = doc.getElementsByTagNameNS(BPMN, "message");
        for (int i = 0; i < messages.getLength(); i++) {
          messageNames.add(((Element) messages.item(i)).getAttribute("name"));
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> service(String name) {
    assertThat(services).containsKey(name);
    return (Map<String, Object>) services.get(name);
  }

  /** The environment as written in the file (${VAR:-default} not yet interpolated). */
  @SuppressWarnings("unchecked")
  static Map<String, String> env(String name) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String entry : (List<String>) service(name).get("environment")) {
      int eq = entry.indexOf('=');
      env.put(entry.substring(0, eq), entry.substring(eq + 1));
    }
    return env;
  }

  static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

  /**
   * The environment the container gets when none of the variables is set (compose's own
   * interpolation of ${VAR}, ${VAR:-default}, ${VAR-default}), with the given ones set.
   */
  static Map<String, String> resolvedEnv(String name, Map<String, String> variables) {
    Map<String, String> env = new LinkedHashMap<>();
    env(name).forEach((k, v) -> {
      Matcher m = COMPOSE_VARIABLE.matcher(v);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String value = variables.getOrDefault(m.group(1), m.group(2) == null ? "" : m.group(2));
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      env.put(k, out.toString());
    });
    return env;
  }

  static Map<String, String> resolvedEnv(String name) {
    return resolvedEnv(name, Map.of());
  }

  @SuppressWarnings("unchecked")
  static List<String> containerPorts(String name) {
    return ((List<String>) service(name).get("ports"))
        .stream().map(p -> p.substring(p.lastIndexOf(':') + 1)).toList();
  }

  /** The host port compose publishes a container port of the service at. */
  @SuppressWarnings("unchecked")
  static String hostPort(String name, String containerPort) {
    return ((List<String>) service(name).get("ports")).stream()
        .map(p -> p.split(":"))
        .filter(p -> p[p.length - 1].equals(containerPort))
        .map(p -> p[p.length - 2])
        .findFirst().orElseThrow(() -> new AssertionError(name + " publishes no port " + containerPort));
  }

  @SuppressWarnings("unchecked")
  static List<String> volumes(String name) {
    return ((List<Object>) service(name).get("volumes")).stream().map(String::valueOf).toList();
  }

  static Binder binder(PropertySource<?>... sources) {
    MutablePropertySources all = new MutablePropertySources();
    for (PropertySource<?> s : sources) {
      all.addLast(s);
    }
    return new Binder(
        ConfigurationPropertySources.from(all),
        new PropertySourcesPlaceholdersResolver(all),
        ApplicationConversionService.getSharedInstance());
  }

  /** The container's environment as Spring Boot reads it (relaxed names, e.g. FOO_BARBAZ). */
  static PropertySource<?> environment(Map<String, String> env) {
    return new SystemEnvironmentPropertySource(
        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(env));
  }

  /** The prefix a @ConfigurationProperties class is bound under (value and prefix are aliases). */
  static String prefix(Class<?> properties) {
    return AnnotatedElementUtils.findMergedAnnotation(properties, ConfigurationProperties.class).prefix();
  }

  static List<PropertySource<?>> yaml(Path file) throws IOException {
    return new YamlPropertySourceLoader().load(file.toString(), new FileSystemResource(file));
  }

  // --- images, health checks, start order

  @Test
  void everyImageIsPinnedToAnExactVersion() {
    services.forEach((name, s) -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> service = (Map<String, Object>) s;
      if (service.containsKey("build")) {
        return;
      }
      // a tag, not latest nor a floating major (postgres:15, camunda/camunda:8.8)
      assertThat((String) service.get("image")).as(name).matches("[^:]+:[a-z-]*\\d+\\.\\d+(\\.\\d+)?");
    });
    // the versions of camunda-distributions' docker-compose/versions/camunda-8.8/.env
    assertThat((String) service("camunda").get("image")).matches("camunda/camunda:8\\.8\\.\\d+");
    assertThat((String) service("elasticsearch").get("image"))
        .matches("docker\\.elastic\\.co/elasticsearch/elasticsearch:8\\.\\d+\\.\\d+");
    assertThat((String) service("keycloak").get("image")).matches("camunda/keycloak:quay-26\\.\\d+\\.\\d+");
    assertThat((String) service("postgres").get("image")).matches("postgres:15\\.\\d+");
    assertThat((String) service("keycloak-db").get("image")).matches("postgres:15\\.\\d+");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyServiceWaitsForTheReadinessOfWhatItNeeds() {
    services.forEach((name, s) -> {
      Map<String, Object> service = (Map<String, Object>) s;
      Map<String, Object> health = (Map<String, Object>) service.get("healthcheck");
      assertThat(health).as(name + " healthcheck").isNotNull();
      assertThat((List<String>) health.get("test")).as(name).isNotEmpty();
      Object dependsOn = service.get("depends_on");
      if (dependsOn == null) {
        return;
      }
      // the long form only: the short list form waits for the start, not the health
      assertThat(dependsOn).as(name + " depends_on").isInstanceOf(Map.class);
      ((Map<String, Map<String, Object>>) dependsOn).forEach((dependency, condition) -> {
        assertThat(condition).as(name + " -> " + dependency).containsEntry("condition", "service_healthy");
        Map<String, Object> target = service(dependency);
        assertThat(target).as(dependency).containsKey("healthcheck");
        // a service started without a profile cannot wait for one that only runs with it
        if (service.get("profiles") == null) {
          assertThat(target.get("profiles")).as(name + " -> " + dependency).isNull();
        }
      });
    });
    assertThat(((Map<String, Object>) service("pathway").get("depends_on")).keySet())
        .containsExactlyInAnyOrder("camunda", "postgres");
    assertThat(((Map<String, Object>) service("camunda").get("depends_on")).keySet())
        .containsExactly("elasticsearch");
    assertThat(((Map<String, Object>) service("keycloak").get("depends_on")).keySet())
        .containsExactly("keycloak-db");
  }

  static final Pattern HTTP_PROBE =
      Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/(\\d+) .*GET (\\S+) HTTP/1\\.1.*grep -q ' 200 '", Pattern.DOTALL);

  /** The port and path a bash /dev/tcp health check requests, asserting it wants a 200. */
  @SuppressWarnings("unchecked")
  static Map.Entry<Integer, String> probe(String name) {
    List<String> test = (List<String>) ((Map<String, Object>) service(name).get("healthcheck")).get("test");
    assertThat(test.subList(0, 3)).as(name).containsExactly("CMD", "bash", "-c");
    Matcher m = HTTP_PROBE.matcher(test.get(3));
    assertThat(m.find()).as(name + ": " + test.get(3)).isTrue();
    return Map.entry(Integer.parseInt(m.group(1)), m.group(2));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theHealthChecksAskForReadiness() throws IOException {
    // the orchestration cluster's readiness on its management port (as camunda-distributions'
    // 8.8 Console configuration probes it), not merely an open port
    assertThat(probe("camunda")).isEqualTo(Map.entry(9600, "/actuator/health/readiness"));
    assertThat(containerPorts("camunda")).contains("9600");

    // Keycloak's readiness on its management port 9000, under the relative path
    Map<String, String> keycloak = env("keycloak");
    assertThat(keycloak).containsEntry("KC_HEALTH_ENABLED", "true");
    assertThat(probe("keycloak"))
        .isEqualTo(Map.entry(9000, keycloak.get("KC_HTTP_RELATIVE_PATH") + "/health/ready"));

    // the service's readiness group: engine, models and database (application.yml)
    List<String> test = (List<String>) ((Map<String, Object>) service("pathway").get("healthcheck")).get("test");
    assertThat(test.get(0)).isEqualTo("CMD-SHELL");
    assertThat(test.get(1)).startsWith("curl -fs http://localhost:" + env("pathway").get("PATHWAY_PORT")
        + "/actuator/health/readiness ");
    Binder app = binder(yaml(ROOT.resolve("workers/src/main/resources/application.yml")).toArray(PropertySource[]::new));
    assertThat(app.bind("management.endpoint.health.probes.enabled", Boolean.class).get()).isTrue();
    assertThat(app.bind("management.endpoint.health.group.readiness.include", Bindable.listOf(String.class)).get())
        .contains("engine", "models", "db");
  }

  // --- the orchestration cluster's security

  static SecurityConfiguration camundaSecurity() throws IOException {
    Path config = ROOT.resolve("deploy/camunda/application.yaml");
    List<PropertySource<?>> sources = new ArrayList<>(yaml(config));
    sources.add(environment(resolvedEnv("camunda")));
    // every key under camunda.security must be one Camunda 8.8 binds: a misspelt one fails here
    return binder(sources.toArray(PropertySource[]::new))
        .bind("camunda.security", Bindable.of(SecurityConfiguration.class),
            new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
        .get();
  }

  @Test
  void theClusterRequiresAuthenticationAndAuthorizations() throws IOException {
    assertThat(volumes("camunda"))
        .contains("./deploy/camunda/application.yaml:" + CAMUNDA_CONFIG_PATH + ":ro");
    // one place for the cluster's security: an environment variable would replace its lists
    assertThat(env("camunda").keySet()).noneMatch(k -> k.startsWith("CAMUNDA_SECURITY_"));

    SecurityConfiguration security = camundaSecurity();
    assertThat(security.getAuthentication().getMethod()).isEqualTo(AuthenticationMethod.BASIC);
    assertThat(security.getAuthentication().getUnprotectedApi()).isFalse();
    assertThat(security.isApiProtected()).isTrue();
    assertThat(security.getAuthorizations().isEnabled()).isTrue();

    List<ConfiguredUser> users = security.getInitialization().getUsers();
    assertThat(users).allSatisfy(u -> {
      assertThat(u.getUsername()).isNotBlank();
      // every password placeholder resolved from the container's environment
      assertThat(u.getPassword()).as(u.getUsername()).isNotBlank().doesNotContain("${");
    });
    // the administrator of Operate and Identity is the only admin
    assertThat(security.getInitialization().getDefaultRoles())
        .containsOnlyKeys("admin")
        .extractingByKey("admin")
        .satisfies(admin -> assertThat(admin).containsOnlyKeys("users"));
    assertThat(security.getInitialization().getDefaultRoles().get("admin").get("users"))
        .containsExactly("demo");
  }

  @Test
  void everyAuthorizationIsOneCamundaKnowsForAnOwnerThatExists() throws IOException {
    SecurityConfiguration security = camundaSecurity();
    Set<String> users = security.getInitialization().getUsers().stream()
        .map(ConfiguredUser::getUsername).collect(Collectors.toSet());
    Set<String> groups = security.getInitialization().getGroups().stream()
        .map(ConfiguredGroup::groupId).collect(Collectors.toSet());
    assertThat(security.getInitialization().getAuthorizations()).isNotEmpty().allSatisfy(a -> {
      assertThat(a.resourceType().getSupportedPermissionTypes()).as(a.toString()).containsAll(a.permissions());
      assertThat(a.resourceId()).as(a.toString()).isNotBlank();
      assertThat(a.ownerType()).isIn(AuthorizationOwnerType.USER, AuthorizationOwnerType.GROUP);
      assertThat(a.ownerType() == AuthorizationOwnerType.USER ? users : groups).as(a.toString())
          .contains(a.ownerId());
    });
    assertThat(security.getInitialization().getGroups())
        .allSatisfy(g -> assertThat(users).as(g.groupId()).containsAll(g.users()));
  }

  static Map<String, Set<PermissionType>> permissions(
      SecurityConfiguration security, AuthorizationOwnerType ownerType, String ownerId,
      AuthorizationResourceType resourceType) {
    Map<String, Set<PermissionType>> byResource = new TreeMap<>();
    for (ConfiguredAuthorization a : security.getInitialization().getAuthorizations()) {
      if (a.ownerType() == ownerType && a.ownerId().equals(ownerId) && a.resourceType() == resourceType) {
        byResource.computeIfAbsent(a.resourceId(), k -> EnumSet.noneOf(PermissionType.class))
            .addAll(a.permissions());
      }
    }
    return byResource;
  }

  @Test
  void tasklistGroupsAreTheCandidateGroupsAndReadOnlyThePathwaysTasks() throws IOException {
    SecurityConfiguration security = camundaSecurity();
    Set<String> candidateGroups = candidateGroupsByProcess.values().stream()
        .flatMap(Collection::stream).collect(Collectors.toCollection(TreeSet::new));
    assertThat(candidateGroups).contains("ward-nurses", "physicians", "icu-team");
    assertThat(security.getInitialization().getGroups()).extracting(ConfiguredGroup::groupId)
        .containsExactlyInAnyOrderElementsOf(candidateGroups);

    for (ConfiguredGroup group : security.getInitialization().getGroups()) {
      String id = group.groupId();
      assertThat(group.users()).as(id + " has a demo user").isNotEmpty();
      assertThat(permissions(security, AuthorizationOwnerType.GROUP, id, AuthorizationResourceType.COMPONENT))
          .as(id).isEqualTo(Map.of("tasklist", Set.of(PermissionType.ACCESS)));
      // the user tasks of exactly the processes in which the group is a candidate group (8.8
      // authorizes per process definition, never per task), and read only: UPDATE_USER_TASK would
      // let any member complete any task of the process, whatever its candidate group
      Set<String> processes = candidateGroupsByProcess.entrySet().stream()
          .filter(e -> e.getValue().contains(id)).map(Map.Entry::getKey)
          .collect(Collectors.toCollection(TreeSet::new));
      Map<String, Set<PermissionType>> granted =
          permissions(security, AuthorizationOwnerType.GROUP, id, AuthorizationResourceType.PROCESS_DEFINITION);
      assertThat(granted.keySet()).as(id).isEqualTo(processes);
      assertThat(granted.values()).as(id)
          .allSatisfy(p -> assertThat(p).containsExactlyInAnyOrder(
              PermissionType.READ_USER_TASK, PermissionType.READ_PROCESS_DEFINITION));
      assertThat(security.getInitialization().getAuthorizations())
          .filteredOn(a -> a.ownerType() == AuthorizationOwnerType.GROUP && a.ownerId().equals(id))
          .extracting(ConfiguredAuthorization::resourceType)
          .containsOnly(AuthorizationResourceType.COMPONENT, AuthorizationResourceType.PROCESS_DEFINITION);
    }
    // the demo users are in no admin role, so Tasklist shows them what their groups may read
    assertThat(security.getInitialization().getDefaultRoles().get("admin").get("users"))
        .doesNotContainAnyElementsOf(security.getInitialization().getGroups().stream()
            .flatMap(g -> g.users().stream()).toList());
  }

  @Test
  void theServiceConnectsWithItsOwnUserAndOnlyTheAuthorizationsItNeeds() throws IOException {
    SecurityConfiguration security = camundaSecurity();
    CamundaClientProperties client = camundaClient();
    assertThat(client.getAuth().getMethod()).isEqualTo(CamundaClientAuthProperties.AuthMethod.basic);
    String user = client.getAuth().getUsername();
    ConfiguredUser account = security.getInitialization().getUsers().stream()
        .filter(u -> u.getUsername().equals(user)).findFirst().orElseThrow();
    // both containers get the password from the same variable: same value with or without it set
    assertThat(client.getAuth().getPassword()).isEqualTo(account.getPassword());
    Map<String, String> set = Map.of("PATHWAY_CAMUNDA_PASSWORD", "changed");
    assertThat(resolvedEnv("pathway", set).get("CAMUNDA_CLIENT_AUTH_PASSWORD"))
        .isEqualTo(resolvedEnv("camunda", set).get("PATHWAY_CAMUNDA_PASSWORD"))
        .isEqualTo("changed");

    // no admin role, no Tasklist group
    assertThat(security.getInitialization().getDefaultRoles().values())
        .allSatisfy(members -> members.values().forEach(m -> assertThat(m).doesNotContain(user)));
    assertThat(security.getInitialization().getGroups()).allSatisfy(g -> assertThat(g.users()).doesNotContain(user));

    // deploys its models (processes, decisions and forms in one deployment)
    assertThat(permissions(security, AuthorizationOwnerType.USER, user, AuthorizationResourceType.RESOURCE))
        .isEqualTo(Map.of("*", Set.of(PermissionType.CREATE)));
    // starts the monitoring process (and those a message of its starts), works the jobs (workers and task listeners) of every process,
    // assigns and completes its user tasks
    Map<String, Set<PermissionType>> processes = new TreeMap<>();
    for (String process : candidateGroupsByProcess.keySet()) {
      Set<PermissionType> p = EnumSet.of(PermissionType.UPDATE_PROCESS_INSTANCE, PermissionType.UPDATE_USER_TASK);
      if (process.equals(PathwayModel.MONITORING_PROCESS_ID) || messageStarted.contains(process)) {
        p.add(PermissionType.CREATE_PROCESS_INSTANCE);
      }
      processes.put(process, p);
    }
    assertThat(permissions(security, AuthorizationOwnerType.USER, user, AuthorizationResourceType.PROCESS_DEFINITION))
        .isEqualTo(processes);
    // publishes the models' messages (the outbox's wake-ups), by name
    Map<String, Set<PermissionType>> messages = new TreeMap<>();
    assertThat(messageNames).containsAll(ModelConstants.of(PathwayModel.Messages.class));
    messageNames.forEach(m -> messages.put(m, Set.of(PermissionType.CREATE)));
    assertThat(permissions(security, AuthorizationOwnerType.USER, user, AuthorizationResourceType.MESSAGE))
        .isEqualTo(messages);
    assertThat(security.getInitialization().getAuthorizations())
        .filteredOn(a -> a.ownerType() == AuthorizationOwnerType.USER && a.ownerId().equals(user))
        .extracting(ConfiguredAuthorization::resourceType)
        .containsOnly(AuthorizationResourceType.RESOURCE, AuthorizationResourceType.PROCESS_DEFINITION,
            AuthorizationResourceType.MESSAGE);
  }

  // --- the service container

  /** The CAMUNDA_CLIENT_* variables bound the way the starter binds them; unknown ones fail. */
  static CamundaClientProperties camundaClient() {
    Map<String, String> vars = new LinkedHashMap<>(resolvedEnv("pathway"));
    vars.keySet().removeIf(k -> !k.startsWith("CAMUNDA_CLIENT_"));
    return binder(environment(vars))
        .bind(prefix(CamundaClientProperties.class),
            Bindable.of(CamundaClientProperties.class), new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
        .get();
  }

  @Test
  void everyVariableOfTheServiceContainerIsOneTheServiceBinds() throws IOException {
    Map<String, String> pathway = resolvedEnv("pathway");
    // PATHWAY_*: placeholders of application.yml
    Set<String> placeholders = new TreeSet<>();
    Pattern placeholder = Pattern.compile("\\$\\{([A-Z0-9_]+)[:}]");
    for (PropertySource<?> s : yaml(ROOT.resolve("workers/src/main/resources/application.yml"))) {
      for (Object value : ((Map<?, ?>) s.getSource()).values()) {
        Matcher m = placeholder.matcher(String.valueOf(value));
        while (m.find()) {
          placeholders.add(m.group(1));
        }
      }
    }
    // CAMUNDA_CLIENT_*: the starter's CamundaClientProperties; SPRING_FLYWAY_*: Spring Boot's
    assertThat(pathway.keySet()).allSatisfy(k -> assertThat(
        k.startsWith("CAMUNDA_CLIENT_") || k.startsWith("SPRING_FLYWAY_") || placeholders.contains(k))
        .as(k + " is read by the service").isTrue());
    assertThatCode(DockerComposeTest::camundaClient).doesNotThrowAnyException();
    Map<String, String> flyway = new LinkedHashMap<>(pathway);
    flyway.keySet().removeIf(k -> !k.startsWith("SPRING_FLYWAY_"));
    FlywayProperties bound = binder(environment(flyway))
        .bind("spring.flyway", Bindable.of(FlywayProperties.class), new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
        .get();
    assertThat(bound.getUser()).isEqualTo(pathway.get("SPRING_FLYWAY_USER"));
  }

  @Test
  void theServiceUsesTheRemoteClusterAndPostgres() throws IOException {
    Map<String, String> pathway = resolvedEnv("pathway");
    assertThat(pathway).containsEntry("PATHWAY_ENGINE", "remote");

    CamundaClientProperties client = camundaClient();
    URI grpc = client.getGrpcAddress();
    URI rest = client.getRestAddress();
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
    assertThat(volumes("postgres")).contains("./deploy/postgres:/docker-entrypoint-initdb.d:ro");
    assertThat(Files.readString(ROOT.resolve("deploy/postgres/init-runtime-role.sql")))
        .contains("create role " + pathway.get("PATHWAY_DB_USER") + " login password '"
            + pathway.get("PATHWAY_DB_PASSWORD") + "'");
    assertThat(containerPorts("pathway")).containsExactly(pathway.get("PATHWAY_PORT"));
  }

  @Test
  void theServiceIsInBasicModeUnlessOidcIsAskedFor() throws IOException {
    assertThat(security(Map.of()).mode()).isEqualTo(SecurityProperties.Mode.BASIC);
    SecurityProperties oidc = security(Map.of("PATHWAY_SECURITY_MODE", "oidc"));
    assertThat(oidc.mode()).isEqualTo(SecurityProperties.Mode.OIDC);
    // the oidc profile's Keycloak, as the service reaches it inside the compose network
    URI discovery = URI.create(oidc.oidc().discoveryLocation());
    assertThat(discovery.getHost()).isEqualTo("keycloak");
    assertThat(discovery.getPort()).isEqualTo(Integer.parseInt(env("keycloak").get("KC_HTTP_PORT")));
    // the issuer as browsers on the host reach it, through the published port
    URI issuer = URI.create(oidc.oidc().issuerUri());
    assertThat(issuer.getHost()).isEqualTo("localhost");
    assertThat(hostPort("keycloak", env("keycloak").get("KC_HTTP_PORT"))).isEqualTo(String.valueOf(issuer.getPort()));
    assertThat(issuer.getPath()).isEqualTo(discovery.getPath());
    // the ward app's browser sign-in is configured
    assertThat(oidc.oidc().clientId()).isNotBlank();
    assertThat(oidc.oidc().clientSecret()).isNotBlank();
  }

  /** pathway.security as the service binds it from application.yml and the container. */
  static SecurityProperties security(Map<String, String> variables) throws IOException {
    List<PropertySource<?>> sources = new ArrayList<>();
    sources.add(environment(resolvedEnv("pathway", variables)));
    sources.addAll(yaml(ROOT.resolve("workers/src/main/resources/application.yml")));
    return binder(sources.toArray(PropertySource[]::new))
        .bind(prefix(SecurityProperties.class),
            Bindable.of(SecurityProperties.class))
        .get();
  }

  @Test
  void secretsAreVariablesWithDemoDefaults() {
    // every password and secret of the cluster, Keycloak and the service's own credentials can be
    // set without editing the file (the service database's passwords are in its init script)
    for (String name : List.of("camunda", "keycloak", "keycloak-db", "pathway")) {
      env(name).forEach((k, v) -> {
        if ((k.contains("PASSWORD") || k.contains("SECRET")) && !k.startsWith("SPRING_FLYWAY")
            && !k.equals("PATHWAY_DB_PASSWORD")) {
          assertThat(v).as(name + " " + k).matches("\\$\\{[A-Z0-9_]+:-[^}]*}");
        }
      });
    }
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
        .containsPattern("FROM eclipse-temurin:2[1-9]")
        // the health check's curl
        .contains("install -y --no-install-recommends curl");
  }
}
