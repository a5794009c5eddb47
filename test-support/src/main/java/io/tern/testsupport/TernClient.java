package io.tern.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tern's REST API over real HTTP, as a user's script or a worker calls it, with the credentials it
 * was made with ({@link #withBearer}, {@link #withBasic}) or none.
 *
 * <p>Two kinds of calls: exchanges that answer whatever came back ({@link #get}, {@link #post},
 * {@link #send}, …, a {@link Response}), and checked calls that fail the test unless the status is
 * the expected one and answer the JSON body ({@link #read}, {@link #post(String, Object, int)},
 * {@link #submit}, {@link #job}, …). A request body is a JSON string, or any object (a
 * {@link JobRequest}, a map, a record) written as JSON.
 */
public final class TernClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final String authorization;

  /** A client of the scheduler at {@code base} (e.g. {@code http://127.0.0.1:8080}) without credentials. */
  public TernClient(URI base) {
    this(base, null);
  }

  /** A client of the scheduler on 127.0.0.1:{@code port} without credentials. */
  public TernClient(int port) {
    this(URI.create("http://127.0.0.1:" + port), null);
  }

  private TernClient(URI base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  /** The same scheduler, with {@code Authorization: Bearer <token>} (an API token or a worker secret). */
  public TernClient withBearer(String token) {
    return new TernClient(base, "Bearer " + token);
  }

  /** The same scheduler, with a worker's id and secret as HTTP Basic. */
  public TernClient withBasic(long workerId, String secret) {
    String pair = workerId + ":" + secret;
    return new TernClient(base, "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  /** The same scheduler, with this {@code Authorization} value (or none when null). */
  public TernClient withAuthorization(String value) {
    return new TernClient(base, value);
  }

  /** The bearer token this client sends, or null. */
  public String token() {
    return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
  }

  /** The base URL of the scheduler. */
  public URI base() {
    return base;
  }

  // ---- exchanges: whatever the answer is

  public Response get(String path) {
    return send(request(path).GET());
  }

  public Response post(String path, Object body) {
    return send(withJson(request(path), "POST", body));
  }

  public Response put(String path, Object body) {
    return send(withJson(request(path), "PUT", body));
  }

  public Response delete(String path) {
    return send(request(path).DELETE());
  }

  /** Any method, with a raw body (or none) of the given content type (or none). */
  public Response send(String method, String path, String body, String contentType) {
    HttpRequest.Builder request = request(path)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  /** Like {@link #send} but without announcing the length: the body goes chunked. */
  public Response sendChunked(String method, String path, String body, String contentType) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return send(request(path)
        .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
        .header("Content-Type", contentType));
  }

  /** The status of a request without a body, whatever it is. */
  public int status(String method, String path) {
    return send(method, path, null, null).status();
  }

  /** True when the API answers at all (a replica is up and reaches its database). */
  public boolean isUp() {
    try {
      return get("/api/v1/workers").status() == 200;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  // ---- checked calls: fail unless the expected status

  /** GETs {@code path}, which must answer 200; its JSON body. */
  public JsonNode read(String path) {
    return get(path).expect(200);
  }

  /** POSTs {@code body} (nothing when null), which must answer {@code expected}; the JSON body or null. */
  public JsonNode post(String path, Object body, int expected) {
    return post(path, body).expect(expected);
  }

  /** PUTs {@code body}, which must answer {@code expected}; the JSON body or null. */
  public JsonNode put(String path, Object body, int expected) {
    return put(path, body).expect(expected);
  }

  /** DELETEs {@code path}, which must answer {@code expected}; the JSON body or null. */
  public JsonNode delete(String path, int expected) {
    return delete(path).expect(expected);
  }

  // ---- tokens

  /** Creates an API token ({@code 201 Created}, as an admin); the token text, shown only this once. */
  public String createToken(String name, String role, String owner) {
    return post("/api/v1/tokens", Map.of("name", name, "role", role, "owner", owner), 201).path("token").asString();
  }

  // ---- jobs

  /** Submits a job ({@code 201 Created}); its id. */
  public long submit(Object body) {
    return post("/api/v1/jobs", body, 201).path("id").asLong();
  }

  /** Cancels a job (its attempt is killed). */
  public void cancel(long id) {
    post("/api/v1/jobs/" + id + "/cancel", null, 200);
  }

  public JsonNode job(long id) {
    return read("/api/v1/jobs/" + id);
  }

  /** The job's state, e.g. {@code RUNNING}. */
  public String state(long id) {
    return job(id).path("state").asString();
  }

  public List<JsonNode> attempts(long id) {
    return list(read("/api/v1/jobs/" + id + "/attempts"));
  }

  public List<JsonNode> checkpoints(long id) {
    return list(read("/api/v1/jobs/" + id + "/checkpoints"));
  }

  /** The job's COMMITTED checkpoints, oldest first. */
  public List<JsonNode> committedCheckpoints(long id) {
    return checkpoints(id).stream().filter(c -> "COMMITTED".equals(c.path("state").asString())).toList();
  }

  public List<JsonNode> events(long id) {
    return list(read("/api/v1/jobs/" + id + "/events"));
  }

  public List<JsonNode> workers() {
    return list(read("/api/v1/workers"));
  }

  // ---- artifacts

  /**
   * Uploads a jar as the raw body ({@code application/java-archive}) of {@code POST /api/v1/artifacts};
   * {@code name} and {@code kind} are left out when null. Answers whatever came back.
   */
  public Response uploadArtifact(byte[] jar, String name, String kind) {
    StringBuilder query = new StringBuilder();
    if (name != null) {
      query.append("name=").append(java.net.URLEncoder.encode(name, StandardCharsets.UTF_8));
    }
    if (kind != null) {
      query.append(query.isEmpty() ? "" : "&").append("kind=").append(kind);
    }
    return send(request("/api/v1/artifacts" + (query.isEmpty() ? "" : "?" + query))
        .POST(HttpRequest.BodyPublishers.ofByteArray(jar))
        .header("Content-Type", "application/java-archive"));
  }

  /** Uploads an application jar named {@code name}, which must answer {@code 201 Created}; its view. */
  public JsonNode uploadArtifact(byte[] jar, String name) {
    return uploadArtifact(jar, name, null).expect(201);
  }

  /** Uploads a jar as the part {@code file} (with {@code fileName}) of a {@code multipart/form-data} body. */
  public Response uploadArtifactMultipart(byte[] jar, String fileName) {
    String boundary = "tern-" + java.util.UUID.randomUUID();
    ByteArrayOutputStreamBuilder body = new ByteArrayOutputStreamBuilder()
        .text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
            + "\"\r\nContent-Type: application/java-archive\r\n\r\n")
        .bytes(jar)
        .text("\r\n--" + boundary + "--\r\n");
    return send(request("/api/v1/artifacts")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary));
  }

  /** GETs {@code path} as bytes (e.g. an artifact's content), whatever the status. */
  public Download download(String path) {
    return download(path, java.util.Map.of());
  }

  /** As {@link #download(String)}, with request headers (such as {@code Range}). */
  public Download download(String path, java.util.Map<String, String> headers) {
    HttpRequest.Builder builder = request(path).GET();
    headers.forEach(builder::header);
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    try {
      HttpResponse<byte[]> r = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Download(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A binary answer. */
  public record Download(int status, java.net.http.HttpHeaders headers, byte[] body) {
    /** The first value of header {@code name}, or null. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private static final class ByteArrayOutputStreamBuilder {
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    ByteArrayOutputStreamBuilder text(String text) {
      return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    ByteArrayOutputStreamBuilder bytes(byte[] bytes) {
      out.writeBytes(bytes);
      return this;
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  // ---- JSON

  /** Converts a JSON node into {@code type} (e.g. a record of the worker protocol). */
  public <T> T as(JsonNode node, Class<T> type) {
    return JSON.treeToValue(node, type);
  }

  /** The JSON of {@code value}. */
  public String toJson(Object value) {
    return JSON.writeValueAsString(value);
  }

  /** A plain JSON array, or a page with its array under {@code items}/{@code content}, as a list. */
  private static List<JsonNode> list(JsonNode node) {
    JsonNode array = node.isArray() ? node : node.has("items") ? node.get("items") : node.path("content");
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
  }

  private static HttpRequest.Builder withJson(HttpRequest.Builder request, String method, Object body) {
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
    return request.method(method, publisher).header("Content-Type", "application/json");
  }

  private Response send(HttpRequest.Builder builder) {
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    HttpRequest request = builder.build();
    try {
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      String raw = r.body();
      String contentType = r.headers().firstValue("Content-Type").orElse("");
      JsonNode body = raw == null || raw.isBlank() || !contentType.contains("json") ? null : JSON.readTree(raw);
      return new Response(request.method() + " " + request.uri(), r.statusCode(), contentType,
          r.headers().firstValue("Location").orElse(null), body, raw, r.headers().firstValue("WWW-Authenticate").orElse(null),
          r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * An HTTP answer.
   *
   * @param request method and URI, for messages
   * @param body the body parsed as JSON; null when empty or not JSON
   * @param raw the body as text
   * @param challenge the {@code WWW-Authenticate} header, or null
   * @param headers every response header
   */
  public record Response(String request, int status, String contentType, String location, JsonNode body, String raw,
      String challenge, java.net.http.HttpHeaders headers) {

    /** The first value of header {@code name}, or null. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /** The JSON body (null when there is none); fails the test unless the status is {@code expected}. */
    public JsonNode expect(int expected) {
      if (status != expected) {
        throw new AssertionError(request + " answered " + status + " (expected " + expected + "): " + raw);
      }
      return body;
    }

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
}
