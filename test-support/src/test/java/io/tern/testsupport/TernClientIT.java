package io.tern.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The client against a small HTTP server that answers canned JSON and records what it was sent. */
class TernClientIT {

  private HttpServer server;
  private final Map<String, String> seen = new ConcurrentHashMap<>();
  private TernClient anonymous;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/jobs", this::jobs);
    server.createContext("/api/v1/workers", exchange -> answer(exchange, 200, "{\"items\": [{\"id\": 1}, {\"id\": 2}]}"));
    server.start();
    anonymous = new TernClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void jobs(HttpExchange exchange) throws IOException {
    seen.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
    seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    if (exchange.getRequestMethod().equals("POST")) {
      answer(exchange, 201, "{\"id\": 42, \"state\": \"QUEUED\"}");
    } else {
      answer(exchange, 401, "{\"type\": \"https://tern.io/problems/unauthenticated\", \"title\": \"Unauthenticated\"}");
    }
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", status < 400 ? "application/json" : "application/problem+json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Test
  void submitsABuiltRequestAsJsonWithTheBearerTokenAndAnswersTheNewId() {
    TernClient admin = anonymous.withBearer("t0k3n");

    long id = admin.submit(JobRequest.ofType("pi").name("pi-1"));

    assertThat(id).isEqualTo(42);
    assertThat(seen).containsEntry("authorization", "Bearer t0k3n");
    assertThat(seen.get("body")).startsWith("{\"name\":\"pi-1\",\"type\":\"pi\"");
    assertThat(admin.token()).isEqualTo("t0k3n");
    assertThat(anonymous.token()).isNull();
  }

  @Test
  void aCheckedCallFailsWithTheRequestAndTheAnswerWhenTheStatusIsNotTheExpectedOne() {
    assertThatThrownBy(() -> anonymous.read("/api/v1/jobs"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("GET http://127.0.0.1:")
        .hasMessageContaining("answered 401 (expected 200)")
        .hasMessageContaining("Unauthenticated");
  }

  @Test
  void anExchangeAnswersWhateverCameBackWithTheProblemType() {
    TernClient.Response r = anonymous.get("/api/v1/jobs");

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.problemType()).isEqualTo("unauthenticated");
    assertThat(seen).containsEntry("authorization", "null");
  }

  @Test
  void listsReadAPageAsItsItems() {
    List<JsonNode> workers = anonymous.workers();

    assertThat(workers).extracting(w -> w.path("id").asInt()).containsExactly(1, 2);
    assertThat(anonymous.isUp()).isTrue();
  }

  @Test
  void isNotUpWhenNothingListens() {
    server.stop(0);

    assertThat(anonymous.isUp()).isFalse();
  }
}
