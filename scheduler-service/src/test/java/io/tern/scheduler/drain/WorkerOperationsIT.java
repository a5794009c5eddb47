package io.tern.scheduler.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.protocol.Assignment;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.WorkerOrders;
import io.tern.scheduler.support.FakeWorker;
import io.tern.scheduler.support.SchedulerIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Cordon, drain, hold/release and migrate over real HTTP against a real PostgreSQL, with tests
 * acting as workers (they checkpoint, or fail to, exactly when the test says).
 */
@SchedulerIT
class WorkerOperationsIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  TernClient api;
  Tables tables;

  @BeforeEach
  void setUp() {
    api = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    tables = new Tables(jdbc);
    tables.clear();
  }

  @Test
  void aCordonedWorkerGetsNoNewWorkTheJobSaysWhyAndUncordonPlacesIt() {
    FakeWorker x = worker("x", 2);
    Response cordoned = api.post("/api/v1/workers/" + x.id() + "/cordon", "{\"reason\": \"disk swap\"}");
    assertThat(cordoned.status()).as(cordoned.raw()).isEqualTo(200);
    assertThat(cordoned.body().path("cordoned").asBoolean()).isTrue();
    assertThat(cordoned.body().path("eligible").asBoolean()).isFalse();

    long job = submit("{\"type\": \"pi\"}");
    JsonNode view = api.get("/api/v1/jobs/" + job).body();
    assertThat(view.path("state").asString()).isEqualTo("QUEUED");
    assertThat(view.path("pendingReason").asString()).isEqualTo("no eligible worker: x is cordoned (disk swap)");
    assertThat(view.path("placement").path("workers").get(0).path("reasons").get(0).asString())
        .isEqualTo("is cordoned (disk swap)");
    assertThat(x.heartbeat().assignments()).isEmpty();

    assertThat(api.post("/api/v1/workers/" + x.id() + "/uncordon", null).status()).isEqualTo(200);
    x.awaitAssignment(job);
    assertThat(types(api.get("/api/v1/workers/" + x.id() + "/events").body()))
        .containsExactly("CORDONED", "UNCORDONED");
  }

  @Test
  void aGracefulDrainCheckpointsEachJobAndPlacesItElsewhereFromThatImageWithoutUsingARetry() {
    FakeWorker x = worker("x", 1);
    long job = submit("{\"type\": \"pi\"}");
    Assignment first = running(x, job, 10);
    FakeWorker y = worker("y", 1);

    Response drain = api.post("/api/v1/workers/" + x.id() + "/drain",
        "{\"mode\": \"GRACEFUL\", \"deadlineSeconds\": 120, \"reason\": \"kernel update\"}");
    assertThat(drain.status()).as(drain.raw()).isEqualTo(202);
    assertThat(drain.body().path("state").asString()).isEqualTo("DRAINING");

    awaitVacate(x, first.attemptId(), 10);
    JsonNode status = api.get("/api/v1/workers/" + x.id() + "/drain").body();
    assertThat(status.path("jobs").get(0).path("phase").asString()).isEqualTo("CHECKPOINTING");
    assertThat(status.path("jobs").get(0).path("waitingFor").asString())
        .contains("worker x to checkpoint attempt 1 and stop it")
        .contains("restarts from checkpoint 1 (step 10)");

    long seq = x.beginCheckpointOk(first.attemptId()).seq();
    assertThat(x.commit(first.attemptId(), seq, 20).status()).isEqualTo(204);
    assertThat(x.finished(first.attemptId(), "KILLED", null, null, null).status()).isEqualTo(204);

    Assignment moved = y.awaitAssignment(job);
    assertThat(moved.restoreFrom().seq()).isEqualTo(seq);
    await().atMost(WAIT).until(() -> "COMPLETED".equals(drainState(x)));
    JsonNode done = api.get("/api/v1/workers/" + x.id() + "/drain").body();
    assertThat(done.path("jobs").get(0).path("phase").asString()).isEqualTo("MOVED");
    assertThat(done.path("outcome").asString()).contains("1 job(s) moved off worker x");
    JsonNode jobView = api.get("/api/v1/jobs/" + job).body();
    assertThat(jobView.path("retries").asInt()).isZero();
    assertThat(jobView.path("lastMovedAt").isNull()).isFalse();
    assertThat(types(api.get("/api/v1/jobs/" + job + "/events").body())).contains("DRAIN_MOVE", "VACATED");
    assertThat(api.get("/api/v1/workers/" + x.id()).body().path("eligible").asBoolean())
        .as("a drained worker stays ineligible until uncordoned").isFalse();
    assertThat(types(api.get("/api/v1/workers/" + x.id() + "/events").body()))
        .containsExactly("DRAIN_STARTED", "DRAIN_COMPLETED");
  }

  @Test
  void aWorkerShuttingDownDrainsItselfItsJobMovesAsAMigrationAndItTakesWorkAgainWhenItComesBack() {
    FakeWorker x = worker("x", 1);
    long job = submit("{\"type\": \"pi\"}");
    Assignment first = running(x, job, 10);
    FakeWorker y = worker("y", 1);
    String drainPath = "/internal/v1/workers/" + x.id() + "/drain";
    Response bad = x.client().post(drainPath, "{\"deadlineSeconds\": 0}");
    assertThat(bad.status()).as(bad.raw()).isEqualTo(400);
    assertThat(bad.contentType()).startsWith("application/problem+json");
    assertThat(api.get("/api/v1/workers/" + x.id()).body().path("cordoned").asBoolean()).as("changed nothing").isFalse();

    Response asked = x.client().post(drainPath, "{\"deadlineSeconds\": 60}");
    assertThat(asked.status()).as(asked.raw()).isEqualTo(202);
    assertThat(asked.body().path("started").asBoolean()).isTrue();
    assertThat(asked.body().path("attempts").asInt()).isEqualTo(1);
    Response again = x.client().post(drainPath, "{\"deadlineSeconds\": 59}");
    assertThat(again.body().path("drainId").asLong()).as("asking again keeps the drain").isEqualTo(asked.body().path("drainId").asLong());
    assertThat(again.body().path("started").asBoolean()).isFalse();
    JsonNode drain = api.get("/api/v1/workers/" + x.id() + "/drain").body();
    assertThat(drain.path("mode").asString()).isEqualTo("GRACEFUL");
    assertThat(drain.path("requestedBy").asString()).isEqualTo("worker:x");
    assertThat(drain.path("reason").asString()).isEqualTo(DrainService.SHUTDOWN_REASON);
    assertThat(drain.path("deadline").asString()).isNotBlank();

    awaitVacate(x, first.attemptId(), 10);
    long seq = x.beginCheckpointOk(first.attemptId()).seq();
    assertThat(x.commit(first.attemptId(), seq, 20).status()).isEqualTo(204);
    assertThat(x.finished(first.attemptId(), "KILLED", null, null, null).status()).isEqualTo(204);
    assertThat(y.awaitAssignment(job).restoreFrom().seq()).as("from the image taken for the shutdown").isEqualTo(seq);
    await().atMost(WAIT).until(() -> "COMPLETED".equals(drainState(x)));
    assertThat(api.get("/api/v1/jobs/" + job).body().path("retries").asInt()).isZero();
    assertThat(types(api.get("/api/v1/jobs/" + job + "/events").body())).contains("DRAIN_MOVE", "VACATED")
        .doesNotContain("ATTEMPT_LOST");

    assertThat(x.client().post("/internal/v1/workers/" + x.id() + "/deregister", null).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/workers/" + x.id()).body().path("state").asString()).isEqualTo("LOST");
    x.register();
    JsonNode back = api.get("/api/v1/workers/" + x.id()).body();
    assertThat(back.path("eligible").asBoolean()).as("back after its own shutdown drain: eligible").isTrue();
    assertThat(types(api.get("/api/v1/workers/" + x.id() + "/events").body()))
        .containsExactly("DRAIN_STARTED", "SHUTDOWN_DRAIN", "DRAIN_COMPLETED", "DEREGISTERED", "UNCORDONED");
  }

  @Test
  void aWorkerShuttingDownDuringAnOperatorsDrainKeepsThatDrainAndStaysCordonedWhenItComesBack() {
    FakeWorker x = worker("x", 1);
    long job = submit("{\"type\": \"pi\"}");
    running(x, job, 10);
    Response operators = api.post("/api/v1/workers/" + x.id() + "/drain", "{\"reason\": \"new disks\"}");
    assertThat(operators.status()).as(operators.raw()).isEqualTo(202);

    Response asked = x.client().post("/internal/v1/workers/" + x.id() + "/drain", "{\"deadlineSeconds\": 60}");
    assertThat(asked.status()).as(asked.raw()).isEqualTo(202);
    assertThat(asked.body().path("started").asBoolean()).isFalse();
    assertThat(asked.body().path("drainId").asLong()).isEqualTo(operators.body().path("id").asLong());
    assertThat(x.client().post("/internal/v1/workers/" + x.id() + "/deregister", null).status()).isEqualTo(204);
    x.register();

    JsonNode back = api.get("/api/v1/workers/" + x.id()).body();
    assertThat(back.path("cordoned").asBoolean()).as("the operator's cordon stays").isTrue();
    assertThat(back.path("cordonReason").asString()).contains("new disks");
  }

  @Test
  void atTheDeadlineAJobWhoseCheckpointDidNotCommitIsStoppedAndRestartsFromItsPreviousImage() {
    FakeWorker x = worker("x", 1);
    long job = submit("{\"type\": \"pi\"}");
    Assignment first = running(x, job, 10);
    FakeWorker y = worker("y", 1);

    assertThat(api.post("/api/v1/workers/" + x.id() + "/drain", "{\"deadlineSeconds\": 3}").status()).isEqualTo(202);
    awaitVacate(x, first.attemptId(), 10);
    long slow = x.beginCheckpointOk(first.attemptId()).seq();
    JsonNode waiting = api.get("/api/v1/workers/" + x.id() + "/drain").body().path("jobs").get(0);
    assertThat(waiting.path("waitingFor").asString())
        .contains("checkpoint " + slow + " is being written")
        .contains("if it has not committed by the deadline")
        .contains("restarts from checkpoint 1 (step 10)");

    await().atMost(WAIT).until(() -> "COMPLETED".equals(drainState(x)));
    JsonNode done = api.get("/api/v1/workers/" + x.id() + "/drain").body();
    assertThat(done.path("endedAt").asString()).isNotBlank();
    assertThat(done.path("jobs").get(0).path("note").asString())
        .contains("deadline").contains("restarts from checkpoint 1 (step 10)");
    Assignment moved = y.awaitAssignment(job);
    assertThat(moved.restoreFrom().seq()).isEqualTo(1);
    assertThat(x.heartbeat(status(first.attemptId(), 12)).kill()).contains(first.attemptId());
    assertThat(x.commit(first.attemptId(), slow, 30).status()).as("the late checkpoint is refused").isEqualTo(409);
    assertThat(api.get("/api/v1/jobs/" + job).body().path("retries").asInt()).isZero();
    assertThat(types(api.get("/api/v1/jobs/" + job + "/events").body())).contains("STOPPED_AT_DEADLINE");
  }

  @Test
  void aDrainWithNowhereToGoLeavesTheJobQueuedWithTheReasonUntilTheWorkerIsUncordoned() {
    FakeWorker x = worker("x", 1);
    long job = submit("{\"type\": \"pi\"}");
    Assignment first = running(x, job, 10);

    assertThat(api.post("/api/v1/workers/" + x.id() + "/drain", "{\"mode\": \"IMMEDIATE\"}").status()).isEqualTo(202);
    await().atMost(WAIT).until(() -> "COMPLETED".equals(drainState(x)));
    JsonNode entry = api.get("/api/v1/workers/" + x.id() + "/drain").body().path("jobs").get(0);
    assertThat(entry.path("phase").asString()).isEqualTo("QUEUED");
    assertThat(entry.path("waitingFor").asString()).startsWith("placement: no eligible worker: x is cordoned (drain ");
    JsonNode jobView = api.get("/api/v1/jobs/" + job).body();
    assertThat(jobView.path("state").asString()).isEqualTo("QUEUED");
    assertThat(jobView.path("pendingReason").asString()).contains("cordoned");
    assertThat(x.heartbeat().assignments()).isEmpty();

    assertThat(api.post("/api/v1/workers/" + x.id() + "/uncordon", null).status()).isEqualTo(200);
    assertThat(x.awaitAssignment(job).restoreFrom().seq()).isEqualTo(1);
    assertThat(first.attemptId()).isNotNull();
  }

  @Test
  void drainsRespectTheCapOnParallelMigrations() {
    Response set = api.put("/api/v1/settings/operations", "{\"maxParallelMigrations\": 1, \"rebalanceEnabled\": false,"
        + " \"rebalanceThreshold\": 0.5, \"rebalanceCooldownSeconds\": 60, \"rebalanceMaxMoves\": 1}");
    assertThat(set.status()).as(set.raw()).isEqualTo(200);
    FakeWorker x = worker("x", 3);
    List<Long> jobs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      jobs.add(submit("{\"type\": \"pi\"}"));
    }
    List<Assignment> attempts = new ArrayList<>();
    for (long job : jobs) {
      attempts.add(running(x, job, 5));
    }
    Heartbeat.AttemptStatus[] all = attempts.stream().map(a -> status(a.attemptId(), 6)).toArray(Heartbeat.AttemptStatus[]::new);

    api.post("/api/v1/workers/" + x.id() + "/drain", null);
    await().atMost(WAIT).until(() -> !x.heartbeat(all).vacate().isEmpty());
    assertThat(x.heartbeat(all).vacate()).hasSize(1);
    JsonNode status = api.get("/api/v1/workers/" + x.id() + "/drain").body();
    assertThat(phases(status)).containsExactlyInAnyOrder("CHECKPOINTING", "WAITING_FOR_MIGRATION_SLOT",
        "WAITING_FOR_MIGRATION_SLOT");
    assertThat(status.path("jobs").findValuesAsString("waitingFor"))
        .anyMatch(w -> w.equals("a migration slot (1 of 1 moves in flight cluster-wide)"));

    long vacating = x.heartbeat(all).vacate().get(0);
    x.finished(vacating, "KILLED", null, null, null);
    await().atMost(WAIT).until(() -> x.heartbeat(all).vacate().stream().anyMatch(id -> id != vacating));
  }

  @Test
  void cancellingADrainStopsMovingJobsAndTheWorkerTakesWorkAgain() {
    FakeWorker x = worker("x", 1);
    long job = submit("{\"type\": \"pi\"}");
    running(x, job, 10);
    api.put("/api/v1/settings/operations", "{\"maxParallelMigrations\": 1, \"rebalanceEnabled\": false,"
        + " \"rebalanceThreshold\": 0.5, \"rebalanceCooldownSeconds\": 60, \"rebalanceMaxMoves\": 1}");
    api.post("/api/v1/workers/" + x.id() + "/drain", null);
    Response cancelled = api.delete("/api/v1/workers/" + x.id() + "/drain");
    assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(200);
    assertThat(cancelled.body().path("state").asString()).isEqualTo("CANCELLED");
    assertThat(api.get("/api/v1/workers/" + x.id()).body().path("eligible").asBoolean()).isTrue();
    assertThat(types(api.get("/api/v1/workers/" + x.id() + "/events").body())).contains("DRAIN_CANCELLED");
  }

  @Test
  void aHeldRunningJobIsCheckpointedAndStoppedAndResumesFromThatImageWhenReleased() {
    FakeWorker x = worker("x", 1);
    long job = submit("{\"type\": \"pi\"}");
    Assignment first = running(x, job, 10);

    Response held = api.post("/api/v1/jobs/" + job + "/hold", "{\"reason\": \"wrong input\"}");
    assertThat(held.status()).as(held.raw()).isEqualTo(200);
    assertThat(held.body().path("holdReason").asString()).contains("wrong input");
    awaitVacate(x, first.attemptId(), 10);
    long seq = x.beginCheckpointOk(first.attemptId()).seq();
    x.commit(first.attemptId(), seq, 15);
    x.finished(first.attemptId(), "KILLED", null, null, null);
    assertThat(api.get("/api/v1/jobs/" + job).body().path("state").asString()).isEqualTo("HELD");
    assertThat(x.heartbeat().assignments()).as("a held job is not placed").isEmpty();

    Response released = api.post("/api/v1/jobs/" + job + "/release", null);
    assertThat(released.status()).as(released.raw()).isEqualTo(200);
    assertThat(x.awaitAssignment(job).restoreFrom().seq()).isEqualTo(seq);
    assertThat(api.get("/api/v1/jobs/" + job).body().path("retries").asInt()).isZero();
    assertThat(types(api.get("/api/v1/jobs/" + job + "/events").body()))
        .contains("HOLD_REQUESTED", "HELD", "RELEASED");
  }

  @Test
  void aQueuedJobIsHeldAtOnceAndAHeldJobCanBeCancelled() {
    long job = submit("{\"type\": \"pi\"}");
    assertThat(api.post("/api/v1/jobs/" + job + "/hold", null).body().path("state").asString()).isEqualTo("HELD");
    assertThat(api.post("/api/v1/jobs/" + job + "/cancel", null).body().path("state").asString()).isEqualTo("CANCELLED");
  }

  @Test
  void migrateMovesARunningJobToTheNamedWorkerFromANewCheckpoint() {
    FakeWorker x = worker("x", 1);
    long job = submit("{\"type\": \"pi\"}");
    Assignment first = running(x, job, 10);
    worker("y", 1);
    FakeWorker z = worker("z", 1);

    Response migrated = api.post("/api/v1/jobs/" + job + "/migrate", "{\"workerId\": " + z.id() + "}");
    assertThat(migrated.status()).as(migrated.raw()).isEqualTo(200);
    awaitVacate(x, first.attemptId(), 10);
    long seq = x.beginCheckpointOk(first.attemptId()).seq();
    x.commit(first.attemptId(), seq, 11);
    x.finished(first.attemptId(), "KILLED", null, null, null);
    assertThat(z.awaitAssignment(job).restoreFrom().seq()).isEqualTo(seq);
    assertThat(types(api.get("/api/v1/jobs/" + job + "/events").body())).contains("MIGRATION_REQUESTED", "VACATED");
  }

  @Test
  void aJobWithConstraintsRunsOnlyOnAMatchingWorkerAndSaysWhichLabelIsMissing() {
    FakeWorker us = worker("us", 2, Map.of("zone", "us"));
    long job = submit("{\"type\": \"pi\", \"constraints\": {\"zone\": \"eu\"}}");
    JsonNode view = api.get("/api/v1/jobs/" + job).body();
    assertThat(view.path("pendingReason").asString())
        .isEqualTo("no eligible worker matches its requirements: lacks label zone=eu (has zone=us) (1 worker)");
    assertThat(us.heartbeat().assignments()).isEmpty();
    FakeWorker eu = worker("eu", 2, Map.of("zone", "eu"));
    eu.awaitAssignment(job);
  }

  @Test
  void priorityChangesAreRecorded() {
    long job = submit("{\"type\": \"pi\"}");
    Response changed = api.post("/api/v1/jobs/" + job + "/priority", "{\"priority\": 9}");
    assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
    assertThat(changed.body().path("priority").asInt()).isEqualTo(9);
    assertThat(types(api.get("/api/v1/jobs/" + job + "/events").body())).contains("PRIORITY_CHANGED");
  }

  @Test
  void badRequestsAnswerAProblemAndChangeNothing() {
    FakeWorker x = worker("x", 1);
    long job = submit("{\"type\": \"pi\", \"constraints\": {\"zone\": \"nowhere\"}}");
    String before = tables.fingerprint();
    expect(api.post("/api/v1/workers/" + x.id() + "/drain", "{\"deadlineSeconds\": 0}"), 400, "invalid-request");
    expect(api.post("/api/v1/workers/" + x.id() + "/drain", "{\"mode\": \"SOMETIMES\"}"), 400, "malformed-request");
    expect(api.post("/api/v1/workers/999/drain", null), 404, "not-found");
    expect(api.delete("/api/v1/workers/" + x.id() + "/drain"), 409, "state-conflict");
    expect(api.post("/api/v1/jobs/" + job + "/migrate", null), 409, "state-conflict");
    expect(api.post("/api/v1/jobs/" + job + "/priority", "{}"), 400, "invalid-request");
    expect(api.post("/api/v1/jobs/" + job + "/release", null), 409, "state-conflict");
    expect(api.post("/api/v1/jobs", "{\"type\": \"pi\", \"constraints\": {\"bad key!\": \"x\"}}"), 400, "invalid-request");
    expect(api.put("/api/v1/settings/operations", "{\"maxParallelMigrations\": 0, \"rebalanceEnabled\": false,"
        + " \"rebalanceThreshold\": 0.5, \"rebalanceCooldownSeconds\": 60, \"rebalanceMaxMoves\": 1}"), 400, "invalid-request");
    assertThat(tables.fingerprint()).isEqualTo(before);
  }

  @Test
  void aSubmitterMayHoldAndReleaseOnlyItsOwnJobsAndMayNotMigrate() {
    TernClient alice = new TernClient(port).withBearer(token("alice", "SUBMITTER"));
    TernClient bob = new TernClient(port).withBearer(token("bob", "SUBMITTER"));
    long job = created(alice.post("/api/v1/jobs", "{\"type\": \"pi\"}"));
    expect(bob.post("/api/v1/jobs/" + job + "/hold", null), 404, "not-found");
    expect(alice.post("/api/v1/jobs/" + job + "/migrate", null), 403, "forbidden");
    expect(alice.post("/api/v1/jobs/" + job + "/priority", "{\"priority\": 5}"), 403, "forbidden");
    expect(alice.post("/api/v1/workers/1/cordon", null), 403, "forbidden");
    assertThat(alice.post("/api/v1/jobs/" + job + "/hold", null).status()).isEqualTo(200);
    assertThat(alice.post("/api/v1/jobs/" + job + "/release", null).status()).isEqualTo(200);
  }

  // --- helpers -----------------------------------------------------------------------------------

  private FakeWorker worker(String name, int slots) {
    return worker(name, slots, Map.of());
  }

  private FakeWorker worker(String name, int slots, Map<String, String> labels) {
    FakeWorker w = new FakeWorker(new TernClient(port), name, slots, labels);
    w.register();
    return w;
  }

  private long submit(String body) {
    return created(api.post("/api/v1/jobs", body));
  }

  private static long created(Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().path("id").asLong();
  }

  /** The job starts on {@code w} and commits checkpoint 1 at {@code step}. */
  private static Assignment running(FakeWorker w, long job, long step) {
    Assignment a = w.awaitAssignment(job);
    assertThat(w.started(a.attemptId(), null).status()).isEqualTo(204);
    long seq = w.beginCheckpointOk(a.attemptId()).seq();
    assertThat(w.commit(a.attemptId(), seq, step).status()).isEqualTo(204);
    return a;
  }

  private static Heartbeat.AttemptStatus status(long attemptId, long step) {
    return new Heartbeat.AttemptStatus(attemptId, "RUNNING", step, 0.5);
  }

  private static void awaitVacate(FakeWorker w, long attemptId, long step) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
      WorkerOrders r = w.heartbeat(status(attemptId, step));
      return r.vacate().contains(attemptId);
    });
  }

  private String drainState(FakeWorker w) {
    return api.get("/api/v1/workers/" + w.id() + "/drain").body().path("state").asString();
  }

  private static List<String> types(JsonNode events) {
    List<String> out = new ArrayList<>();
    events.forEach(e -> out.add(e.path("type").asString()));
    return out;
  }

  private static List<String> phases(JsonNode drain) {
    List<String> out = new ArrayList<>();
    drain.path("jobs").forEach(j -> out.add(j.path("phase").asString()));
    return out;
  }

  private static void expect(Response r, int status, String problem) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.contentType()).as(r.raw()).startsWith("application/problem+json");
    assertThat(r.problemType()).as(r.raw()).isEqualTo(problem);
  }

  private String token(String owner, String role) {
    Response r = api.post("/api/v1/tokens",
        "{\"name\": \"" + owner + "-token\", \"role\": \"" + role + "\", \"owner\": \"" + owner + "\"}");
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().path("token").asString();
  }
}
