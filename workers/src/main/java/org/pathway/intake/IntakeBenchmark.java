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
 * {@code ./pathway bench-intake [observations] [concurrency] [bundle size] [warm-up]}: posts synthetic FHIR
 * Observations through the running service's HTTP API (one patient, distinct identifiers), first
 * one per request ({@code POST [base]/Observation}), then the same number again in FHIR transaction
 * bundles ({@code POST [base]}, default 50 entries each), and prints observations per second and
 * p50/p99 latency per request for each. Every single Observation must be answered 201 and every
 * bundle 200; anything else counts as a failure and is reported.
 *
 * <p>Each is measured warm: the same requests are posted first as a warm-up (by default as many as
 * are measured), whose figure is printed apart. A fresh JVM spends about a core on JIT compilation
 * for its first tens of seconds of this load, which a service running for days does not.
 *
 * <p>Before each, in the same run, the same client posts the same requests to a bare endpoint: the
 * JDK's own HTTP server inside this process, on a loopback port, answering as the service answers
 * (201 with a FHIR OperationOutcome; a transaction-response with an entry per Observation) without
 * reading the body's meaning or storing anything. That is the ceiling of this client and machine;
 * the service's figures are printed with their ratio to it. Nothing is added to the service for it.
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
    int bundleSize = args.length > 4 ? Integer.parseInt(args[4]) : 50;
    int warmUp = args.length > 5 ? Integer.parseInt(args[5]) : count;
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // as the laboratory interface
    String credentials = demoUser("integration");
    System.out.printf(Locale.ROOT, "machine: %d cores, Java %s; %d concurrent clients%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), concurrency);
    boolean failed = false;
    for (int size : new int[] {1, bundleSize}) {
      String what = size == 1 ? "single FHIR Observations" : "FHIR transaction bundles of " + size;
      Run bare;
      Run bareWarmUp;
      HttpServer server = bareServer();
      try {
        String bareUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        bareWarmUp = post(client, bareUrl, credentials, patient, warmUp, concurrency, size);
        bare = post(client, bareUrl, credentials, patient, count, concurrency, size);
      } finally {
        server.stop(0);
      }
      Run oursWarmUp = post(client, url, credentials, patient, warmUp, concurrency, size);
      Pathway.settle(client, url); // the warm-up's assessments are not the measured run's
      Pathway pathway = new Pathway(client, url);
      Run ours = post(client, url, credentials, patient, count, concurrency, size);
      String assessed = pathway.during();
      System.out.printf(Locale.ROOT,
          "%s, %d observations after a warm-up of %d:%n"
              + "  bare endpoint (JDK HTTP server in the benchmark process, same client and requests): %.0f"
              + " observations/s, latency p50 %.1f ms, p99 %.1f ms%n"
              + "  the service: %.1f s, %.0f observations/s, latency p50 %.1f ms, p99 %.1f ms; failures %d%n"
              + "  ratio to the bare endpoint: %.2f%n"
              + "  %s%n"
              + "  (the warm-up, a fresh JVM compiling: the service %.0f observations/s, p50 %.1f ms,"
              + " p99 %.1f ms; the bare endpoint %.0f observations/s)%n",
          what, count, warmUp, bare.perSecond(), bare.p50(), bare.p99(),
          ours.seconds(), ours.perSecond(), ours.p50(), ours.p99(), ours.failures(),
          ours.perSecond() / bare.perSecond(), assessed,
          oursWarmUp.perSecond(), oursWarmUp.p50(), oursWarmUp.p99(), bareWarmUp.perSecond());
      failed |= ours.failures() > 0 || bare.failures() > 0 || oursWarmUp.failures() > 0 || bareWarmUp.failures() > 0;
    }
    if (failed) {
      System.exit(1);
    }
  }

  /**
   * What the pathway did while the service was measured, from its metrics (as the manager): the
   * assessments made ({@code pathway.assessments}) and the most wake-ups waiting in the outbox at
   * once ({@code pathway.outbox.depth}, read every 250 ms). Requests taken while the engine does
   * not keep up are not intake done.
   */
  static final class Pathway {
    private final HttpClient client;
    private final String url;
    private final double assessmentsBefore;
    // NaN, once a reading failed, stays NaN (Math.max)
    private final java.util.concurrent.atomic.DoubleAccumulator deepest =
        new java.util.concurrent.atomic.DoubleAccumulator(Math::max, 0);
    private final java.util.concurrent.ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));

    Pathway(HttpClient client, String url) {
      this.client = client;
      this.url = url;
      this.assessmentsBefore = metric(client, url, "pathway.assessments");
      sampler.scheduleAtFixedRate(
          () -> deepest.accumulate(metric(client, url, "pathway.outbox.depth")), 0, 250,
          java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Stops sampling, waits until the pathway has caught up (see {@link #settle}) and says what
     * happened since this was made.
     */
    String during() {
      sampler.shutdownNow();
      double caughtUp = settle(client, url);
      return String.format(Locale.ROOT,
          "the pathway meanwhile: %.0f assessments, at most %.0f wake-ups waiting in the outbox;"
              + " all assessed %.1f s after the last request",
          metric(client, url, "pathway.assessments") - assessmentsBefore, deepest.get(), caughtUp);
    }

    /**
     * Seconds until no wake-up waits in the outbox and no assessment was added for 2 s (an
     * assessment of a long history takes a while): the last results assessed. NaN when the metrics
     * cannot be read or it takes over 5 minutes.
     */
    static double settle(HttpClient client, String url) {
      long start = System.nanoTime();
      double last = metric(client, url, "pathway.assessments");
      int quiet = 0;
      while (System.nanoTime() - start < Duration.ofMinutes(5).toNanos()) {
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Double.NaN;
        }
        double depth = metric(client, url, "pathway.outbox.depth");
        double now = metric(client, url, "pathway.assessments");
        if (Double.isNaN(depth) || Double.isNaN(now)) {
          return Double.NaN;
        }
        quiet = depth == 0 && now == last ? quiet + 1 : 0;
        if (quiet == 4) {
          // the quiet 2 s are not part of it
          return (System.nanoTime() - start) / 1e9 - 2.0;
        }
        last = now;
      }
      return Double.NaN;
    }

    /** The metric's first measurement; NaN when it cannot be read (printed so, never made up). */
    private static double metric(HttpClient client, String url, String name) {
      try {
        HttpResponse<String> response = client.send(
            HttpRequest.newBuilder(URI.create(url + "/actuator/metrics/" + name))
                .header("authorization", demoUser("manager")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        var value = java.util.regex.Pattern.compile("\"value\"\\s*:\\s*([-0-9.Ee]+)").matcher(response.body());
        return response.statusCode() == 200 && value.find() ? Double.parseDouble(value.group(1)) : Double.NaN;
      } catch (java.io.IOException e) {
        return Double.NaN;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Double.NaN;
      }
    }
  }

  /**
   * The ceiling: the JDK's HTTP server on a loopback port, a virtual thread per exchange, answering each POST as the service answers a stored Observation (201,
   * Location, ETag, an OperationOutcome) or a stored transaction (200, a transaction-response with
   * an entry per Observation) after reading the whole body, and 401 without credentials.
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
    server.createContext("/api/v1/fhir", exchange -> {
      try (exchange) {
        String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!"POST".equals(exchange.getRequestMethod())
            || exchange.getRequestHeaders().getFirst("authorization") == null) {
          exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 401 : 405, -1);
          return;
        }
        StringBuilder answer = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\",\"entry\":[");
        for (int from = body.indexOf("\"request\""), n = 0; from >= 0; from = body.indexOf("\"request\"", from + 1), n++) {
          answer.append(n == 0 ? "" : ",").append("{\"response\":{\"status\":\"201 Created\",\"location\":")
              .append("\"Observation/").append(ids.incrementAndGet()).append("/_history/1\",\"etag\":\"W/\\\"1\\\"\"}}");
        }
        byte[] bytes = answer.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/fhir+json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
      }
    });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return server;
  }

  /**
   * Posts {@code count} Observations with {@code concurrency} clients: one per request when
   * {@code bundleSize} is 1, else in transaction bundles of that many (latencies per request).
   */
  static Run post(HttpClient client, String url, String credentials, String patient, int count, int concurrency,
      int bundleSize) throws Exception {
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
          int first;
          while ((first = next.getAndAdd(bundleSize)) < count) {
            List<String> observations = new ArrayList<>();
            for (int i = first; i < Math.min(count, first + bundleSize); i++) {
              int k = i % loinc.length;
              observations.add(observation(patient, "bench-" + run + "-" + i, loinc[k], 100 + i % 900,
                  unit[k], at.plusMillis(i)));
            }
            String body = bundleSize == 1 ? observations.getFirst() : transaction(observations);
            HttpRequest request = HttpRequest.newBuilder(
                    URI.create(url + "/api/v1/fhir" + (bundleSize == 1 ? "/Observation" : "")))
                .header("content-type", "application/fhir+json")
                .header("authorization", credentials)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
            long t0 = System.nanoTime();
            try {
              HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
              latencies.add(System.nanoTime() - t0);
              if (response.statusCode() != (bundleSize == 1 ? 201 : 200)) {
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

  /** A FHIR transaction of the Observations, each created (POST Observation). */
  static String transaction(List<String> observations) {
    StringBuilder bundle = new StringBuilder("{\"resourceType\": \"Bundle\", \"type\": \"transaction\", \"entry\": [");
    for (int i = 0; i < observations.size(); i++) {
      bundle.append(i == 0 ? "" : ",").append("{\"resource\": ").append(observations.get(i))
          .append(", \"request\": {\"method\": \"POST\", \"url\": \"Observation\"}}");
    }
    return bundle.append("]}").toString();
  }
}
