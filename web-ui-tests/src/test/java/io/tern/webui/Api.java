package io.tern.webui;

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

/** The public REST API as a script would call it (bearer token), for setting up and checking what the browser shows. */
final class Api {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;

  Api(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  String token() {
    return token;
  }

  JsonNode get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), 200);
  }

  JsonNode post(String path, String json, int expected) {
    return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)), expected);
  }

  long submit(String json) {
    return post("/api/v1/jobs", json, 201).path("id").asLong();
  }

  JsonNode job(long id) {
    return get("/api/v1/jobs/" + id);
  }

  String state(long id) {
    return job(id).path("state").asString();
  }

  List<JsonNode> committedCheckpoints(long id) {
    List<JsonNode> out = new ArrayList<>();
    get("/api/v1/jobs/" + id + "/checkpoints").forEach(c -> {
      if ("COMMITTED".equals(c.path("state").asString())) {
        out.add(c);
      }
    });
    return out;
  }

  private JsonNode send(HttpRequest.Builder request, int expected) {
    try {
      HttpResponse<String> r = http.send(request.header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != expected) {
        throw new AssertionError(request.build().uri() + " answered " + r.statusCode() + ": " + r.body());
      }
      return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
