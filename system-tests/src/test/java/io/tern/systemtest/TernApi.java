package io.tern.systemtest;

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

/** Tern's public REST API ({@code /api/v1}) as a user's script calls it, with an API token. */
final class TernApi {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;

  TernApi(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** Submits a job; returns its id. */
  long submit(String json) {
    HttpResponse<String> r = send(request("/api/v1/jobs")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
    if (r.statusCode() != 201) {
      throw new AssertionError("submit failed: " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body()).get("id").asLong();
  }

  /** Cancels a job (its attempt is killed). */
  void cancel(long id) {
    HttpResponse<String> r = send(request("/api/v1/jobs/" + id + "/cancel").POST(HttpRequest.BodyPublishers.noBody()));
    if (r.statusCode() != 200) {
      throw new AssertionError("cancel failed: " + r.statusCode() + " " + r.body());
    }
  }

  /** POSTs {@code json} (or nothing when null); fails unless the answer has status {@code expected}. */
  JsonNode post(String path, String json, int expected) {
    return call("POST", path, json, expected);
  }

  /** PUTs {@code json}; fails unless the answer has status {@code expected}. */
  JsonNode put(String path, String json, int expected) {
    return call("PUT", path, json, expected);
  }

  /** DELETEs; fails unless the answer has status {@code expected}. */
  JsonNode delete(String path, int expected) {
    return call("DELETE", path, null, expected);
  }

  /** Sends a request without a body and answers its status, whatever it is. */
  int status(String method, String path) {
    return send(request(path).method(method, HttpRequest.BodyPublishers.noBody())).statusCode();
  }

  private JsonNode call(String method, String path, String json, int expected) {
    HttpRequest.Builder request = request(path).method(method,
        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = send(request);
    if (r.statusCode() != expected) {
      throw new AssertionError(method + " " + path + " answered " + r.statusCode() + " " + r.body());
    }
    return r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
  }

  JsonNode job(long id) {
    return get("/api/v1/jobs/" + id);
  }

  List<JsonNode> attempts(long id) {
    return list(get("/api/v1/jobs/" + id + "/attempts"));
  }

  List<JsonNode> checkpoints(long id) {
    return list(get("/api/v1/jobs/" + id + "/checkpoints"));
  }

  List<JsonNode> events(long id) {
    return list(get("/api/v1/jobs/" + id + "/events"));
  }

  List<JsonNode> workers() {
    return list(get("/api/v1/workers"));
  }

  /** The job's state, e.g. {@code RUNNING}. */
  String state(long id) {
    return job(id).path("state").asString();
  }

  JsonNode get(String path) {
    HttpResponse<String> r = send(request(path).GET());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** True when the API answers at all (any replica, database reachable). */
  boolean isUp() {
    try {
      return http.send(request("/api/v1/workers").GET().timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    try {
      return http.send(built, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(built.method() + " " + built.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A plain JSON array, or a page with its array under {@code items}/{@code content}. */
  private static List<JsonNode> list(JsonNode node) {
    JsonNode array = node.isArray() ? node : node.has("items") ? node.get("items") : node.path("content");
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
