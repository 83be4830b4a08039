package org.pathway.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Pages through a hospital's paging or secure-messaging gateway: a JSON POST to
 * pathway.paging.webhook.url (off while blank) naming the recipient by their pager id, with a
 * bearer token when one is configured. Any answer but 2xx is a failed delivery.
 */
@Component
public class WebhookChannel implements Channel {

  private final PagingProperties.Webhook config;
  private final ObjectMapper json;
  private final Clock clock;
  private final HttpClient http;

  public WebhookChannel(PagingProperties properties, ObjectMapper json, Clock clock) {
    this.config = properties.webhook();
    this.json = json;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(timeout()).build();
  }

  private java.time.Duration timeout() {
    return config == null || config.timeout() == null ? java.time.Duration.ofSeconds(10) : config.timeout();
  }

  @Override
  public String name() {
    return "WEBHOOK";
  }

  @Override
  public boolean configured() {
    return config != null && config.configured();
  }

  @Override
  public boolean reaches(PagingProperties.OnCall person) {
    return configured() && person.pager() != null && !person.pager().isBlank();
  }

  @Override
  public void send(PageMessage page) throws DeliveryFailed {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(config.url())
            .timeout(timeout())
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", page.pageId() + "/" + page.chainLevel() + "/" + page.pageRound())
            .POST(HttpRequest.BodyPublishers.ofString(body(page)));
    if (config.token() != null && !config.token().isBlank()) {
      request.header("Authorization", "Bearer " + config.token());
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        String body = response.body() == null ? "" : response.body();
        throw new DeliveryFailed(
            "paging gateway " + config.url() + " answered HTTP " + response.statusCode()
                + (body.isBlank() ? "" : ": " + body.substring(0, Math.min(200, body.length()))),
            null);
      }
    } catch (IOException e) {
      throw new DeliveryFailed("paging gateway " + config.url() + " unreachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryFailed("interrupted while paging through " + config.url(), e);
    }
  }

  private String body(PageMessage page) {
    Map<String, Object> recipient = new LinkedHashMap<>();
    recipient.put("pager", page.recipient().pager());
    recipient.put("name", page.recipient().name());
    recipient.put("role", page.recipient().role());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("pageId", page.pageId());
    body.put("priority", "URGENT");
    body.put("recipient", recipient);
    body.put("patientId", page.patientId());
    body.put("ward", page.ward());
    body.put("event", page.pageEvent());
    body.put("grade", page.grade());
    body.put("reason", page.reason());
    body.put("whatHappened", page.whatHappened());
    body.put("patientLink", page.patientLink());
    body.put("acknowledgeLink", page.acknowledgeLink());
    body.put("chainLevel", page.chainLevel());
    body.put("pageRound", page.pageRound());
    body.put("text", page.subject());
    body.put("sentAt", clock.instant().toString());
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
