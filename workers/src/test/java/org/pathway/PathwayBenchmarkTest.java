package org.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pathway.engine.EmbeddedEngine;
import org.pathway.intake.IntakeBenchmark;

/** The pieces of ./pathway bench-pathway, without timing anything. */
class PathwayBenchmarkTest {

  @Test
  void theRawProcessRunsItsDecisionAndEndsOnAnEmbeddedEngine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (EmbeddedEngine engine = new EmbeddedEngine(port); CamundaClient client = PathwayBenchmark.client(engine)) {
      PathwayBenchmark.deploy(client);
      List<JobWorker> workers = PathwayBenchmark.workers(client);
      try {
        var result = client.newCreateInstanceCommand()
            .bpmnProcessId(PathwayBenchmark.RAW_PROCESS)
            .latestVersion()
            .variables(java.util.Map.of("x", 250))
            .withResult()
            .requestTimeout(Duration.ofSeconds(30))
            .send()
            .join();
        assertThat(result.getVariablesAsMap()).containsEntry("level", "mid");
        // process, start, job, decision, job, end
        assertThat(PathwayBenchmark.count(engine, PathwayBenchmark::rawElementActivated)).isEqualTo(6);
      } finally {
        workers.forEach(JobWorker::close);
      }
    }
  }

  @Test
  void theDailyCycleElementsAreThoseOfTheServicesModel() throws Exception {
    PathwayBenchmark.checkDailyCycleElements();
  }

  @Test
  void percentilesAreTheValuesAtIndexFloorPTimesN() {
    List<Long> sorted = java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList();
    assertThat(IntakeBenchmark.percentile(sorted, 0.50)).isEqualTo(51);
    assertThat(IntakeBenchmark.percentile(sorted, 0.99)).isEqualTo(100);
    assertThat(IntakeBenchmark.percentile(List.of(), 0.5)).isZero();
    var run = new IntakeBenchmark.Run(100, 2.0, sorted.stream().map(v -> v * 1_000_000).toList(), 0);
    assertThat(run.p90()).isEqualTo(91.0);
    assertThat(run.perSecond()).isEqualTo(50.0);
  }
}
