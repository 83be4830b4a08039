package org.pathway.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pathway.PathwayTestSupport;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Production mode: bearer tokens from an OIDC identity provider (here a local one serving its
 * discovery document and signing keys), roles and wards read from Keycloak-style claims. The
 * provider is reached by the service at another address than the browser's, as in docker-compose's
 * oidc profile: the issuer (and the authorization endpoint) is http://localhost:PORT, while the
 * service reads the discovery document, keys and token endpoint at http://127.0.0.1:PORT
 * (pathway.security.oidc.discovery-uri), and the provider answers nothing asked at the issuer's.
 */
// a context of its own (its own in-memory engine): closed after the class, so that no second
// engine keeps running beside the shared context's for the rest of the suite (zeebe-process-test's
// gRPC response writer keeps its buffers in static fields: two live engines corrupt each other's
// job activations, seen as "Could not deserialize object [JobBatchRecord]")
@org.springframework.test.annotation.DirtiesContext(classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_CLASS)
// the provider's outage first: the discovery document and keys are kept once read
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OidcAccessTest extends PathwayTestSupport {

  private static final KeyPair KEYS;
  private static final KeyPair STRANGER;
  private static final HttpServer IDP;
  /** The provider's address (host:port) as the service reaches it. */
  private static final String BACKCHANNEL;
  private static final String ISSUER;
  private static final String DISCOVERY;
  private static volatile boolean up;
  /** Whether the provider serves its signing keys (while it serves its discovery document). */
  private static volatile boolean keysUp = true;
  /** The issuer the provider's discovery document names (another one: a misconfigured deployment). */
  private static volatile String documentIssuer;
  private static volatile String nextAccessToken;
  private static volatile String nextIdToken;
  private static volatile String lastTokenRequest;
  /** While set, the token endpoint takes the code and holds its answer until this is counted down. */
  private static volatile java.util.concurrent.CountDownLatch tokenHeld;

  static {
    try {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      KEYS = rsa.generateKeyPair();
      STRANGER = rsa.generateKeyPair();
      IDP = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      BACKCHANNEL = "127.0.0.1:" + IDP.getAddress().getPort();
      ISSUER = "http://localhost:" + IDP.getAddress().getPort() + "/realms/camunda-platform";
      DISCOVERY = "http://" + BACKCHANNEL + "/realms/camunda-platform";
      String jwks = new JWKSet(new RSAKey.Builder((RSAPublicKey) KEYS.getPublic()).keyID("k1").build())
          .toString();
      // Keycloak's document with KC_HOSTNAME_BACKCHANNEL_DYNAMIC: the browser's endpoints at the
      // issuer's address, the service's at the address it asked at
      documentIssuer = ISSUER;
      serve("/realms/camunda-platform/.well-known/openid-configuration", () -> "{\"issuer\":\"" + documentIssuer
          + "\",\"jwks_uri\":\"" + DISCOVERY + "/certs\","
          + "\"authorization_endpoint\":\"" + ISSUER + "/auth\",\"token_endpoint\":\"" + DISCOVERY + "/token\","
          + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
          + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
      serve("/realms/camunda-platform/certs", () -> jwks);
      // the authorization code's exchange: the tokens the test set for the user signing in
      IDP.createContext("/realms/camunda-platform/token", exchange -> {
        lastTokenRequest = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!backchannel(exchange)) {
          return;
        }
        java.util.concurrent.CountDownLatch held = tokenHeld;
        if (held != null) {
          try {
            held.await(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        byte[] body = ("{\"access_token\":\"" + nextAccessToken + "\",\"id_token\":\"" + nextIdToken
            + "\",\"token_type\":\"Bearer\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      IDP.start();
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Whether the provider answers: only at the service's own address of it (404 at any other), and
   * not before the first test (503): the service starts while its identity provider is away.
   */
  private static boolean backchannel(com.sun.net.httpserver.HttpExchange exchange) throws java.io.IOException {
    boolean answering = up && (keysUp || !exchange.getRequestURI().getPath().endsWith("/certs"));
    if (answering && BACKCHANNEL.equals(exchange.getRequestHeaders().getFirst("Host"))) {
      return true;
    }
    exchange.sendResponseHeaders(answering ? 404 : 503, -1);
    exchange.close();
    return false;
  }

  @BeforeEach
  void providerUp() {
    up = true;
  }

  private static void serve(String path, java.util.function.Supplier<String> json) {
    IDP.createContext(path, exchange -> {
      if (!backchannel(exchange)) {
        return;
      }
      byte[] body = json.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
  }

  @DynamicPropertySource
  static void oidc(DynamicPropertyRegistry registry) {
    registry.add("pathway.security.mode", () -> "oidc");
    registry.add("pathway.security.oidc.issuer-uri", () -> ISSUER);
    registry.add("pathway.security.oidc.discovery-uri", () -> DISCOVERY);
    registry.add("pathway.security.oidc.client-id", () -> "ward-app");
    registry.add("pathway.security.oidc.client-secret", () -> "test-only-secret");
  }

  @AfterAll
  static void stopIdp() {
    IDP.stop(0);
  }

  private static String token(KeyPair keys, String user, List<String> roles, List<String> wards) throws Exception {
    return token(keys, user, roles, wards, "pathway");
  }

  private static String token(KeyPair keys, String user, List<String> roles, List<String> wards, String audience)
      throws Exception {
    return token(keys, user, roles, wards, audience, ISSUER);
  }

  private static String token(
      KeyPair keys, String user, List<String> roles, List<String> wards, String audience, String issuer)
      throws Exception {
    return token(keys, user, roles, wards, audience, issuer, new Date(System.currentTimeMillis() + 300_000));
  }

  private static String token(
      KeyPair keys, String user, List<String> roles, List<String> wards, String audience, String issuer,
      Date expires) throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(audience == null ? List.of() : List.of(audience, "account"))
        .subject("id-" + user)
        .claim("preferred_username", user)
        .claim("realm_access", Map.of("roles", roles))
        .claim("wards", wards)
        .issueTime(new Date(expires.getTime() - 300_000))
        .expirationTime(expires)
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
    jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
    return jwt.serialize();
  }

  /** The ID token the identity provider issues to the ward app's client for the login's nonce. */
  private static String idToken(String user, String nonce) throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience("ward-app")
        .subject("id-" + user)
        .claim("preferred_username", user)
        .claim("nonce", nonce)
        .issueTime(new Date())
        .expirationTime(new Date(System.currentTimeMillis() + 300_000))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
    jwt.sign(new RSASSASigner((RSAPrivateKey) KEYS.getPrivate()));
    return jwt.serialize();
  }

  private static Map<String, String> query(String url) {
    Map<String, String> q = new java.util.HashMap<>();
    for (String pair : java.net.URI.create(url).getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      q.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return q;
  }

  /**
   * A browser through the authorization-code login: the ward app's page sends it to the identity
   * provider, the provider back with a code, and the session's user has the access token's rights.
   * Returns where the callback sent the browser.
   */
  private java.net.http.HttpResponse<String> signInAtTheProvider(java.net.http.HttpClient browser, String accessToken)
      throws Exception {
    var page = browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(anonymous.getRootUri() + "/worklist"))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(302);
    String start = page.headers().firstValue("Location").orElseThrow();
    assertThat(start).endsWith("/oauth2/authorization/pathway");
    var toProvider = browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(start)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    String authorize = toProvider.headers().firstValue("Location").orElseThrow();
    assertThat(authorize).startsWith(ISSUER + "/auth?");
    Map<String, String> q = query(authorize);
    assertThat(q).containsEntry("client_id", "ward-app").containsEntry("response_type", "code")
        .containsEntry("code_challenge_method", "S256").containsKey("code_challenge");
    nextAccessToken = accessToken;
    nextIdToken = idToken("n.grace", q.get("nonce"));
    return browser.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(q.get("redirect_uri") + "?code=code-1&state=" + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8)))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theWardAppSignsInAtTheIdentityProviderWithTheAccessTokensRights() throws Exception {
    java.net.http.HttpClient browser = browser();
    var callback = signInAtTheProvider(browser, token(KEYS, "n.grace", List.of("nurse"), List.of("H7")));
    assertThat(callback.statusCode()).isEqualTo(302);
    assertThat(lastTokenRequest).contains("grant_type=authorization_code", "code=code-1", "code_verifier=");
    // back to the page asked for
    assertThat(callback.headers().firstValue("Location").orElseThrow()).endsWith("/worklist");
    var me = browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(anonymous.getRootUri() + "/api/v1/me"))
        .header("X-Requested-With", "ward-app").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).contains("\"user\":\"n.grace\"", "\"roles\":[\"nurse\"]", "\"wards\":[\"H7\"]", "\"csrf\"");
    var worklist = browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(anonymous.getRootUri() + "/worklist"))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(worklist.statusCode()).isEqualTo(200);
    var report = browser.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(anonymous.getRootUri() + "/api/v1/reports/compliance"))
        .header("X-Requested-With", "ward-app").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(report.statusCode()).as("a nurse's token reads no report, in the browser either").isEqualTo(403);

    // an access token issued for another audience signs nobody in
    java.net.http.HttpClient stranger = browser();
    var refused = signInAtTheProvider(stranger, token(KEYS, "n.grace", List.of("nurse"), List.of("H7"), "operate"));
    assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
    // nor one naming the address the service reads the discovery document at as its issuer
    java.net.http.HttpClient elsewhere = browser();
    var notTheIssuer = signInAtTheProvider(elsewhere,
        token(KEYS, "n.grace", List.of("nurse"), List.of("H7"), "pathway", DISCOVERY));
    assertThat(notTheIssuer.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
  }

  /**
   * A provider that takes the authorization code and never answers holds no request thread: the
   * sign-in fails within the provider timeout and says so (Spring's own exchange waited without limit).
   */
  @Test
  void aTokenEndpointThatDoesNotAnswerFailsTheSignInInTime() throws Exception {
    java.net.http.HttpClient browser = browser();
    tokenHeld = new java.util.concurrent.CountDownLatch(1);
    try {
      long start = System.nanoTime();
      var callback = signInAtTheProvider(browser, token(KEYS, "n.grace", List.of("nurse"), List.of("H7")));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(IssuerDiscovery.TIMEOUT.multipliedBy(3));
      assertThat(callback.statusCode()).isEqualTo(302);
      assertThat(callback.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
    } finally {
      tokenHeld.countDown();
      tokenHeld = null;
    }
  }

  /** A browser of its own: its own cookies (session), redirects seen rather than followed. */
  private static java.net.http.HttpClient browser() {
    return java.net.http.HttpClient.newBuilder()
        .cookieHandler(new java.net.CookieManager())
        .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
        .build();
  }

  private ResponseEntity<String> get(String path, String token) {
    HttpHeaders headers = new HttpHeaders();
    if (token != null) {
      headers.setBearerAuth(token);
    }
    return anonymous.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
  }

  /**
   * While the provider cannot be reached a token cannot be checked: 503 naming the provider, not a
   * 401 that reads as a bad token, and the browser's sign-in says so; the next request after the
   * provider is back is checked as usual.
   */
  @Test
  @Order(1)
  void whileTheIdentityProviderIsAwayTokensAreNotCheckedAndThenAreAgain() throws Exception {
    up = false;
    String nurse = token(KEYS, "n.grace", List.of("nurse"), List.of("H7"));
    // a client that does not try again by itself on a 503 with Retry-After (as the test's
    // TestRestTemplate does): one request each
    java.net.http.HttpClient client = browser();
    var tasks = java.net.http.HttpRequest.newBuilder(java.net.URI.create(anonymous.getRootUri() + "/api/v1/tasks"))
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + nurse).build();
    var away = client.send(tasks, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(away.statusCode()).as(away.body()).isEqualTo(503);
    assertThat(away.headers().firstValue(HttpHeaders.CONTENT_TYPE)).hasValue(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    assertThat(away.body()).contains("\"status\":503", "the identity provider could not be reached; try again")
        .doesNotContain(DISCOVERY);
    assertThat(away.headers().firstValue(HttpHeaders.RETRY_AFTER)).hasValueSatisfying(s -> assertThat(s).isNotBlank());
    assertThat(away.headers().firstValue(HttpHeaders.WWW_AUTHENTICATE)).as("not a bad token").isEmpty();

    var start = client.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(anonymous.getRootUri() + BrowserSignIn.START)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
    String signIn = start.headers().firstValue("Location").orElseThrow();
    assertThat(signIn).endsWith(ApiSecurity.SIGN_IN + "?unavailable");
    var page = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(signIn)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("The identity provider is not reachable", BrowserSignIn.START);

    // a document naming another issuer (a misconfigured deployment): not a bad token, not a 500
    up = true;
    documentIssuer = "http://elsewhere.internal/realms/camunda-platform";
    try {
      var misconfigured = client.send(tasks, java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(misconfigured.statusCode()).as(misconfigured.body()).isEqualTo(503);
      assertThat(misconfigured.body()).contains("does not match this service's configuration")
          .doesNotContain("elsewhere.internal");
      assertThat(misconfigured.headers().firstValue(HttpHeaders.WWW_AUTHENTICATE)).isEmpty();
    } finally {
      documentIssuer = ISSUER;
    }

    // the discovery document read, the keys not
    keysUp = false;
    try {
      var noKeys = client.send(tasks, java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(noKeys.statusCode()).as(noKeys.body()).isEqualTo(503);
      assertThat(noKeys.body()).contains("could not be reached; try again");
    } finally {
      keysUp = true;
    }
    // the same token, checked again
    assertThat(client.send(tasks, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    // a bad token is still one
    for (String bad : List.of(
        token(STRANGER, "mallory", List.of("nurse"), List.of("H7")),
        token(KEYS, "n.grace", List.of("nurse"), List.of("H7"), "pathway", ISSUER,
            new Date(System.currentTimeMillis() - 120_000)))) {
      ResponseEntity<String> refused = get("/api/v1/tasks", bad);
      assertThat(refused.getStatusCode()).as(refused.toString()).isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(refused.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
          .startsWith("Bearer error=\"invalid_token\"");
    }
  }

  @Test
  void rolesAndWardsComeFromTheIdentityProvidersToken() throws Exception {
    String physician = token(KEYS, "dr.ada", List.of("physician", "offline_access"), List.of());
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(physician);
    Map<String, Object> patient = patient("OIDC-1", now().minus(Duration.ofDays(2)));
    assertThat(anonymous.exchange("/api/v1/patients", HttpMethod.POST, new HttpEntity<>(patient, headers), String.class)
        .getStatusCode()).isEqualTo(HttpStatus.CREATED);

    String ownWardNurse = token(KEYS, "n.grace", List.of("nurse"), List.of("H7"));
    String otherWardNurse = token(KEYS, "n.otto", List.of("nurse"), List.of("K2"));
    assertThat(get("/api/v1/patients/OIDC-1", ownWardNurse).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(get("/api/v1/patients/OIDC-1", otherWardNurse).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(get("/api/v1/patients/OIDC-1", token(KEYS, "lab", List.of("integration"), List.of()))
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    // a valid token carrying none of the pathway's roles grants nothing
    assertThat(get("/api/v1/tasks", token(KEYS, "someone", List.of("default-roles-camunda"), List.of()))
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    var audit = get("/api/v1/audit?patientId=OIDC-1", physician);
    assertThat(audit.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(audit.getBody()).contains("\"actor\":\"n.grace\"", "\"actor\":\"n.otto\"", "\"actor\":\"dr.ada\"");
  }

  @Test
  void tokensNotSignedByTheIdentityProviderAndBasicCredentialsAreRefused() throws Exception {
    ResponseEntity<String> forged = get("/api/v1/tasks", token(STRANGER, "mallory", List.of("physician"), List.of()));
    assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(forged.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    assertThat(get("/api/v1/tasks", null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    // signed by the identity provider, but meant for another application (or for none)
    assertThat(get("/api/v1/tasks", token(KEYS, "dr.ada", List.of("physician"), List.of(), "operate"))
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(get("/api/v1/tasks", token(KEYS, "dr.ada", List.of("physician"), List.of(), null))
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    // signed with the provider's key, but naming the service's address of the provider as its
    // issuer: the issuer is the browser's address only
    assertThat(get("/api/v1/tasks", token(KEYS, "dr.ada", List.of("physician"), List.of(), "pathway", DISCOVERY))
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(get("/api/v1/tasks", token(KEYS, "dr.ada", List.of("physician"), List.of()))
        .getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(as(Role.PHYSICIAN).getForEntity("/api/v1/tasks", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }
}
