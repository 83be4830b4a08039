package org.pathway.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.protocol.Protocol;
import org.junit.jupiter.api.Test;

/** The header names the production code spells out are the engine's own. */
class UserTaskInfoTest {

  @Test
  void headerNamesAreTheEnginesReservedHeaders() {
    assertThat(UserTaskInfo.KEY_HEADER).isEqualTo(Protocol.USER_TASK_KEY_HEADER_NAME);
    assertThat(UserTaskInfo.CANDIDATE_GROUPS_HEADER).isEqualTo(Protocol.USER_TASK_CANDIDATE_GROUPS_HEADER_NAME);
    assertThat(UserTaskInfo.DUE_DATE_HEADER).isEqualTo(Protocol.USER_TASK_DUE_DATE_HEADER_NAME);
    assertThat(UserTaskInfo.PRIORITY_HEADER).isEqualTo(Protocol.USER_TASK_PRIORITY_HEADER_NAME);
    assertThat(UserTaskInfo.ASSIGNEE_HEADER).isEqualTo(Protocol.USER_TASK_ASSIGNEE_HEADER_NAME);
  }
}
