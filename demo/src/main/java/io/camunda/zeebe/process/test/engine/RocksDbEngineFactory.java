package io.camunda.zeebe.process.test.engine;

import io.camunda.search.clients.SearchClientsProxy;
import io.camunda.security.auth.BrokerRequestAuthorizationConverter;
import io.camunda.security.configuration.SecurityConfiguration;
import io.camunda.zeebe.db.AccessMetricsConfiguration;
import io.camunda.zeebe.db.ConsistencyChecksSettings;
import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.db.impl.rocksdb.RocksDbConfiguration;
import io.camunda.zeebe.db.impl.rocksdb.ZeebeRocksDbFactory;
import io.camunda.zeebe.engine.Engine;
import io.camunda.zeebe.engine.EngineConfiguration;
import io.camunda.zeebe.engine.processing.EngineProcessors;
import io.camunda.zeebe.engine.processing.message.command.SubscriptionCommandSender;
import io.camunda.zeebe.logstreams.log.LogStream;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.camunda.zeebe.scheduler.ActorScheduler;
import io.camunda.zeebe.scheduler.clock.ControlledActorClock;
import io.camunda.zeebe.stream.impl.ControllableStreamClockImpl;
import io.camunda.zeebe.stream.impl.StreamProcessor;
import io.camunda.zeebe.util.FeatureFlags;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * zeebe-process-test's {@link EngineFactory#create(int)} with two changes for the service's
 * embedded engine, assembled from the same parts (package-private there, hence this package):
 *
 * <ul>
 *   <li>the engine's state in RocksDB, zeebe-db's as a broker keeps it, in a directory of its own:
 *       the test engine's map copies the whole state for every iteration a command makes, so each
 *       command cost grew with the patients enrolled (README, "Performance");
 *   <li>the gRPC gateway on the given address only (the test engine binds every interface, and the
 *       gateway has no authentication).
 * </ul>
 *
 * The log stays in memory, as in the test engine.
 */
public final class RocksDbEngineFactory {

  /**
   * The engine and the parts of it the service reads (its log, its clock, its stream processor);
   * RocksDB's shared cache and write buffers, which stopping the engine does not free (close them
   * after it); and what frees an engine that did not start (its stop would wait for a stream
   * processor that never opened).
   */
  public record Parts(
      ZeebeTestEngine engine,
      LogStream logStream,
      ControlledActorClock clock,
      StreamProcessor processor,
      ZeebeRocksDbFactory.SharedRocksDbResources rocksDbResources,
      Runnable discardUnstarted) {}

  private static final int PARTITION_ID = 1;
  private static final int PARTITION_COUNT = 1;
  /** RocksDB's memory (memtables and block cache), off the heap: the embedded engine holds one ward. */
  private static final long MEMORY_LIMIT_BYTES = 64L * 1024 * 1024;

  private RocksDbEngineFactory() {}

  public static Parts create(InetSocketAddress gatewayAddress, File stateDirectory) {
    ControlledActorClock clock = new ControlledActorClock();
    ActorScheduler scheduler = ActorScheduler.newActorScheduler().setActorClock(clock).build();
    scheduler.start();

    InMemoryLogStorage logStorage = new InMemoryLogStorage();
    LogStream logStream = LogStream.builder()
        .withPartitionId(PARTITION_ID)
        .withLogStorage(logStorage)
        .withClock(clock)
        .withMeterRegistry(new SimpleMeterRegistry())
        .build();

    CommandWriter commandWriter = new CommandWriter(logStream.newLogStreamWriter());
    CommandSender commandSender = new CommandSender(commandWriter);
    GatewayRequestStore requests = new GatewayRequestStore();
    InMemoryJobStreamer jobStreamer = new InMemoryJobStreamer(commandWriter);
    GrpcToLogStreamGateway gateway = new GrpcToLogStreamGateway(
        commandWriter, PARTITION_ID, PARTITION_COUNT, gatewayAddress.getPort(), requests, jobStreamer);
    Server grpcServer = NettyServerBuilder.forAddress(gatewayAddress).addService(gateway).build();
    GrpcResponseWriter responses = new GrpcResponseWriter(gateway, requests, null);

    // one partition: the four-argument constructor sizes the write buffers for a broker's three
    ZeebeRocksDbFactory.SharedRocksDbResources rocksDb =
        ZeebeRocksDbFactory.SharedRocksDbResources.allocate(MEMORY_LIMIT_BYTES);
    ZeebeDb<ZbColumnFamilies> state;
    try {
      state = new ZeebeRocksDbFactory<ZbColumnFamilies>(
              new RocksDbConfiguration().setMemoryLimit(MEMORY_LIMIT_BYTES),
              new ConsistencyChecksSettings(),
              new AccessMetricsConfiguration(AccessMetricsConfiguration.Kind.NONE, PARTITION_ID),
              SimpleMeterRegistry::new,
              rocksDb,
              PARTITION_COUNT)
          .createDb(stateDirectory);
    } catch (RuntimeException e) {
      rocksDb.close();
      scheduler.stop();
      throw e;
    }

    SecurityConfiguration security = new SecurityConfiguration();
    security.getAuthorizations().setEnabled(false);
    StreamProcessor processor = StreamProcessor.builder()
        .logStream(logStream)
        .zeebeDb(state)
        .commandResponseWriter(responses)
        .partitionCommandSender(commandSender)
        .recordProcessors(List.of(new Engine(
            context -> EngineProcessors.createEngineProcessors(
                context,
                PARTITION_COUNT,
                new SubscriptionCommandSender(context.getPartitionId(), commandSender),
                commandSender,
                FeatureFlags.createDefault(),
                jobStreamer,
                SearchClientsProxy.noop(),
                new BrokerRequestAuthorizationConverter(security)),
            new EngineConfiguration(),
            security)))
        .actorSchedulingService(scheduler)
        .clock(new ControllableStreamClockImpl(clock))
        .meterRegistry(new SimpleMeterRegistry())
        .build();

    ZeebeTestEngine engine = new InMemoryEngine(
        grpcServer,
        processor,
        gateway,
        state,
        logStream,
        scheduler,
        new RecordStreamSourceImpl(logStream.newLogStreamReader(), PARTITION_ID),
        clock,
        new EngineStateMonitor(logStorage, processor));
    Runnable discard = () -> {
      grpcServer.shutdownNow();
      try {
        state.close();
      } catch (Exception e) {
        throw new IllegalStateException("the embedded engine's state did not close", e);
      } finally {
        logStream.close();
        scheduler.stop();
        rocksDb.close();
      }
    };
    return new Parts(engine, logStream, clock, processor, rocksDb, discard);
  }
}
