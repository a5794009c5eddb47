package io.tern.scheduler.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.protocol.AttemptStarted;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.RegisterRequest;
import io.tern.scheduler.support.FakeWorker;
import io.tern.scheduler.support.SchedulerIT;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** A worker that stops heartbeating is declared LOST by the Quartz liveness job; its job is requeued. */
@SchedulerIT
@TestPropertySource(
    properties = {"tern.scheduler.worker-timeout=1500ms", "tern.scheduler.liveness-check-interval=500ms"})
class WorkerLivenessIT {

  @LocalServerPort int port;

  @Test
  void aSilentWorkerIsLostAndItsJobRequeuedWithoutUsingARetry() {
    TernClient admin = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    FakeWorker silent = new FakeWorker(admin, "silent-worker", 2);
    silent.register();
    long workerId = silent.id();
    TernClient api = admin;
    TernClient[] asWorker = {silent.client()};
    long jobId = api.post("/api/v1/jobs", "{\"type\": \"pi\"}").body().path("id").asLong();

    JsonNode[] assignment = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              JsonNode a = heartbeat(asWorker[0], workerId).body().path("assignments");
              assignment[0] = a.isEmpty() ? null : a.get(0);
              return assignment[0] != null;
            });
    long attemptId = assignment[0].path("attemptId").asLong();
    asWorker[0].post(
        "/internal/v1/workers/" + workerId + "/attempts/" + attemptId + "/started", new AttemptStarted(null, 0, 0, 0));

    // The worker now goes silent.
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> api.get("/api/v1/jobs/" + jobId).body().path("state").asString().equals("QUEUED"));

    JsonNode job = api.get("/api/v1/jobs/" + jobId).body();
    assertThat(job.path("retries").asInt()).isZero();
    assertThat(job.path("pendingReason").asString()).isEqualTo("no ACTIVE worker is registered");
    JsonNode attempt = api.get("/api/v1/jobs/" + jobId + "/attempts").body().get(0);
    assertThat(attempt.path("state").asString()).isEqualTo("LOST");
    assertThat(attempt.path("error").asString()).contains("silent-worker sent no heartbeat");
    JsonNode worker = api.get("/api/v1/workers").body().get(0);
    assertThat(worker.path("state").asString()).isEqualTo("LOST");
    JsonNode events = api.get("/api/v1/jobs/" + jobId + "/events").body();
    assertThat(events.get(events.size() - 1).path("type").asString()).isEqualTo("ATTEMPT_LOST");

    // When it comes back, it is told it is unknown; after registering again it gets attempt 2.
    Response late = heartbeat(asWorker[0], workerId, new Heartbeat.AttemptStatus(attemptId, "RUNNING", 5, 0.5));
    assertThat(late.body().path("known").asBoolean()).isFalse();
    String oldSecret = silent.secret();
    silent.register();
    assertThat(silent.id()).isEqualTo(workerId);
    assertThat(silent.secret()).as("registering again rotates the secret").isNotEqualTo(oldSecret);
    assertThat(heartbeat(admin.withBasic(workerId, oldSecret), workerId).status())
        .as("the previous secret no longer works").isEqualTo(401);
    asWorker[0] = silent.client();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> heartbeat(asWorker[0], workerId).body().path("assignments").size() == 1);
    assertThat(api.get("/api/v1/jobs/" + jobId).body().path("currentAttempt").path("number").asInt()).isEqualTo(2);
  }

  private static Response heartbeat(TernClient api, long workerId, Heartbeat.AttemptStatus... statuses) {
    return api.post("/internal/v1/workers/" + workerId + "/heartbeat", new Heartbeat(List.of(statuses)));
  }
}
