package org.pathway.intake;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./pathway bench-intake [observations] [concurrency]}: posts synthetic FHIR Observations
 * through the running service's HTTP API (one patient, distinct identifiers) and prints
 * observations per second and p50/p99 latency. Every response must be 201; anything else counts as
 * a failure and is reported.
 *
 * <p>First, in the same run, the same client posts the same requests to a bare endpoint: the JDK's
 * own HTTP server inside this process, on a loopback port, answering 201 with a FHIR
 * OperationOutcome without reading the body's meaning or storing anything. That is the ceiling of
 * this client and machine; the service's figures are printed with their ratio to it. Nothing is
 * added to the service for it.
 */
public final class IntakeBenchmark {

  /**
   * One measured run: the count, the time it took, the sorted latencies (ns) and the failures;
   * ./pathway bench-pathway reports its runs with it too.
   */
  public record Run(int count, double seconds, List<Long> sorted, int failures) {
    public double perSecond() {
      return count / seconds;
    }

    public double p50() {
      return percentile(sorted, 0.50) / 1e6;
    }

    public double p90() {
      return percentile(sorted, 0.90) / 1e6;
    }

    public double p99() {
      return percentile(sorted, 0.99) / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String patient = args[1];
    int count = Integer.parseInt(args[2]);
    int concurrency = Integer.parseInt(args[3]);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // as the laboratory interface
    String credentials = demoUser("integration");

    Run bare;
    HttpServer server = bareServer();
    try {
      bare = post(client, "http://127.0.0.1:" + server.getAddress().getPort(), credentials, patient, count,
          concurrency);
    } finally {
      server.stop(0);
    }
    Run ours = post(client, url, credentials, patient, count, concurrency);
    System.out.printf(Locale.ROOT,
        "machine: %d cores, Java %s%n"
            + "bare endpoint (JDK HTTP server in the benchmark process, same client and requests): %.0f"
            + " observations/s, latency p50 %.1f ms, p99 %.1f ms%n"
            + "posted %d FHIR Observations (%d concurrent clients) in %.1f s: %.0f observations/s%n"
            + "latency p50 %.1f ms, p99 %.1f ms; failures %d%n"
            + "ratio to the bare endpoint: %.2f%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        bare.perSecond(), bare.p50(), bare.p99(),
        count, concurrency, ours.seconds(), ours.perSecond(),
        ours.p50(), ours.p99(), ours.failures(),
        ours.perSecond() / bare.perSecond());
    if (ours.failures() > 0 || bare.failures() > 0) {
      System.exit(1);
    }
  }

  /**
   * The ceiling: the JDK's HTTP server on a loopback port, a virtual thread per exchange (as the
   * service's Tomcat), answering each POST as the service answers a stored Observation (201,
   * Location, ETag, an OperationOutcome) after reading the whole body, and 401 without credentials.
   */
  static HttpServer bareServer() throws java.io.IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger ids = new AtomicInteger();
    byte[] outcome = ("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"information\","
        + "\"code\":\"informational\",\"diagnostics\":\"stored\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    server.createContext("/api/v1/fhir/Observation", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        if (!"POST".equals(exchange.getRequestMethod())
            || exchange.getRequestHeaders().getFirst("authorization") == null) {
          exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 401 : 405, -1);
          return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("content-type", "application/fhir+json");
        headers.set("location", "/api/v1/fhir/Observation/" + ids.incrementAndGet() + "/_history/1");
        headers.set("etag", "W/\"1\"");
        exchange.sendResponseHeaders(201, outcome.length);
        exchange.getResponseBody().write(outcome);
      }
    });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return server;
  }

  static Run post(HttpClient client, String url, String credentials, String patient, int count, int concurrency)
      throws Exception {
    String run = Long.toString(System.nanoTime(), 36);
    Instant at = Instant.now().minusSeconds(3600);
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>(count));
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    String[] loinc = {"2276-4", "3255-7", "1742-6", "751-8", "777-3"};
    String[] unit = {"ng/mL", "mg/dL", "U/L", "10*3/uL", "10*3/uL"};

    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < concurrency; w++) {
        workers.add(pool.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < count) {
            int k = i % loinc.length;
            String body = observation(patient, "bench-" + run + "-" + i, loinc[k], 100 + i % 900,
                unit[k], at.plusMillis(i));
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/fhir/Observation"))
                .header("content-type", "application/fhir+json")
                .header("authorization", credentials)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
            long t0 = System.nanoTime();
            try {
              HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
              latencies.add(System.nanoTime() - t0);
              if (response.statusCode() != 201) {
                failures.incrementAndGet();
              }
            } catch (Exception e) {
              failures.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return new Run(count, seconds, sorted, failures.get());
  }

  /** HTTP Basic credentials of a demo user, whose password ./pathway put in PATHWAY_DEMO_PASSWORD. */
  public static String demoUser(String user) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString(
        (user + ":" + System.getenv().getOrDefault("PATHWAY_DEMO_PASSWORD", ""))
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The value at index floor(p × n) of the n sorted values. */
  public static long percentile(List<Long> sorted, double p) {
    return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
  }

  static String observation(String patient, String id, String loinc, int value, String unit, Instant at) {
    return """
        {"resourceType": "Observation", "status": "final",
         "identifier": [{"system": "urn:bench", "value": "%s"}],
         "subject": {"identifier": {"value": "%s"}},
         "code": {"coding": [{"system": "http://loinc.org", "code": "%s"}]},
         "valueQuantity": {"value": %d, "system": "http://unitsofmeasure.org", "code": "%s"},
         "effectiveDateTime": "%s"}
        """.formatted(id, patient, loinc, value, unit, at);
  }
}
