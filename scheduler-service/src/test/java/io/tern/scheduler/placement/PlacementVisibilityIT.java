package io.tern.scheduler.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.protocol.Assignment;
import io.tern.scheduler.support.FakeWorker;
import io.tern.scheduler.support.SchedulerIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** What a job tells about the cluster, per role: operators see workers and capacity, submitters neither. */
@SchedulerIT
class PlacementVisibilityIT {

  static final String WORKER = "rack7-gpu-node";

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  TernClient admin;
  TernClient operator;
  TernClient alice;
  FakeWorker worker;

  @BeforeEach
  void setUp() {
    new Tables(jdbc).clear();
    TernClient anonymous = new TernClient(port);
    admin = anonymous.withBearer(TestCredentials.ADMIN_TOKEN);
    String suffix = Long.toString(System.nanoTime());
    operator = anonymous.withBearer(admin.createToken("ops-" + suffix, "OPERATOR", "ops-" + suffix));
    alice = anonymous.withBearer(admin.createToken("alice-" + suffix, "SUBMITTER", "alice-" + suffix));
    worker = new FakeWorker(anonymous, WORKER, 2);
    worker.register();
  }

  @Test
  void aSubmitterSeesWhyItsJobWaitsButNeitherWorkerNamesNorFreeCapacity() {
    long waiting = created(alice.post("/api/v1/jobs", "{\"type\": \"pi\", \"resources\": {\"slots\": 8, \"memoryMb\": 64}}"));

    Response asAlice = alice.get("/api/v1/jobs/" + waiting);
    assertThat(asAlice.status()).isEqualTo(200);
    assertThat(asAlice.body().path("pendingReason").asString()).contains("8 free slots");
    assertThat(asAlice.body().path("placement").path("workers")).isEmpty();
    assertThat(asAlice.raw()).doesNotContain(WORKER).doesNotContain("free slot(s)");
    assertThat(alice.get("/api/v1/jobs").raw()).doesNotContain(WORKER);

    JsonNode asOperator = operator.get("/api/v1/jobs/" + waiting).expect(200);
    JsonNode verdict = asOperator.path("placement").path("workers").get(0);
    assertThat(verdict.path("worker").asString()).isEqualTo(WORKER);
    assertThat(verdict.path("reasons").get(0).asString()).contains("has 2 free slot(s), the job needs 8");
  }

  @Test
  void aSubmitterDoesNotSeeWhichWorkerRunsItsJobButAnOperatorDoes() {
    long running = created(alice.post("/api/v1/jobs", "{\"type\": \"pi\"}"));
    Assignment a = worker.awaitAssignment(running);
    worker.started(a.attemptId(), null);

    Response job = alice.get("/api/v1/jobs/" + running);
    assertThat(job.body().path("currentAttempt").path("state").asString()).isEqualTo("RUNNING");
    assertThat(job.raw()).doesNotContain(WORKER);
    Response attempts = alice.get("/api/v1/jobs/" + running + "/attempts");
    assertThat(attempts.status()).isEqualTo(200);
    assertThat(attempts.raw()).doesNotContain(WORKER);
    Response events = alice.get("/api/v1/jobs/" + running + "/events");
    assertThat(events.body().findValuesAsString("type")).contains("PLACED");
    assertThat(events.raw()).doesNotContain(WORKER);
    assertThat(alice.get("/api/v1/events").raw()).contains("PLACED").doesNotContain(WORKER);

    assertThat(operator.get("/api/v1/jobs/" + running).body().path("currentAttempt").path("worker").asString())
        .isEqualTo(WORKER);
    assertThat(operator.get("/api/v1/jobs/" + running + "/attempts").raw()).contains(WORKER);
    assertThat(operator.get("/api/v1/jobs/" + running + "/events").raw()).contains("Placed on worker " + WORKER);
  }


  private static long created(Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().path("id").asLong();
  }
}
