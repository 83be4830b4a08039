package org.pathway.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.stereotype.Component;

/**
 * What the lab doors received and refused. Tags name the door and, for a refusal, the FHIR issue
 * type the refusal carries (both doors use the same codes): a small fixed set, never a patient,
 * result or field value.
 */
@Component
public class IntakeMeters {

  /** Results accepted: stored, or recognised as stored before. */
  public static final String RECEIVED = "pathway.results.received";
  /** Results refused, tag {@code reason}: not-found, value, invalid, structure, business-rule, ... */
  public static final String REJECTED = "pathway.results.rejected";

  /** Where a result came in: FHIR (/api/v1/fhir) or the JSON contract (/api/v1/patients/{id}/labs). */
  public enum Door {
    FHIR,
    JSON;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final MeterRegistry registry;

  public IntakeMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  public void received(Door door, int results) {
    Counter.builder(RECEIVED).tag("door", door.tag()).register(registry).increment(results);
  }

  public void rejected(Door door, IssueType reason, int results) {
    Counter.builder(REJECTED).tag("door", door.tag()).tag("reason", reason.toCode())
        .register(registry).increment(results);
  }
}
