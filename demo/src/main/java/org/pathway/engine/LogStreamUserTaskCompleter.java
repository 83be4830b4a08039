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
 * Completes Camunda user tasks on the in-memory engine by writing the USER_TASK ASSIGN (to the acting
 * user) and COMPLETE commands to its log stream, exactly what the REST gateway of a real cluster
 * does, and waits for the engine's answer to each: accepted or rejected (with the engine's reason).
 */
public final class LogStreamUserTaskCompleter implements UserTaskCompleter {

  static final String ASSIGN_ACTION = "assign";
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
  public void complete(long userTaskKey, String actor, Map<String, Object> variables) {
    // assigned to the acting user first, as the remote completer does: the task shows who did it
    UserTaskRecord assign =
        new UserTaskRecord().setUserTaskKey(userTaskKey).setAssignee(actor).setAction(ASSIGN_ACTION);
    awaitOutcome(userTaskKey, write(userTaskKey, UserTaskIntent.ASSIGN, assign),
        UserTaskIntent.ASSIGNING, UserTaskIntent.ASSIGNED);
    UserTaskRecord complete =
        new UserTaskRecord().setUserTaskKey(userTaskKey).setAction(COMPLETE_ACTION);
    complete.setVariables(new UnsafeBuffer(MsgPackConverter.convertToMsgPack(toJson(variables))));
    awaitOutcome(userTaskKey, write(userTaskKey, UserTaskIntent.COMPLETE, complete),
        UserTaskIntent.COMPLETING, UserTaskIntent.COMPLETED);
  }

  private long write(long userTaskKey, UserTaskIntent intent, UserTaskRecord command) {
    RecordMetadata metadata =
        new RecordMetadata().recordType(RecordType.COMMAND).valueType(ValueType.USER_TASK).intent(intent);
    synchronized (writer) {
      var written =
          writer.tryWrite(WriteContext.internal(), LogAppendEntry.of(userTaskKey, metadata, command));
      if (written.isLeft()) {
        throw new IllegalStateException(
            "engine refused to append the " + intent + " of user task " + userTaskKey + ": " + written.getLeft());
      }
      return written.get();
    }
  }

  private void awaitOutcome(long userTaskKey, long commandPosition, UserTaskIntent... accepted) {
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
              && java.util.Arrays.asList(accepted).contains(metadata.getIntent())) {
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
        "engine did not answer the command on user task " + userTaskKey + " within " + timeout);
  }

  private String toJson(Map<String, Object> variables) {
    try {
      return json.writeValueAsString(variables == null ? Map.of() : variables);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("form variables are not serialisable as JSON", e);
    }
  }
}
