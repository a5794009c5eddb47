package io.tern.worker.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tern.protocol.RegisterRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registration credentials of the HTTP client against a scheduler on the JDK's HTTP server that
 * knows one worker (id 7) and rotates its secret at every registration, as the real one does.
 */
class HttpSchedulerClientTest {

  private static final String JOIN = "join-token-of-the-cluster-0123456789";
  private static final RegisterRequest ME = new RegisterRequest("w1", 2, 1024, Map.of(), "test");

  @TempDir Path workDir;
  private HttpServer server;
  private final List<String> registerAuthorizations = new ArrayList<>();
  private final AtomicInteger issued = new AtomicInteger();
  private volatile String currentSecret;

  @BeforeEach
  void startScheduler() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/internal/v1/workers/register", exchange -> {
      try (exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        registerAuthorizations.add(authorization);
        boolean ok = ("Bearer " + JOIN).equals(authorization)
            || (currentSecret != null && basic(7, currentSecret).equals(authorization));
        if (!ok) {
          exchange.sendResponseHeaders(401, -1);
          return;
        }
        currentSecret = "tern_ws_" + issued.incrementAndGet();
        byte[] body = ("{\"workerId\":7,\"heartbeatIntervalMillis\":1000,\"workerSecret\":\"" + currentSecret + "\"}")
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stopScheduler() {
    server.stop(0);
  }

  private HttpSchedulerClient client() {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return new HttpSchedulerClient(url, JOIN, Duration.ofSeconds(5), Duration.ofSeconds(5),
        new CredentialsFile(workDir.resolve("credentials")));
  }

  @Test
  void aFirstRegistrationUsesTheJoinTokenAndSavesTheSecretForTheWorkersUserOnly() throws IOException {
    client().register(ME);

    assertThat(registerAuthorizations).containsExactly("Bearer " + JOIN);
    Path file = workDir.resolve("credentials");
    assertThat(Files.readString(file)).isEqualTo("7:tern_ws_1\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (var left = Files.list(workDir)) {
      assertThat(left).containsExactly(file);
    }
  }

  @Test
  void aWorkerStartedAgainRegistersWithItsSavedSecretAndSavesTheNewOne() {
    client().register(ME);

    client().register(ME); // a new process: nothing in memory, the file only

    assertThat(registerAuthorizations).containsExactly("Bearer " + JOIN, basic(7, "tern_ws_1"));
    assertThat(new CredentialsFile(workDir.resolve("credentials")).load())
        .contains(new CredentialsFile.Credentials(7, "tern_ws_2"));
  }

  @Test
  void aSavedSecretTheSchedulerNoLongerKnowsFallsBackToTheJoinToken() {
    new CredentialsFile(workDir.resolve("credentials")).save(new CredentialsFile.Credentials(7, "tern_ws_forgotten"));

    client().register(ME);

    assertThat(registerAuthorizations).containsExactly(basic(7, "tern_ws_forgotten"), "Bearer " + JOIN);
    assertThat(new CredentialsFile(workDir.resolve("credentials")).load())
        .contains(new CredentialsFile.Credentials(7, "tern_ws_1"));
  }

  @Test
  void aFileThisWorkerDidNotWriteIsIgnored() throws IOException {
    Files.writeString(workDir.resolve("credentials"), "not a pair");

    client().register(ME);

    assertThat(registerAuthorizations).containsExactly("Bearer " + JOIN);
  }

  private static String basic(long id, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }
}
