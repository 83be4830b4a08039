package org.pathway.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.exception.CamundaError;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** Which job failures raise an incident, and so count in pathway.incidents. */
class DatabaseOutageBackoffTest {

  @Test
  void aFailureThatLeavesNoRetriesRaisesAnIncident() {
    // a data error names no retries: the incident is raised at once, whatever the job had left
    assertThat(DatabaseOutageBackoff.raisesIncident(CamundaError.jobError("bad variable", null, 0), null, 2))
        .isTrue();
    // an unexpected exception uses one retry: an incident on the last one only
    assertThat(DatabaseOutageBackoff.raisesIncident(new IllegalStateException(), null, 1)).isFalse();
    assertThat(DatabaseOutageBackoff.raisesIncident(new IllegalStateException(), null, 0)).isTrue();
    // a database outage uses one retry too, with back-off
    var outage = new DataAccessResourceFailureException("down");
    assertThat(DatabaseOutageBackoff.raisesIncident(outage, outage, 1)).isFalse();
    assertThat(DatabaseOutageBackoff.raisesIncident(outage, outage, 0)).isTrue();
    // a BPMN error is a modelled outcome, not a failure
    assertThat(DatabaseOutageBackoff.raisesIncident(CamundaError.bpmnError("CODE", "message"), null, 0)).isFalse();
  }
}
