package org.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.api.security.Role;
import org.pathway.api.security.SecurityProperties;

/**
 * The realm the oidc profile's Keycloak imports (deploy/keycloak/pathway-realm.json) is the one the
 * service's OIDC mode expects: its issuer, the realm roles named as the service's roles where the
 * service reads them (realm_access.roles), and the wards claim from a user attribute that only an
 * administrator may set.
 */
class KeycloakRealmTest {

  static final String REALM_FILE = "deploy/keycloak/pathway-realm.json";
  static String text;
  static JsonNode realm;

  @BeforeAll
  static void load() throws Exception {
    DockerComposeTest.load();
    text = Files.readString(DockerComposeTest.ROOT.resolve(REALM_FILE));
    realm = new ObjectMapper().readTree(text);
  }

  static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  static JsonNode named(JsonNode array, String field, String value) {
    return list(array).stream().filter(n -> value.equals(n.path(field).asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + field + " " + value));
  }

  static Set<String> strings(JsonNode array) {
    Set<String> values = new TreeSet<>();
    array.forEach(n -> values.add(n.asText()));
    return values;
  }

  @Test
  void keycloakImportsThisRealmAtItsFirstStart() {
    assertThat(DockerComposeTest.volumes("keycloak")).contains("./deploy/keycloak:/opt/keycloak/data/import:ro");
    @SuppressWarnings("unchecked")
    List<String> command = (List<String>) DockerComposeTest.service("keycloak").get("command");
    assertThat(command).contains("--import-realm");
    assertThat(DockerComposeTest.service("keycloak").get("profiles")).isEqualTo(List.of("oidc"));
  }

  @Test
  void theServiceTrustsThisRealmsIssuer() throws IOException {
    SecurityProperties service = DockerComposeTest.security(Map.of("PATHWAY_SECURITY_MODE", "oidc"));
    Map<String, String> keycloak = DockerComposeTest.env("keycloak");
    String path = keycloak.get("KC_HTTP_RELATIVE_PATH") + "/realms/" + realm.path("realm").asText();
    // Keycloak's issuer is its fixed front-end URL (KC_HOSTNAME) and the realm, whichever address
    // a token was requested at: the address a browser on the host signs in at (the published port)
    URI hostname = URI.create(keycloak.get("KC_HOSTNAME"));
    assertThat(hostname.getScheme()).isEqualTo("http");
    assertThat(hostname.getHost()).isIn("localhost", "127.0.0.1");
    assertThat(String.valueOf(hostname.getPort()))
        .isEqualTo(DockerComposeTest.hostPort("keycloak", keycloak.get("KC_HTTP_PORT")));
    assertThat(hostname.getPath()).isEqualTo(keycloak.get("KC_HTTP_RELATIVE_PATH"));
    assertThat(service.oidc().issuerUri()).isEqualTo(keycloak.get("KC_HOSTNAME") + "/realms/" + realm.path("realm").asText());
    // the service reaches Keycloak inside the compose network, where Keycloak answers with the
    // backchannel endpoints (keys, token) at the address it was asked at
    assertThat(keycloak).containsEntry("KC_HOSTNAME_BACKCHANNEL_DYNAMIC", "true");
    assertThat(service.oidc().discoveryLocation())
        .isEqualTo("http://keycloak:" + keycloak.get("KC_HTTP_PORT") + path);
  }

  @Test
  void theWardAppSignsInWithAConfidentialClientRedirectedToTheServicesPublishedPort() throws IOException {
    SecurityProperties.Oidc service = DockerComposeTest.security(Map.of("PATHWAY_SECURITY_MODE", "oidc")).oidc();
    JsonNode client = named(realm.path("clients"), "clientId", service.clientId());
    assertThat(client.path("enabled").asBoolean()).isTrue();
    assertThat(client.path("publicClient").asBoolean()).isFalse();
    assertThat(client.path("clientAuthenticatorType").asText()).isEqualTo("client-secret");
    // the authorization code flow only
    assertThat(client.path("standardFlowEnabled").asBoolean()).isTrue();
    assertThat(client.path("implicitFlowEnabled").asBoolean()).isFalse();
    assertThat(client.path("directAccessGrantsEnabled").asBoolean()).isFalse();
    assertThat(client.path("serviceAccountsEnabled").asBoolean()).isFalse();
    // with PKCE, which the service sends (BrowserSignIn)
    assertThat(client.path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");
    // the service as a browser on the host reaches it (BrowserSignIn's registration "pathway",
    // and the page ApiSecurity returns to after signing out)
    String app = "http://localhost:" + DockerComposeTest.hostPort("pathway", DockerComposeTest.env("pathway").get("PATHWAY_PORT"));
    assertThat(strings(client.path("redirectUris"))).containsExactly(app + "/login/oauth2/code/pathway");
    assertThat(client.path("attributes").path("post.logout.redirect.uris").asText()).isEqualTo(app + "/login?signedOut");
    assertThat(strings(client.path("webOrigins"))).containsExactly("+");
    // the secret: one compose variable for Keycloak's import and the service
    Matcher secret = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(client.path("secret").asText());
    assertThat(secret.matches()).as(client.path("secret").asText()).isTrue();
    assertThat(DockerComposeTest.resolvedEnv("keycloak").get(secret.group(1))).isEqualTo(service.clientSecret());
    Map<String, String> chosen = Map.of("PATHWAY_SECURITY_MODE", "oidc", secret.group(1), "chosen-secret");
    assertThat(DockerComposeTest.resolvedEnv("keycloak", chosen).get(secret.group(1))).isEqualTo("chosen-secret");
    assertThat(DockerComposeTest.security(chosen).oidc().clientSecret()).isEqualTo("chosen-secret");
  }

  @Test
  void theRealmRolesAreTheServicesRolesWhereTheServiceReadsThem() throws IOException {
    Set<String> realmRoles = list(realm.path("roles").path("realm")).stream()
        .map(r -> r.path("name").asText()).collect(Collectors.toCollection(TreeSet::new));
    assertThat(realmRoles)
        .isEqualTo(new TreeSet<>(Arrays.stream(Role.values()).map(Role::userName).toList()));
    // Keycloak puts realm roles at realm_access.roles through its built-in "roles" client scope,
    // and the user name at preferred_username through "profile": no client replaces the default
    // scopes and the realm brings no scopes of its own (an import with any would drop the built-in)
    SecurityProperties.Oidc oidc = DockerComposeTest.security(Map.of("PATHWAY_SECURITY_MODE", "oidc")).oidc();
    assertThat(oidc.rolesClaim()).isEqualTo("realm_access.roles");
    assertThat(realm.has("clientScopes")).isFalse();
    assertThat(list(realm.path("clients")))
        .allSatisfy(c -> assertThat(c.has("defaultClientScopes")).as(c.path("clientId").asText()).isFalse());
  }

  /** The clients users sign in with (not a service account's). */
  static List<JsonNode> userClients() {
    return list(realm.path("clients")).stream()
        .filter(c -> c.path("standardFlowEnabled").asBoolean() || c.path("directAccessGrantsEnabled").asBoolean())
        .toList();
  }

  @Test
  void theWardsClaimComesFromAUserAttributeOnlyAnAdministratorSets() throws Exception {
    String wardsClaim = DockerComposeTest.security(Map.of("PATHWAY_SECURITY_MODE", "oidc")).oidc().wardsClaim();
    // the ward app's client and the command line's, alike
    assertThat(userClients()).hasSize(2);
    JsonNode config = named(userClients().get(0).path("protocolMappers"), "name", wardsClaim).path("config");
    for (JsonNode client : userClients()) {
      JsonNode mapper = named(client.path("protocolMappers"), "name", wardsClaim);
      assertThat(mapper.path("protocolMapper").asText()).isEqualTo("oidc-usermodel-attribute-mapper");
      assertThat(mapper.path("config")).as(client.path("clientId").asText()).isEqualTo(config);
    }
    assertThat(config.path("claim.name").asText()).isEqualTo(wardsClaim);
    assertThat(config.path("access.token.claim").asText()).isEqualTo("true");
    assertThat(config.path("multivalued").asText()).isEqualTo("true");
    String attribute = config.path("user.attribute").asText();

    // the user profile declares the attribute, editable by administrators only: a nurse must not
    // give herself wards in the account console
    JsonNode provider = realm.path("components").path("org.keycloak.userprofile.UserProfileProvider").get(0);
    assertThat(provider.path("providerId").asText()).isEqualTo("declarative-user-profile");
    JsonNode profile = new ObjectMapper().readTree(provider.path("config").path("kc.user.profile.config").get(0).asText());
    JsonNode declared = named(profile.path("attributes"), "name", attribute);
    assertThat(strings(declared.path("permissions").path("edit"))).containsExactly("admin");
    assertThat(declared.path("multivalued").asBoolean()).isTrue();
    assertThat(profile.has("unmanagedAttributePolicy")).isFalse();

    // every demo nurse works on wards; the other roles are not ward-scoped
    for (JsonNode user : list(realm.path("users"))) {
      Set<String> roles = strings(user.path("realmRoles"));
      assertThat(roles).as(user.path("username").asText())
          .isNotEmpty().allSatisfy(r -> assertThat(Role.fromClaim(r)).isPresent());
      if (roles.contains(Role.NURSE.userName())) {
        assertThat(strings(user.path("attributes").path(attribute))).as(user.path("username").asText()).isNotEmpty();
      }
    }
  }

  @Test
  void everyClientsAccessTokensNameTheServiceAsTheirAudience() throws IOException {
    // the service refuses tokens without its audience (ApiSecurity), so a client without the
    // mapper could not call it, and a token for another application is refused
    String audience = DockerComposeTest.security(Map.of("PATHWAY_SECURITY_MODE", "oidc")).oidc().audience();
    assertThat(audience).isNotBlank();
    assertThat(list(realm.path("clients"))).hasSize(3).allSatisfy(client -> {
      JsonNode mapper = named(client.path("protocolMappers"), "protocolMapper", "oidc-audience-mapper");
      assertThat(mapper.path("config").path("included.custom.audience").asText())
          .as(client.path("clientId").asText()).isEqualTo(audience);
      assertThat(mapper.path("config").path("access.token.claim").asText()).isEqualTo("true");
    });
  }

  @Test
  void theCommandLinesClientGetsTokensWithoutABrowser() {
    // demo: the password grant for curl; no redirect anywhere
    JsonNode client = named(realm.path("clients"), "clientId", "pathway-cli");
    assertThat(client.path("publicClient").asBoolean()).isTrue();
    assertThat(client.path("directAccessGrantsEnabled").asBoolean()).isTrue();
    assertThat(client.path("standardFlowEnabled").asBoolean()).isFalse();
    assertThat(client.path("implicitFlowEnabled").asBoolean()).isFalse();
    assertThat(client.path("redirectUris").isMissingNode()).isTrue();
  }

  @Test
  void theLaboratoryInterfaceHasItsOwnClientWithTheIntegrationRoleOnly() {
    JsonNode client = named(realm.path("clients"), "clientId", "pathway-integration");
    assertThat(client.path("publicClient").asBoolean()).isFalse();
    assertThat(client.path("serviceAccountsEnabled").asBoolean()).isTrue();
    assertThat(client.path("standardFlowEnabled").asBoolean()).isFalse();
    assertThat(client.path("directAccessGrantsEnabled").asBoolean()).isFalse();
    JsonNode account = named(realm.path("users"), "serviceAccountClientId", "pathway-integration");
    assertThat(strings(account.path("realmRoles"))).containsExactly(Role.INTEGRATION.userName());
  }

  @Test
  void everySecretOfTheRealmComesFromTheKeycloakContainer() {
    // Keycloak replaces ${VAR} in the realm file with the container's environment at import
    Map<String, String> env = DockerComposeTest.resolvedEnv("keycloak");
    Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(text);
    List<String> placeholders = new ArrayList<>();
    while (m.find()) {
      placeholders.add(m.group(1));
    }
    assertThat(placeholders).isNotEmpty().allSatisfy(p -> assertThat(env.get(p)).as(p).isNotBlank());
    list(realm.path("users")).stream().flatMap(u -> list(u.path("credentials")).stream())
        .forEach(c -> assertThat(c.path("value").asText()).matches("\\$\\{[A-Z0-9_]+}"));
    assertThat(list(realm.path("clients")).stream().filter(c -> !c.path("publicClient").asBoolean()))
        .extracting(c -> c.path("secret").asText())
        .hasSize(2).allSatisfy(secret -> assertThat(secret).matches("\\$\\{[A-Z0-9_]+}"));
  }
}
