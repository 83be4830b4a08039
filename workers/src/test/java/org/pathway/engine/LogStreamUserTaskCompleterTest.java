package org.pathway.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.intent.VariableIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.UserTaskRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The user-task adapter against the real in-memory engine: completion is real, not simulated. */
class LogStreamUserTaskCompleterTest {

  private static EmbeddedEngine engine;
  private static CamundaClient client;
  private static LogStreamUserTaskCompleter completer;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    engine = new EmbeddedEngine(port);
    client =
        CamundaClient.newClientBuilder()
            .grpcAddress(URI.create("http://" + engine.gatewayAddress()))
            .preferRestOverGrpc(false)
            .build();
    completer = new LogStreamUserTaskCompleter(engine, new ObjectMapper(), Duration.ofSeconds(5));
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("adapter-test")
            .startEvent()
            .userTask("approve")
            .zeebeUserTask()
            .zeebeCandidateGroups("ward-nurses")
            .endEvent()
            .done();
    client.newDeployResourceCommand().addProcessModel(model, "adapter-test.bpmn").send().join();
  }

  @AfterAll
  static void stop() {
    client.close();
    engine.close();
  }

  private static long startAndAwaitUserTask() {
    long instance =
        client
            .newCreateInstanceCommand()
            .bpmnProcessId("adapter-test")
            .latestVersion()
            .send()
            .join()
            .getProcessInstanceKey();
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> userTaskCreated(instance), Optional::isPresent)
        .orElseThrow();
  }

  private static Optional<Long> userTaskCreated(long processInstanceKey) {
    return records()
        .filter(r -> r.getValueType() == ValueType.USER_TASK)
        .filter(r -> r.getIntent() == UserTaskIntent.CREATED)
        .map(r -> (UserTaskRecordValue) r.getValue())
        .filter(v -> v.getProcessInstanceKey() == processInstanceKey)
        .map(UserTaskRecordValue::getUserTaskKey)
        .findFirst();
  }

  private static java.util.stream.Stream<Record<?>> records() {
    return StreamSupport.stream(engine.records().getRecords().spliterator(), false);
  }

  private static boolean processCompleted(long processInstanceKey) {
    return records()
        .filter(r -> r.getRecordType() == RecordType.EVENT)
        .filter(r -> r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED)
        .map(r -> (ProcessInstanceRecordValue) r.getValue())
        .anyMatch(
            v ->
                v.getBpmnElementType() == BpmnElementType.PROCESS
                    && v.getProcessInstanceKey() == processInstanceKey);
  }

  @Test
  void completesTheUserTaskWithTheFormVariables() {
    long taskKey = startAndAwaitUserTask();
    UserTaskRecordValue task =
        records()
            .filter(r -> r.getValueType() == ValueType.USER_TASK && r.getKey() == taskKey)
            .map(r -> (UserTaskRecordValue) r.getValue())
            .findFirst()
            .orElseThrow();

    completer.complete(taskKey, "nurse", Map.of("labsDrawn", "DRAWN", "count", 3));

    await().atMost(Duration.ofSeconds(10)).until(() -> processCompleted(task.getProcessInstanceKey()));
    assertThat(
            records()
                .filter(r -> r.getValueType() == ValueType.USER_TASK && r.getKey() == taskKey)
                .map(Record::getIntent))
        .contains(UserTaskIntent.ASSIGNED, UserTaskIntent.COMPLETE, UserTaskIntent.COMPLETED);
    // the acting user is the task's assignee when it completes: the record shows who did it
    assertThat(
            records()
                .filter(r -> r.getValueType() == ValueType.USER_TASK && r.getKey() == taskKey)
                .filter(r -> r.getIntent() == UserTaskIntent.COMPLETED)
                .map(r -> ((UserTaskRecordValue) r.getValue()).getAssignee()))
        .containsExactly("nurse");
    Map<String, String> variables =
        records()
            .filter(r -> r.getValueType() == ValueType.VARIABLE)
            .filter(r -> r.getIntent() == VariableIntent.CREATED)
            .map(r -> (VariableRecordValue) r.getValue())
            .filter(v -> v.getProcessInstanceKey() == task.getProcessInstanceKey())
            .collect(
                java.util.stream.Collectors.toMap(
                    VariableRecordValue::getName, VariableRecordValue::getValue));
    assertThat(variables).containsEntry("labsDrawn", "\"DRAWN\"").containsEntry("count", "3");
  }

  @Test
  void aSecondCompletionIsRejectedByTheEngine() {
    long taskKey = startAndAwaitUserTask();
    completer.complete(taskKey, "nurse", Map.of());
    assertThatThrownBy(() -> completer.complete(taskKey, "nurse", Map.of()))
        .isInstanceOf(UserTaskCompleter.CompletionRejected.class)
        .hasMessageContaining(String.valueOf(taskKey))
        .satisfies(
            e ->
                assertThat(((UserTaskCompleter.CompletionRejected) e).rejectionType())
                    .isEqualTo("NOT_FOUND"));
  }

  @Test
  void anUnknownTaskIsRejectedWithTheEnginesReason() {
    assertThatThrownBy(() -> completer.complete(2251799813999999L, "nurse", Map.of("x", 1)))
        .isInstanceOf(UserTaskCompleter.CompletionRejected.class)
        .hasMessageContaining("NOT_FOUND");
  }
}
