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

/**
 * Calls the scheduler over real HTTP, as a user or a worker would, with the credentials it was
 * made with ({@link #withBearer}, {@link #withBasic}) or none.
 */
public final class ApiClient {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final JsonMapper json = JsonMapper.builder().build();
  private final String base;
  private final String authorization;

  /** A client without credentials. */
  public ApiClient(int port) {
    this("http://127.0.0.1:" + port, null);
  }

  private ApiClient(String base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  /** The same scheduler, with {@code Authorization: Bearer <token>}. */
  public ApiClient withBearer(String token) {
    return new ApiClient(base, "Bearer " + token);
  }

  /** The same scheduler, with a worker's id and secret as HTTP Basic. */
  public ApiClient withBasic(long workerId, String secret) {
    String pair = workerId + ":" + secret;
    return new ApiClient(base, "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** The same scheduler, with this {@code Authorization} value (or none when null). */
  public ApiClient withAuthorization(String value) {
    return new ApiClient(base, value);
  }

  /** The same scheduler as an administrator (the bootstrap admin token of the test contexts). */
  public ApiClient asAdmin() {
    return withBearer(TestCredentials.ADMIN_TOKEN);
  }

  /** Any method, with a raw body (or none) of the given content type. */
  public Response send(String method, String path, String body, String contentType) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  /** Like {@link #send} but without announcing the length: the body goes chunked. */
  public Response sendChunked(String method, String path, String body, String contentType) {
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)))
        .header("Content-Type", contentType);
    return send(request);
  }

  /** A body of {@code size} bytes of JSON (a string value padded with 'x'). */
  public static String jsonOfSize(int size) {
    return "{\"name\": \"" + "x".repeat(Math.max(0, size - 13)) + "\"}";
  }

  /** An HTTP answer with its body parsed as JSON (null when empty). */
  public record Response(int status, String contentType, String location, JsonNode body, String raw, String challenge) {

    /** The problem {@code type}'s last segment, e.g. {@code unauthenticated}; "" when not a problem. */
    public String problemType() {
      String type = body == null ? "" : body.path("type").asString("");
      return type.substring(type.lastIndexOf('/') + 1);
    }

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
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      String raw = r.body();
      String contentType = r.headers().firstValue("Content-Type").orElse("");
      JsonNode node = raw == null || raw.isBlank() || !contentType.contains("json") ? null : json.readTree(raw);
      String challenge = r.headers().firstValue("WWW-Authenticate").orElse(null);
      return new Response(
          r.statusCode(),
          contentType,
          r.headers().firstValue("Location").orElse(null),
          node,
          raw,
          challenge);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
