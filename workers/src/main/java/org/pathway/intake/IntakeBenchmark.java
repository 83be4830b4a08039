package org.pathway.intake;

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
 */
public final class IntakeBenchmark {

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String patient = args[1];
    int count = Integer.parseInt(args[2]);
    int concurrency = Integer.parseInt(args[3]);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // as the laboratory interface (demo user "integration", password PATHWAY_DEMO_PASSWORD)
    String credentials = "Basic " + java.util.Base64.getEncoder().encodeToString(
        ("integration:" + System.getenv().getOrDefault("PATHWAY_DEMO_PASSWORD", ""))
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
    System.out.printf(Locale.ROOT,
        "machine: %d cores, Java %s%n"
            + "posted %d FHIR Observations (%d concurrent clients) in %.1f s: %.0f observations/s%n"
            + "latency p50 %.1f ms, p99 %.1f ms; failures %d%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        count, concurrency, seconds, count / seconds,
        percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, failures.get());
    if (failures.get() > 0) {
      System.exit(1);
    }
  }

  private static long percentile(List<Long> sorted, double p) {
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
