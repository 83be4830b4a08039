package org.pathway.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where the discovery document is read, that it must name the configured issuer, and how long it is waited for. */
class IssuerDiscoveryTest {

  private HttpServer idp;
  private String realm;
  private volatile String namedIssuer;
  private final AtomicInteger reads = new AtomicInteger();
  private final CountDownLatch answer = new CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    realm = "http://127.0.0.1:" + idp.getAddress().getPort() + "/realms/r";
    idp.createContext("/realms/r" + IssuerDiscovery.DOCUMENT_PATH, exchange -> {
      reads.incrementAndGet();
      byte[] body = ("{\"issuer\":\"" + namedIssuer + "\",\"jwks_uri\":\"" + realm + "/certs\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    // takes the request, answers only when the test ends
    idp.createContext("/realms/hung" + IssuerDiscovery.DOCUMENT_PATH, exchange -> {
      try {
        answer.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    idp.start();
  }

  @AfterEach
  void stop() {
    answer.countDown();
    idp.stop(0);
  }

  private static SecurityProperties.Oidc oidc(String issuer, String discoveryUri) {
    return new SecurityProperties.Oidc(issuer, discoveryUri, "pathway", "realm_access.roles", "wards", null, null);
  }

  @Test
  void withoutADiscoveryUriTheDocumentIsReadAtTheIssuer() {
    namedIssuer = realm;
    assertThat(new IssuerDiscovery(oidc(realm, null)).jwkSetUri()).isEqualTo(realm + "/certs");
    assertThat(new IssuerDiscovery(oidc(realm, " ")).jwkSetUri()).isEqualTo(realm + "/certs");
  }

  @Test
  void aDocumentNamingAnotherIssuerIsRefusedAndReadAgainOnTheNextUse() {
    // read at the service's address of the provider, for the issuer browsers know it by
    String issuer = "http://localhost:18080/auth/realms/r";
    IssuerDiscovery discovery = new IssuerDiscovery(oidc(issuer, realm));
    namedIssuer = "http://elsewhere/realms/r";
    assertThatThrownBy(discovery::configuration)
        .isInstanceOf(IssuerDiscovery.Misconfigured.class)
        .hasMessageContaining("http://elsewhere/realms/r")
        .hasMessageContaining(issuer);
    namedIssuer = issuer;
    assertThat(discovery.jwkSetUri()).isEqualTo(realm + "/certs");
    // kept once read
    assertThat(discovery.configuration()).containsEntry("issuer", issuer);
    assertThat(reads).hasValue(2);
  }

  @Test
  void aProviderThatDoesNotAnswerIsUnreachableWithinTheTimeout() {
    String hung = "http://127.0.0.1:" + idp.getAddress().getPort() + "/realms/hung";
    IssuerDiscovery discovery = new IssuerDiscovery(oidc(realm, hung));
    long start = System.nanoTime();
    assertThatThrownBy(discovery::configuration)
        .isInstanceOf(IssuerDiscovery.Unreachable.class)
        .hasMessage("the identity provider at " + hung + IssuerDiscovery.DOCUMENT_PATH
            + " could not be reached; try again");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(IssuerDiscovery.TIMEOUT.multipliedBy(2));
  }
}
