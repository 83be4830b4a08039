package org.pathway.engine;

import io.camunda.zeebe.logstreams.log.LogStream;
import io.camunda.zeebe.logstreams.log.LogStreamReader;
import io.camunda.zeebe.logstreams.log.LoggedEvent;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.value.processinstance.ProcessInstanceRecord;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.stream.impl.StreamProcessor;
import io.camunda.zeebe.process.test.api.RecordStreamSource;
import io.camunda.zeebe.db.impl.rocksdb.ZeebeRocksDbFactory;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.RocksDbEngineFactory;
import io.camunda.zeebe.scheduler.clock.ControlledActorClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Zeebe engine of zeebe-process-test running inside the service ({@link RocksDbEngineFactory}):
 * its log in memory, its state in RocksDB in a temporary directory removed when it closes. It lasts
 * as long as the process.
 *
 * <p>The user-task adapter needs the engine's log stream (Camunda user tasks have no gRPC
 * completion) and the service needs the engine's clock (tests and the simulation move it forward).
 * Its gRPC gateway has no authentication: it listens on the loopback address only.
 */
public final class EmbeddedEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEngine.class);

  private final ZeebeTestEngine engine;
  private final LogStream logStream;
  private final ControlledActorClock clock;
  private final StreamProcessor processor;
  private final Path stateDirectory;
  private final ZeebeRocksDbFactory.SharedRocksDbResources rocksDbResources;
  private final int port;

  public EmbeddedEngine(int port) {
    this(port, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** An engine whose state directory is made in {@code stateParent}. */
  EmbeddedEngine(int port, Path stateParent) {
    this.port = port;
    try {
      this.stateDirectory = Files.createTempDirectory(stateParent, "pathway-engine-state-");
    } catch (IOException e) {
      throw new UncheckedIOException("no directory for the embedded engine's state", e);
    }
    RocksDbEngineFactory.Parts parts;
    try {
      parts = RocksDbEngineFactory.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port), stateDirectory.toFile());
    } catch (RuntimeException e) {
      removeState();
      throw e;
    }
    this.engine = parts.engine();
    this.logStream = parts.logStream();
    this.clock = parts.clock();
    this.processor = parts.processor();
    this.rocksDbResources = parts.rocksDbResources();
    try {
      engine.start();
    } catch (RuntimeException e) {
      // e.g. the gRPC port taken: nothing of the engine is left behind
      try {
        parts.discardUnstarted().run();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      removeState();
      throw e;
    }
    LOG.info("Embedded Zeebe engine listening on {} (gRPC, loopback only)", gatewayAddress());
  }

  public String gatewayAddress() {
    return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
  }

  LogStream logStream() {
    return logStream;
  }

  public RecordStreamSource records() {
    return engine.getRecordStreamSource();
  }

  /**
   * Sets the engine clock back, before anything is deployed: the demo ward's history is then run
   * on it and the clock caught up with the wall clock again.
   */
  public void turnClockBack(Duration duration) {
    clock.addTime(duration.negated());
  }

  /** Moves the engine clock forward; timers due by then fire. */
  public void increaseTime(Duration duration) {
    engine.increaseTime(duration);
  }

  public void waitForIdleState(Duration timeout) {
    try {
      engine.waitForIdleState(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the engine", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("engine still busy after " + timeout, e);
    }
  }

  /**
   * Whether the engine has processed everything written to its log, asked now (waitForIdleState
   * instead waits for a 50 ms quiet period, too slow to ask thousands of times in a simulation).
   */
  public boolean caughtUp() {
    return processor.hasProcessingReachedTheEnd().join();
  }

  /** The position of the last record written to the log: it moves while the engine works. */
  public long lastWrittenPosition() {
    return processor.getLastWrittenPositionAsync().join();
  }

  /**
   * How many records the log holds, how many of them are commands, by value type, and the BPMN
   * elements activated, read without copying the records.
   */
  public RecordCounts countRecords() {
    long all = 0;
    long commands = 0;
    java.util.Map<String, Long> byValueType = new java.util.TreeMap<>();
    java.util.Map<String, Long> activated = new java.util.TreeMap<>();
    RecordMetadata metadata = new RecordMetadata();
    ProcessInstanceRecord element = new ProcessInstanceRecord();
    try (LogStreamReader reader = logStream.newLogStreamReader()) {
      reader.seekToFirstEvent();
      while (reader.hasNext()) {
        LoggedEvent event = reader.next();
        all++;
        metadata.reset();
        event.readMetadata(metadata);
        if (metadata.getRecordType() == RecordType.COMMAND) {
          commands++;
        }
        byValueType.merge(metadata.getValueType().name(), 1L, Long::sum);
        if (metadata.getValueType() == ValueType.PROCESS_INSTANCE
            && metadata.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED) {
          element.reset();
          event.readValue(element);
          activated.merge(element.getBpmnProcessId() + "/" + element.getElementId(), 1L, Long::sum);
        }
      }
    }
    return new RecordCounts(all, commands, byValueType, activated);
  }

  /**
   * The log's records, its commands, its records by value type (process instance, job, ...) and its
   * activated elements by process/element id.
   */
  public record RecordCounts(
      long records, long commands, java.util.Map<String, Long> byValueType, java.util.Map<String, Long> activated) {

    /** The records added since {@code before}, by value type, most first. */
    public java.util.List<java.util.Map.Entry<String, Long>> since(RecordCounts before) {
      return increase(byValueType, before.byValueType());
    }

    /** The elements activated since {@code before}, by process/element id, most first. */
    public java.util.List<java.util.Map.Entry<String, Long>> activatedSince(RecordCounts before) {
      return increase(activated, before.activated());
    }

    private static java.util.List<java.util.Map.Entry<String, Long>> increase(
        java.util.Map<String, Long> now, java.util.Map<String, Long> before) {
      return now.entrySet().stream()
          .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
          .filter(e -> e.getValue() > 0)
          .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
          .toList();
    }
  }

  /** The bytes of the engine's state files (RocksDB keeps its memtables off the heap besides). */
  public long stateFileBytes() {
    try (java.util.stream.Stream<Path> files = Files.walk(stateDirectory)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  /** The engine's notion of now, as a {@link Clock} the service uses for every clinical time. */
  public Clock clock() {
    return new EngineClock(clock, ZoneOffset.UTC);
  }

  @Override
  public void close() {
    try {
      engine.stop();
    } finally {
      try {
        rocksDbResources.close();
      } finally {
        removeState();
      }
    }
  }

  private void removeState() {
    try (java.util.stream.Stream<Path> files = Files.walk(stateDirectory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> {
        if (!f.toFile().delete()) {
          LOG.warn("The embedded engine's state file {} was not removed", f);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("The embedded engine's state in {} was not removed: {}", stateDirectory, e.getMessage());
    }
  }

  private static final class EngineClock extends Clock {
    private final ControlledActorClock actorClock;
    private final ZoneId zone;

    EngineClock(ControlledActorClock actorClock, ZoneId zone) {
      this.actorClock = actorClock;
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return new EngineClock(actorClock, zone);
    }

    @Override
    public Instant instant() {
      // the actor clock only moves when the scheduler ticks; refresh it for callers outside it
      actorClock.update();
      return actorClock.getCurrentTime();
    }
  }
}
