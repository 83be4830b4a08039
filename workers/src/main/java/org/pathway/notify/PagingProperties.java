package org.pathway.notify;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Urgent paging (bpmn/urgent-page.bpmn). Local policy, not in the reference: how often an
 * unacknowledged page is sent again, after how many re-pages the next in the chain is paged, the
 * links a page carries, and each ward's on-call chain (the seed: PUT /api/v1/wards/{ward}/on-call
 * replaces it). Defaults in application.yml.
 */
@ConfigurationProperties("pathway.paging")
public record PagingProperties(
    Duration repageEvery,
    int repeatsBeforeEscalation,
    Duration retryBackoff,
    String patientLink,
    String acknowledgeLink,
    Email email,
    Webhook webhook,
    Map<String, List<OnCall>> roster) {

  /** One person of a ward's escalation chain; email and pager are how they are reached. */
  public record OnCall(String role, String name, String email, String pager) {}

  /** SMTP: off while host is blank. */
  public record Email(String host, int port, String username, String password, boolean starttls, String from) {
    boolean configured() {
      return host != null && !host.isBlank();
    }
  }

  /** The paging gateway's endpoint (JSON POST): off while url is blank. */
  public record Webhook(URI url, String token, Duration timeout) {
    boolean configured() {
      return url != null && !url.toString().isBlank();
    }
  }

  public Map<String, List<OnCall>> roster() {
    return roster == null ? Map.of() : roster;
  }

  /** A template's {name} placeholders filled in. */
  static String fill(String template, Map<String, String> values) {
    String out = template;
    for (var e : values.entrySet()) {
      out = out.replace("{" + e.getKey() + "}", java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return out;
  }

  public String patientLink(String patientId) {
    return fill(patientLink, Map.of("patientId", patientId));
  }

  public String acknowledgeLink(String pageId) {
    return fill(acknowledgeLink, Map.of("pageId", pageId));
  }
}
