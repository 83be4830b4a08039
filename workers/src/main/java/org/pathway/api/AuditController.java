package org.pathway.api;

import java.time.Instant;
import java.util.List;
import org.pathway.store.AuditLog;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/v1/audit?patientId=&from=&to=: the audit entries, sorted by time. */
@RestController
@RequestMapping("/api/v1/audit")
public class AuditController {

  private final AuditLog audit;

  public AuditController(AuditLog audit) {
    this.audit = audit;
  }

  @GetMapping
  public List<AuditLog.Entry> entries(
      @RequestParam(required = false) String patientId,
      @RequestParam(required = false) Instant from,
      @RequestParam(required = false) Instant to) {
    return audit.find(
        patientId == null || patientId.isBlank() ? null : patientId,
        from == null ? Instant.EPOCH : from,
        to == null ? Instant.parse("9999-12-31T23:59:59Z") : to);
  }
}
