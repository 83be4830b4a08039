package org.pathway.engine;

import io.camunda.zeebe.logstreams.log.LogStream;
import io.camunda.zeebe.logstreams.log.LogStreamReader;
import io.camunda.zeebe.logstreams.log.LoggedEvent;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.stream.impl.StreamProcessor;
import io.camunda.zeebe.process.test.api.RecordStreamSource;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.scheduler.clock.ControlledActorClock;
import io.grpc.BindableService;
import io.grpc.netty.NettyServerBuilder;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory Zeebe engine (zeebe-process-test) running inside the service. Its state lives in
 * memory: it lasts as long as the process.
 *
 * <p>The engine keeps its log stream and clock private; the user-task adapter needs the log stream
 * (Camunda user tasks have no gRPC completion) and the service needs the engine's clock (tests move
 * it forward). Both are read once here, so that reflection stays in this one class. Its gRPC
 * gateway has no authentication, and zeebe-process-test binds it to every interface: before the
 * engine starts, the same gateway is put behind a server on the loopback address only.
 */
public final class EmbeddedEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEngine.class);

  private final ZeebeTestEngine engine;
  private final LogStream logStream;
  private final ControlledActorClock clock;
  private final StreamProcessor processor;
  private final int port;

  public EmbeddedEngine(int port) {
    this.port = port;
    this.engine = EngineFactory.create(port);
    this.logStream = privateField(engine, "logStream", LogStream.class);
    this.clock = privateField(engine, "clock", ControlledActorClock.class);
    this.processor = privateField(engine, "streamProcessor", StreamProcessor.class);
    replaceField(
        engine,
        "grpcServer",
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
            .addService(privateField(engine, "gateway", BindableService.class))
            .build());
    engine.start();
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

  /** How many records the log holds, and how many of them are commands, read without copying them. */
  public RecordCounts countRecords() {
    long all = 0;
    long commands = 0;
    java.util.Map<String, Long> byValueType = new java.util.TreeMap<>();
    RecordMetadata metadata = new RecordMetadata();
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
      }
    }
    return new RecordCounts(all, commands, byValueType);
  }

  /** The log's records, its commands, and its records by value type (process instance, job, ...). */
  public record RecordCounts(long records, long commands, java.util.Map<String, Long> byValueType) {

    /** The records added since {@code before}, by value type, most first. */
    public java.util.List<java.util.Map.Entry<String, Long>> since(RecordCounts before) {
      return byValueType.entrySet().stream()
          .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.byValueType().getOrDefault(e.getKey(), 0L)))
          .filter(e -> e.getValue() > 0)
          .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
          .toList();
    }
  }

  /** The engine's notion of now, as a {@link Clock} the service uses for every clinical time. */
  public Clock clock() {
    return new EngineClock(clock, ZoneOffset.UTC);
  }

  @Override
  public void close() {
    engine.stop();
  }

  private static void replaceField(Object target, String name, Object value) {
    try {
      Field field = target.getClass().getDeclaredField(name);
      field.setAccessible(true);
      field.set(target, value);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "zeebe-process-test engine changed: cannot replace '" + name + "' on " + target.getClass(), e);
    }
  }

  private static <T> T privateField(Object target, String name, Class<T> type) {
    try {
      Field field = target.getClass().getDeclaredField(name);
      field.setAccessible(true);
      return type.cast(field.get(target));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "zeebe-process-test engine changed: no field '" + name + "' on " + target.getClass(), e);
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
