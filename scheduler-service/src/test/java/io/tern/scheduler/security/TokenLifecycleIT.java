package io.tern.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.scheduler.support.SchedulerIT;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** API tokens: shown once, stored only as a hash, listed without secrets, revocable, expiring. */
@SchedulerIT
class TokenLifecycleIT {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @Test
  void aTokenIsShownOnceStoredAsAHashAndStopsWorkingWhenRevoked() {
    TernClient admin = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    Response created = admin.post("/api/v1/tokens", "{\"name\": \"ci-nightly\", \"role\": \"OPERATOR\"}");
    assertThat(created.status()).isEqualTo(201);
    String token = created.text("token");
    long id = created.body().path("id").asLong();
    assertThat(token).startsWith("tern_at_").hasSize(8 + 43);
    assertThat(created.text("owner")).isEqualTo("ci-nightly");
    assertThat(created.text("role")).isEqualTo("OPERATOR");

    String stored = jdbc.queryForObject("select token_hash from api_tokens where id = ?", String.class, id);
    assertThat(stored).isEqualTo(Secrets.sha256Hex(token)).doesNotContain(token);
    Response list = admin.get("/api/v1/tokens");
    assertThat(list.raw()).doesNotContain(token).doesNotContain(stored).contains("ci-nightly");

    TernClient ci = new TernClient(port).withBearer(token);
    assertThat(ci.get("/api/v1/workers").status()).isEqualTo(200);
    assertThat(admin.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
    assertThat(ci.get("/api/v1/workers").status()).isEqualTo(401);
    assertThat(admin.delete("/api/v1/tokens/" + id).status()).as("revoking twice is fine").isEqualTo(204);
    assertThat(admin.delete("/api/v1/tokens/987654").status()).isEqualTo(404);
    assertThat(admin.get("/api/v1/tokens").raw()).contains("revokedAt\":\"");
  }

  @Test
  void aTokenStopsWorkingWhenItExpires() {
    TernClient admin = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    Response past = admin.post("/api/v1/tokens", "{\"name\": \"old\", \"role\": \"SUBMITTER\", \"expiresAt\": \"2020-01-01T00:00:00Z\"}");
    assertThat(past.status()).isEqualTo(400);
    assertThat(past.text("detail")).contains("expiresAt");

    Instant soon = Instant.now().plusSeconds(2);
    String token = admin.post("/api/v1/tokens",
        "{\"name\": \"short\", \"role\": \"SUBMITTER\", \"expiresAt\": \"" + soon + "\"}").text("token");
    TernClient shortLived = new TernClient(port).withBearer(token);
    assertThat(shortLived.get("/api/v1/jobs").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> shortLived.get("/api/v1/jobs").status() == 401);
  }

  @Test
  void tokenRequestsAreValidated() {
    TernClient admin = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    long before = jdbc.queryForObject("select count(*) from api_tokens", Long.class);
    assertThat(admin.post("/api/v1/tokens", "{\"name\": \"x y\", \"role\": \"SUBMITTER\"}").status()).isEqualTo(400);
    assertThat(admin.post("/api/v1/tokens", "{\"name\": \"x\", \"role\": \"ROOT\"}").status()).isEqualTo(400);
    assertThat(admin.post("/api/v1/tokens", "{\"name\": \"x\"}").status()).isEqualTo(400);
    assertThat(admin.post("/api/v1/tokens", "{\"name\": \"x\", \"role\": \"ADMIN\", \"token\": \"mine\"}").status()).isEqualTo(400);
    assertThat(jdbc.queryForObject("select count(*) from api_tokens", Long.class)).isEqualTo(before);
  }
}
