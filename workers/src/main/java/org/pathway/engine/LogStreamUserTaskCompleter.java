package org.pathway.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.logstreams.log.LogAppendEntry;
import io.camunda.zeebe.logstreams.log.LogStreamReader;
import io.camunda.zeebe.logstreams.log.LogStreamWriter;
import io.camunda.zeebe.logstreams.log.LoggedEvent;
import io.camunda.zeebe.logstreams.log.WriteContext;
import io.camunda.zeebe.protocol.impl.encoding.MsgPackConverter;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.value.usertask.UserTaskRecord;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import java.time.Duration;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Completes Camunda user tasks on the in-memory engine by writing the USER_TASK COMPLETE command to
 * its log stream, exactly what the REST gateway of a real cluster does, and waits for the engine's
 * answer to that command: accepted (COMPLETING/COMPLETED) or rejected (with the engine's reason).
 */
public final class LogStreamUserTaskCompleter implements UserTaskCompleter {

  static final String COMPLETE_ACTION = "complete";

  private final LogStreamWriter writer;
  private final EmbeddedEngine engine;
  private final ObjectMapper json;
  private final Duration timeout;

  public LogStreamUserTaskCompleter(EmbeddedEngine engine, ObjectMapper json, Duration timeout) {
    this.engine = engine;
    this.writer = engine.logStream().newLogStreamWriter();
    this.json = json;
    this.timeout = timeout;
  }

  @Override
  public void complete(long userTaskKey, Map<String, Object> variables) {
    UserTaskRecord command =
        new UserTaskRecord().setUserTaskKey(userTaskKey).setAction(COMPLETE_ACTION);
    command.setVariables(new UnsafeBuffer(MsgPackConverter.convertToMsgPack(toJson(variables))));
    RecordMetadata metadata =
        new RecordMetadata()
            .recordType(RecordType.COMMAND)
            .valueType(ValueType.USER_TASK)
            .intent(UserTaskIntent.COMPLETE);
    long position;
    synchronized (writer) {
      var written =
          writer.tryWrite(WriteContext.internal(), LogAppendEntry.of(userTaskKey, metadata, command));
      if (written.isLeft()) {
        throw new IllegalStateException(
            "engine refused to append the completion of user task "
                + userTaskKey
                + ": "
                + written.getLeft());
      }
      position = written.get();
    }
    awaitOutcome(userTaskKey, position);
  }

  private void awaitOutcome(long userTaskKey, long commandPosition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (LogStreamReader reader = engine.logStream().newLogStreamReader()) {
      long next = commandPosition + 1;
      while (System.nanoTime() < deadline) {
        reader.seek(next);
        while (reader.hasNext()) {
          LoggedEvent event = reader.next();
          next = event.getPosition() + 1;
          if (event.getSourceEventPosition() != commandPosition) {
            continue;
          }
          RecordMetadata metadata = new RecordMetadata();
          event.readMetadata(metadata);
          if (metadata.getRecordType() == RecordType.COMMAND_REJECTION) {
            throw new CompletionRejected(
                userTaskKey, metadata.getRejectionType().name(), metadata.getRejectionReason());
          }
          if (metadata.getValueType() == ValueType.USER_TASK
              && (metadata.getIntent() == UserTaskIntent.COMPLETING
                  || metadata.getIntent() == UserTaskIntent.COMPLETED)) {
            return;
          }
        }
        Thread.sleep(2);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while completing user task " + userTaskKey, e);
    }
    throw new IllegalStateException(
        "engine did not answer the completion of user task " + userTaskKey + " within " + timeout);
  }

  private String toJson(Map<String, Object> variables) {
    try {
      return json.writeValueAsString(variables == null ? Map.of() : variables);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("form variables are not serialisable as JSON", e);
    }
  }
}
