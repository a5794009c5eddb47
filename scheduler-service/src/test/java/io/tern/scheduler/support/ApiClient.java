package io.tern.scheduler.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the scheduler over real HTTP, as a user or a worker would. */
public final class ApiClient {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final JsonMapper json = JsonMapper.builder().build();
  private final String base;

  public ApiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** An HTTP answer with its body parsed as JSON (null when empty). */
  public record Response(int status, String contentType, String location, JsonNode body, String raw) {

    /** The body's field {@code name} as text. */
    public String text(String name) {
      return body.path(name).asString();
    }
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public Response post(String path, Object body) {
    return send(HttpRequest.newBuilder(uri(path)).POST(publisher(body)).header("Content-Type", "application/json"));
  }

  public Response put(String path, Object body) {
    return send(HttpRequest.newBuilder(uri(path)).PUT(publisher(body)).header("Content-Type", "application/json"));
  }

  public Response delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  /** Converts a JSON node into a record of the protocol. */
  public <T> T as(JsonNode node, Class<T> type) {
    return json.treeToValue(node, type);
  }

  /** The JSON of {@code value}. */
  public String toJson(Object value) {
    return json.writeValueAsString(value);
  }

  private HttpRequest.BodyPublisher publisher(Object body) {
    if (body == null) {
      return HttpRequest.BodyPublishers.noBody();
    }
    String text = body instanceof String s ? s : json.writeValueAsString(body);
    return HttpRequest.BodyPublishers.ofString(text);
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      String raw = r.body();
      String contentType = r.headers().firstValue("Content-Type").orElse("");
      JsonNode node = raw == null || raw.isBlank() || !contentType.contains("json") ? null : json.readTree(raw);
      return new Response(
          r.statusCode(),
          contentType,
          r.headers().firstValue("Location").orElse(null),
          node,
          raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
