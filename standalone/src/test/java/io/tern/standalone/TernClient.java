package io.tern.standalone;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small client of Tern's public REST API, as a user's script would use it: with a bearer token. */
final class TernClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;

  /** @param token an API token, or null to send none */
  TernClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** A client with the admin token the standalone system generated (read from its file, as a user would). */
  static TernClient asAdmin(TernStandalone tern) throws IOException {
    return new TernClient(tern.baseUrl(), java.nio.file.Files.readString(tern.adminTokenFile()).trim());
  }

  String token() {
    return token;
  }

  record Response(int status, JsonNode body, String location) {}

  Response post(String path, String json) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  JsonNode submit(String json) {
    Response r = post("/api/v1/jobs", json);
    if (r.status() != 201) {
      throw new AssertionError("submit failed: " + r.status() + " " + r.body());
    }
    return r.body();
  }

  JsonNode job(long id) {
    return ok(get("/api/v1/jobs/" + id));
  }

  List<JsonNode> checkpoints(long id) {
    return list(ok(get("/api/v1/jobs/" + id + "/checkpoints")));
  }

  List<JsonNode> attempts(long id) {
    return list(ok(get("/api/v1/jobs/" + id + "/attempts")));
  }

  List<JsonNode> events(long id) {
    return list(ok(get("/api/v1/jobs/" + id + "/events")));
  }

  /** Committed checkpoints of a job, oldest first. */
  List<JsonNode> committedCheckpoints(long id) {
    return checkpoints(id).stream().filter(c -> "COMMITTED".equals(c.path("state").asString())).toList();
  }

  private static JsonNode ok(Response r) {
    if (r.status() != 200) {
      throw new AssertionError("expected 200, got " + r.status() + " " + r.body());
    }
    return r.body();
  }

  /** Accepts a plain JSON array or a page object with an array under "items"/"content". */
  private static List<JsonNode> list(JsonNode node) {
    JsonNode array = node.isArray() ? node : node.has("items") ? node.get("items") : node.path("content");
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private Response send(HttpRequest.Builder builder) {
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    HttpRequest request = builder.build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
      return new Response(r.statusCode(), body, r.headers().firstValue("Location").orElse(null));
    } catch (IOException e) {
      throw new AssertionError("request to " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
