package org.pathway.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The service's REST API as the ward's clients use it: JSON over HTTP, each call as the demo user
 * of a role (nurse, physician, integration, manager) with HTTP Basic. Nothing in-process: what the
 * simulation does, a sending system or a ward device could do.
 */
public final class ServiceClient {

  /** A response that is not a success, with the problem document the service sent. */
  public static final class Refused extends RuntimeException {
    private final int status;

    Refused(String call, int status, String body) {
      super(call + " -> " + status + ": " + body);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;
  private final String password;
  private final ObjectMapper json;

  public ServiceClient(URI base, String password, ObjectMapper json) {
    this.base = base;
    this.password = password;
    this.json = json;
  }

  public JsonNode get(String user, String path) {
    return send(user, HttpRequest.newBuilder(base.resolve(path)).GET(), "GET " + path);
  }

  public JsonNode post(String user, String path, JsonNode body) {
    return post(user, path, body, "application/json");
  }

  public JsonNode post(String user, String path, JsonNode body, String contentType) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
          .header("content-type", contentType)
          .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
      return send(user, request, "POST " + path);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the body of POST " + path, e);
    }
  }

  private JsonNode send(String user, HttpRequest.Builder request, String call) {
    String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    request.header("authorization", "Basic " + credentials).header("accept", "application/json")
        .timeout(Duration.ofSeconds(60));
    try {
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() / 100 != 2) {
        throw new Refused(call + " as " + user, response.statusCode(),
            new String(response.body(), StandardCharsets.UTF_8));
      }
      return response.body().length == 0 ? json.nullNode() : json.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(call + " as " + user + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(call + " interrupted", e);
    }
  }
}
