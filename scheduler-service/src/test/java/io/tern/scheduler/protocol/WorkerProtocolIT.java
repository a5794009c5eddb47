package io.tern.scheduler.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.protocol.Assignment;
import io.tern.protocol.CheckpointBeginResponse;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.WorkerOrders;
import io.tern.scheduler.support.FakeWorker;
import io.tern.scheduler.support.SchedulerIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The worker protocol, driven by a test acting as a worker, against a real PostgreSQL. */
@SchedulerIT
class WorkerProtocolIT {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired io.tern.scheduler.protocol.OrdersLongPoll longPoll;

  TernClient api;

  @BeforeEach
  void setUp() {
    api = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    new Tables(jdbc).clear();
  }

  @Test
  void aJobRunsCheckpointsAndCompletesWithItsResult() {
    FakeWorker worker = new FakeWorker(api, "worker-a", 2);
    assertThat(worker.register().heartbeatIntervalMillis()).isEqualTo(2000);
    long jobId = submit("{\"type\": \"pi\", \"parameters\": {\"samples\": 5000}, \"checkpointIntervalSeconds\": 5}");

    Assignment assignment = worker.awaitAssignment(jobId);
    assertThat(assignment.attemptNumber()).isEqualTo(1);
    assertThat(assignment.jobClass()).isEqualTo("io.tern.examples.MonteCarloPiJob");
    assertThat(assignment.parameters()).containsEntry("samples", "5000");
    assertThat(assignment.checkpointIntervalMillis()).isEqualTo(5000);
    assertThat(assignment.memoryMb()).isEqualTo(512);
    assertThat(assignment.restoreFrom()).isNull();
    assertThat(assignment.owner()).as("the worker reuses chunks only among this owner's images").isEqualTo("admin");
    long attemptId = assignment.attemptId();

    // While the worker runs it, the assignment is not delivered again.
    Heartbeat.AttemptStatus running = new Heartbeat.AttemptStatus(attemptId, "RUNNING", 10, 0.25);
    assertThat(worker.started(attemptId, null).status()).isEqualTo(204);
    WorkerOrders beat = worker.heartbeat(running);
    assertThat(beat.known()).isTrue();
    assertThat(beat.assignments()).isEmpty();
    assertThat(beat.kill()).isEmpty();

    JsonNode job = job(jobId);
    assertThat(job.path("state").asString()).isEqualTo("RUNNING");
    assertThat(job.path("currentAttempt").path("number").asInt()).isEqualTo(1);
    assertThat(job.path("currentAttempt").path("worker").asString()).isEqualTo("worker-a");
    assertThat(job.path("progress").asDouble()).isEqualTo(0.25);
    assertThat(job.path("step").asLong()).isEqualTo(10);

    CheckpointBeginResponse begun = worker.beginCheckpointOk(attemptId);
    assertThat(begun.seq()).isEqualTo(1);
    assertThat(begun.manifestKey()).isEqualTo("jobs/" + jobId + "/checkpoints/0000000001.json");
    assertThat(worker.commit(attemptId, 1, 20).status()).isEqualTo(204);
    CheckpointBeginResponse second = worker.beginCheckpointOk(attemptId);
    assertThat(second.seq()).isEqualTo(2);
    assertThat(worker.abort(attemptId, 2).status()).isEqualTo(204);

    assertThat(worker.finished(attemptId, "SUCCEEDED", "{\"pi\": 3.1416, \"samples\": 5000}", null, 0).status())
        .isEqualTo(204);

    job = job(jobId);
    assertThat(job.path("state").asString()).isEqualTo("COMPLETED");
    assertThat(job.path("result").path("pi").asDouble()).isEqualTo(3.1416);
    assertThat(job.path("finishedAt").isNull()).isFalse();
    assertThat(job.path("latestCheckpoint").path("seq").asLong()).isEqualTo(1);
    assertThat(job.path("latestCheckpoint").path("step").asLong()).isEqualTo(20);

    JsonNode checkpoints = api.get("/api/v1/jobs/" + jobId + "/checkpoints").body();
    assertThat(checkpoints).hasSize(2);
    JsonNode first = checkpoints.get(0);
    assertThat(first.path("state").asString()).isEqualTo("COMMITTED");
    assertThat(first.path("attempt").asInt()).isEqualTo(1);
    assertThat(first.path("snapshotMs").asLong()).isEqualTo(7);
    assertThat(first.path("commitMs").asLong()).isEqualTo(40);
    assertThat(first.path("uploadedBytes").asLong()).isEqualTo(500_000);
    assertThat(first.path("chunksReused").asInt()).isEqualTo(1);
    assertThat(first.path("manifestKey").asString()).isEqualTo(begun.manifestKey());
    assertThat(checkpoints.get(1).path("state").asString()).isEqualTo("ABORTED");

    JsonNode attempts = api.get("/api/v1/jobs/" + jobId + "/attempts").body();
    assertThat(attempts.get(0).path("state").asString()).isEqualTo("SUCCEEDED");
    assertThat(attempts.get(0).path("worker").asString()).isEqualTo("worker-a");
    assertThat(attempts.get(0).path("recoveryMs").isNumber()).isTrue();
    assertThat(attempts.get(0).path("restoreMs").asLong()).isEqualTo(12);

    assertThat(eventTypes(jobId))
        .containsExactly(
            "SUBMITTED", "PLACED", "STARTED", "CHECKPOINT_COMMITTED", "CHECKPOINT_ABORTED", "COMPLETED");
  }

  @Test
  void aLongPollingWorkerGetsItsAssignmentAsSoonAsTheJobIsPlacedNotAtItsNextHeartbeat() throws Exception {
    FakeWorker worker = new FakeWorker(api, "worker-poll", 1);
    worker.register();
    WorkerOrders idle = worker.orders(100);
    assertThat(idle.known()).isTrue();
    assertThat(idle.assignments()).isEmpty();

    java.util.concurrent.CompletableFuture<WorkerOrders> poll =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> worker.orders(25_000));
    await().until(() -> longPoll.waiting() == 1);
    long jobId = submit("{\"type\": \"pi\", \"parameters\": {\"samples\": 5000}}");

    // answered by the placement, long before the 25 s wait is over
    WorkerOrders answer = poll.get(15, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(answer.known()).isTrue();
    assertThat(answer.assignments()).singleElement().satisfies(a -> assertThat(a.jobId()).isEqualTo(jobId));
    long attemptId = answer.assignments().get(0).attemptId();

    // once the worker lists the attempt as its own, a poll waits instead of repeating it
    assertThat(worker.orders(100, attemptId).assignments()).isEmpty();
    assertThat(worker.orders(0).assignments()).extracting(Assignment::attemptId).containsExactly(attemptId);
    // the long-poll records no liveness: only heartbeats do
    assertThat(worker.heartbeat().assignments()).extracting(Assignment::attemptId).containsExactly(attemptId);

    // bad input changes nothing; another worker's orders are not this worker's to read
    assertThat(worker.client().post("/internal/v1/workers/" + worker.id() + "/orders?waitMillis=-1", null).status())
        .isEqualTo(400);
    FakeWorker other = new FakeWorker(api, "worker-other", 1);
    other.register();
    assertThat(other.client().post("/internal/v1/workers/" + worker.id() + "/orders", null).status()).isEqualTo(403);
  }

  @Test
  void aLongPollingWorkerIsToldAtOnceToKillOrVacateAndAnOrderItIsCarryingOutDoesNotEndItsPolls()
      throws Exception {
    FakeWorker worker = new FakeWorker(api, "worker-stops", 2);
    worker.register();
    long cancelled = submit("{\"type\": \"pi\", \"parameters\": {\"samples\": 5000}}");
    long held = submit("{\"type\": \"pi\", \"parameters\": {\"samples\": 5000}}");
    long killed = worker.awaitAssignment(cancelled).attemptId();
    long vacated = worker.awaitAssignment(held).attemptId();
    worker.started(killed, null);
    worker.started(vacated, null);
    List<Long> both = List.of(killed, vacated);

    // a cancel answers the parked poll with the kill, long before its 25 s wait is over
    CompletableFuture<WorkerOrders> poll =
        CompletableFuture.supplyAsync(() -> worker.orders(25_000, both, List.of()));
    await().until(() -> longPoll.waiting() == 1);
    assertThat(api.post("/api/v1/jobs/" + cancelled + "/cancel", null).status()).isEqualTo(200);
    WorkerOrders kill = poll.get(15, TimeUnit.SECONDS);
    assertThat(kill.kill()).containsExactly(killed);
    assertThat(kill.vacate()).isEmpty();

    // the worker now lists it as stopping: its polls wait (an answer at once would repeat the kill)
    assertThat(worker.orders(300, both, List.of(killed)).kill()).isEmpty();

    // a hold checkpoints and stops the running job: the parked poll is answered with the vacate
    poll = CompletableFuture.supplyAsync(() -> worker.orders(25_000, both, List.of(killed)));
    await().until(() -> longPoll.waiting() == 1);
    assertThat(api.post("/api/v1/jobs/" + held + "/hold", null).status()).isEqualTo(200);
    WorkerOrders vacate = poll.get(15, TimeUnit.SECONDS);
    assertThat(vacate.vacate()).containsExactly(vacated);
    assertThat(worker.orders(300, both, both).vacate()).isEmpty();

    // a worker that does not say what it is stopping (older than that field) waits for assignments
    // only: kills and vacates reach it with its heartbeats, as before
    assertThat(worker.orders(300, killed, vacated).vacate()).isEmpty();
    WorkerOrders beat = worker.heartbeat(new Heartbeat.AttemptStatus(killed, "RUNNING", 1, 0.1),
        new Heartbeat.AttemptStatus(vacated, "RUNNING", 1, 0.1));
    assertThat(beat.kill()).containsExactly(killed);
    assertThat(beat.vacate()).containsExactly(vacated);
  }

  @Test
  void aLiveWorkersNameIsTakenNeitherWithTheJoinTokenNorWithAnotherWorkersSecretOnlyOnceItIsLost() {
    FakeWorker worker = new FakeWorker(api, "worker-owned", 1);
    worker.register();
    long jobId = submit("{\"type\": \"pi\", \"parameters\": {\"samples\": 5000}}");
    long attemptId = worker.awaitAssignment(jobId).attemptId();
    assertThat(worker.started(attemptId, null).status()).isEqualTo(204);
    Tables tables = new Tables(jdbc);
    String before = tables.fingerprint();

    FakeWorker impostor = new FakeWorker(api, "worker-owned", 8);
    Response taken = impostor.tryRegister();
    assertThat(taken.status()).as(taken.raw()).isEqualTo(409);
    assertThat(taken.contentType()).startsWith("application/problem+json");
    assertThat(taken.problemType()).isEqualTo("worker-name-in-use");
    FakeWorker other = new FakeWorker(api, "worker-other", 1);
    other.register();
    before = tables.fingerprint();
    Response asOther = other.client().post("/internal/v1/workers/register",
        new io.tern.protocol.RegisterRequest("worker-owned", 8, 4096, Map.of(), "test"));
    assertThat(asOther.status()).as("another worker's credentials cannot take the name").isEqualTo(403);
    assertThat(tables.fingerprint()).as("nothing changed").isEqualTo(before);

    // the live worker keeps its secret, its attempt and its assignments
    WorkerOrders beat = worker.heartbeat(new Heartbeat.AttemptStatus(attemptId, "RUNNING", 1, 0.1));
    assertThat(beat.known()).isTrue();
    assertThat(beat.kill()).isEmpty();
    assertThat(api.get("/api/v1/jobs/" + jobId + "/attempts").body().get(0).path("state").asString()).isEqualTo("RUNNING");

    // once the worker is LOST (here: it shut down), a worker restarting under the name joins again
    assertThat(worker.client().post("/internal/v1/workers/" + worker.id() + "/deregister", null).status()).isEqualTo(204);
    assertThat(impostor.register().workerId()).isEqualTo(worker.id());
  }

  @Test
  void aWorkerThatRegistersAgainLosesItsAttemptsAndTheJobRestoresFromItsLatestCheckpoint() {
    FakeWorker worker = new FakeWorker(api, "worker-b", 2);
    worker.register();
    long workerId = worker.id();
    long jobId = submit("{\"type\": \"primes\", \"maxRetries\": 0}");
    long oldAttempt = worker.awaitAssignment(jobId).attemptId();
    worker.started(oldAttempt, null);
    assertThat(worker.beginCheckpointOk(oldAttempt).seq()).isEqualTo(1);
    assertThat(worker.commit(oldAttempt, 1, 100).status()).isEqualTo(204);
    assertThat(worker.beginCheckpointOk(oldAttempt).seq()).isEqualTo(2);

    worker.register(); // the worker restarted
    assertThat(worker.id()).isEqualTo(workerId);

    Assignment next = worker.awaitAssignment(jobId);
    assertThat(next.attemptNumber()).isEqualTo(2);
    assertThat(next.restoreFrom()).isEqualTo(
        new Assignment.RestorePoint(1, "jobs/" + jobId + "/checkpoints/0000000001.json"));

    // The old attempt's late commit is fenced off and not recorded.
    Response late = worker.commit(oldAttempt, 2, 150);
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.contentType()).startsWith("application/problem+json");
    assertThat(late.body().path("type").asString()).endsWith("/stale-attempt");
    assertThat(worker.beginCheckpoint(oldAttempt).status()).isEqualTo(409);
    JsonNode checkpoints = api.get("/api/v1/jobs/" + jobId + "/checkpoints").body();
    assertThat(checkpoints.get(1).path("state").asString()).isEqualTo("ABORTED");
    assertThat(checkpoints).hasSize(2);

    // A heartbeat that still lists the old attempt is told to kill it.
    WorkerOrders beat = worker.heartbeat(new Heartbeat.AttemptStatus(oldAttempt, "RUNNING", 1, Double.NaN));
    assertThat(beat.kill()).containsExactly(oldAttempt);

    assertThat(worker.started(next.attemptId(), 1L).status()).isEqualTo(204);
    JsonNode attempts = api.get("/api/v1/jobs/" + jobId + "/attempts").body();
    assertThat(attempts.get(0).path("state").asString()).isEqualTo("LOST");
    assertThat(attempts.get(1).path("restoredFromSeq").asLong()).isEqualTo(1);
    JsonNode job = job(jobId);
    assertThat(job.path("retries").asInt()).as("a lost attempt costs no retry").isZero();
    assertThat(job.path("state").asString()).isEqualTo("RUNNING");
    assertThat(eventTypes(jobId)).contains("ATTEMPT_LOST", "RESTORED");
  }

  @Test
  void imagesTheWorkerRefusesMakeAFallBackOrAStartFromScratchVisibleWithTheReasons() {
    FakeWorker worker = new FakeWorker(api, "worker-refusing", 2);
    worker.register();
    long jobId = submit("{\"type\": \"primes\", \"maxRetries\": 0}");
    long first = worker.awaitAssignment(jobId).attemptId();
    worker.started(first, null);
    for (long seq = 1; seq <= 3; seq++) {
      assertThat(worker.beginCheckpointOk(first).seq()).isEqualTo(seq);
      assertThat(worker.commit(first, seq, seq * 100).status()).isEqualTo(204);
    }

    // the newest image is refused: the job falls back to checkpoint 2
    worker.register();
    long second = worker.awaitAssignment(jobId).attemptId();
    assertThat(worker.corrupt(second, 3, "MANIFEST_MAC_MISMATCH").status()).isEqualTo(204);
    assertThat(worker.started(second, 2L).status()).isEqualTo(204);
    JsonNode fellBack = lastEvent(jobId);
    assertThat(fellBack.path("type").asString()).isEqualTo("RESTORE_FELL_BACK");
    assertThat(fellBack.path("message").asString()).contains("checkpoint 2", "not 3", "MANIFEST_MAC_MISMATCH");

    // every image is refused: the job starts from scratch, and says so
    worker.register();
    long third = worker.awaitAssignment(jobId).attemptId();
    assertThat(worker.corrupt(third, 2, "CHUNK_MISMATCH").status()).isEqualTo(204);
    assertThat(worker.corrupt(third, 1, "MANIFEST_MISSING").status()).isEqualTo(204);
    assertThat(worker.started(third, null).status()).isEqualTo(204);
    JsonNode scratch = lastEvent(jobId);
    assertThat(scratch.path("type").asString()).isEqualTo("STARTED_FROM_SCRATCH");
    assertThat(scratch.path("message").asString())
        .contains("step 0", "checkpoint 2", "CHUNK_MISMATCH", "checkpoint 1", "MANIFEST_MISSING");
    JsonNode attempts = api.get("/api/v1/jobs/" + jobId + "/attempts").body();
    assertThat(attempts.get(1).path("restoredFromSeq").asLong()).isEqualTo(2);
    assertThat(attempts.get(2).path("restoredFromSeq").isNull()).isTrue();
  }

  @Test
  void aFailingJobIsRetriedAfterABackoffThenFails() {
    FakeWorker worker = new FakeWorker(api, "worker-c", 2);
    worker.register();
    long jobId = submit("{\"type\": \"pi\", \"maxRetries\": 1}");
    long first = worker.awaitAssignment(jobId).attemptId();
    worker.started(first, null);

    assertThat(worker.finished(first, "FAILED", null, "java.lang.IllegalStateException: boom", 1).status())
        .isEqualTo(204);
    JsonNode job = job(jobId);
    assertThat(job.path("state").asString()).isIn("QUEUED", "RUNNING");
    assertThat(job.path("retries").asInt()).isEqualTo(1);
    assertThat(job.path("error").asString()).contains("boom");
    if (job.path("state").asString().equals("QUEUED")) {
      assertThat(job.path("pendingReason").asString()).startsWith("waiting for retry backoff until ");
    }

    Assignment second = worker.awaitAssignment(jobId);
    assertThat(second.attemptNumber()).isEqualTo(2);
    worker.started(second.attemptId(), null);
    worker.finished(second.attemptId(), "FAILED", null, "java.lang.IllegalStateException: boom again", null);

    job = job(jobId);
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    assertThat(job.path("error").asString()).contains("boom again");
    assertThat(eventTypes(jobId)).containsSubsequence("RETRY_SCHEDULED", "PLACED", "FAILED");
  }

  @Test
  void aJobProcessThatDiesBeforeItStartsUsesARetry() {
    FakeWorker worker = new FakeWorker(api, "worker-nostart", 2);
    worker.register();
    long jobId = submit("{\"type\": \"pi\", \"maxRetries\": 2}");
    long first = worker.awaitAssignment(jobId).attemptId();

    // no 'started': the JVM could not start (or the restore failed) and the worker reports the end
    assertThat(worker.finished(first, "FAILED", null, "job JVM exited before it was ready", 1).status())
        .isEqualTo(204);
    JsonNode attempt = api.get("/api/v1/jobs/" + jobId + "/attempts").body().get(0);
    assertThat(attempt.path("state").asString()).isEqualTo("FAILED");
    assertThat(attempt.path("startedAt").isNull() || attempt.path("startedAt").isMissingNode()).isTrue();
    assertThat(job(jobId).path("retries").asInt()).isEqualTo(1);
    assertThat(eventTypes(jobId)).containsSubsequence("PLACED", "RETRY_SCHEDULED");
  }

  @Test
  void anAttemptLostBeforeItStartsCostsNoRetry() {
    FakeWorker worker = new FakeWorker(api, "worker-restarts-early", 2);
    worker.register();
    long jobId = submit("{\"type\": \"pi\", \"maxRetries\": 0}");
    long first = worker.awaitAssignment(jobId).attemptId();

    worker.register(); // restarted before it started the job

    Assignment next = worker.awaitAssignment(jobId);
    assertThat(next.attemptNumber()).isEqualTo(2);
    JsonNode attempt = api.get("/api/v1/jobs/" + jobId + "/attempts").body().get(0);
    assertThat(attempt.path("id").asLong()).isEqualTo(first);
    assertThat(attempt.path("state").asString()).isEqualTo("LOST");
    assertThat(job(jobId).path("retries").asInt()).isZero();
    assertThat(eventTypes(jobId)).containsSubsequence("PLACED", "ATTEMPT_LOST", "PLACED");
  }

  @Test
  void cancellingARunningJobKillsItsAttempt() {
    FakeWorker worker = new FakeWorker(api, "worker-d", 2);
    worker.register();
    long jobId = submit("{\"type\": \"pi\"}");
    long attemptId = worker.awaitAssignment(jobId).attemptId();
    worker.started(attemptId, null);

    Response cancel = api.post("/api/v1/jobs/" + jobId + "/cancel", null);
    assertThat(cancel.body().path("state").asString()).isEqualTo("CANCELLING");
    WorkerOrders beat = worker.heartbeat(new Heartbeat.AttemptStatus(attemptId, "RUNNING", 3, 0.1));
    assertThat(beat.kill()).containsExactly(attemptId);

    assertThat(worker.finished(attemptId, "KILLED", null, null, 137).status()).isEqualTo(204);
    assertThat(job(jobId).path("state").asString()).isEqualTo("CANCELLED");
    JsonNode attempts = api.get("/api/v1/jobs/" + jobId + "/attempts").body();
    assertThat(attempts.get(0).path("state").asString()).isEqualTo("KILLED");
    assertThat(attempts.get(0).path("desired").asString()).isEqualTo("KILL");
  }

  @Test
  void aJobCancelledTwiceStaysCancellingAndAResultThatArrivesMeanwhileIsKept() {
    FakeWorker worker = new FakeWorker(api, "worker-late-result", 2);
    worker.register();
    long jobId = submit("{\"type\": \"pi\"}");
    long attemptId = worker.awaitAssignment(jobId).attemptId();
    worker.started(attemptId, null);

    assertThat(api.post("/api/v1/jobs/" + jobId + "/cancel", null).body().path("state").asString())
        .isEqualTo("CANCELLING");
    assertThat(api.post("/api/v1/jobs/" + jobId + "/cancel", null).body().path("state").asString())
        .as("a second cancel changes nothing").isEqualTo("CANCELLING");

    // the job finished before the kill reached it: its result is kept
    assertThat(worker.finished(attemptId, "SUCCEEDED", "{\"pi\": 3.14}", null, 0).status()).isEqualTo(204);
    JsonNode job = job(jobId);
    assertThat(job.path("state").asString()).isEqualTo("COMPLETED");
    assertThat(job.path("result").path("pi").asDouble()).isEqualTo(3.14);
  }

  @Test
  void anAttemptKilledOnTheWorkerWithoutAnOrderIsRequeuedWithoutUsingARetry() {
    FakeWorker worker = new FakeWorker(api, "worker-oom-killer", 2);
    worker.register();
    long jobId = submit("{\"type\": \"pi\", \"maxRetries\": 0}");
    long first = worker.awaitAssignment(jobId).attemptId();
    worker.started(first, null);

    assertThat(worker.finished(first, "KILLED", null, null, 137).status()).isEqualTo(204);

    assertThat(worker.awaitAssignment(jobId).attemptNumber()).isEqualTo(2);
    assertThat(job(jobId).path("retries").asInt()).isZero();
    assertThat(eventTypes(jobId)).containsSubsequence("STARTED", "ATTEMPT_KILLED", "PLACED");
  }

  @Test
  void cancellingAJobWhoseAttemptHasNotStartedCancelsAtOnce() {
    FakeWorker worker = new FakeWorker(api, "worker-e", 2);
    worker.register();
    long jobId = submit("{\"type\": \"pi\"}");
    await().atMost(Duration.ofSeconds(10)).until(() -> job(jobId).path("state").asString().equals("RUNNING"));

    assertThat(api.post("/api/v1/jobs/" + jobId + "/cancel", null).body().path("state").asString())
        .isEqualTo("CANCELLED");
    long attemptId = api.get("/api/v1/jobs/" + jobId + "/attempts").body().get(0).path("id").asLong();
    assertThat(worker.heartbeat().assignments()).isEmpty();
    assertThat(worker.started(attemptId, null).status()).isEqualTo(409);
  }

  @Test
  void unknownWorkersAndBadReportsAreRefused() {
    Response unknown = api.withBasic(99999, "tern_ws_whatever").post("/internal/v1/workers/99999/heartbeat", new Heartbeat(List.of()));
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.problemType()).isEqualTo("unauthenticated");

    Response blank = api.withBearer(TestCredentials.JOIN_TOKEN)
        .post("/internal/v1/workers/register", "{\"name\": \" \", \"slots\": 1, \"memoryMb\": 64}");
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.body().path("detail").asString()).contains("'name' is required");

    FakeWorker worker = new FakeWorker(api, "worker-f", 1);
    worker.register();
    Response stale = worker.started(123456, null);
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.body().path("type").asString()).endsWith("/stale-attempt");

    long jobId = submit("{\"type\": \"pi\"}");
    long attemptId = worker.awaitAssignment(jobId).attemptId();
    worker.started(attemptId, null);
    Response weird = worker.finished(attemptId, "EXPLODED", null, null, null);
    assertThat(weird.status()).isEqualTo(400);
    assertThat(weird.body().path("detail").asString()).contains("SUCCEEDED, FAILED or KILLED");
    Response badJson = worker.finished(attemptId, "SUCCEEDED", "{not json", null, 0);
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.body().path("detail").asString()).contains("'resultJson' is not valid JSON");
    assertThat(job(jobId).path("state").asString()).isEqualTo("RUNNING");
  }

  private long submit(String body) {
    Response r = api.post("/api/v1/jobs", body);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().path("id").asLong();
  }

  private JsonNode job(long id) {
    return api.get("/api/v1/jobs/" + id).body();
  }

  private JsonNode lastEvent(long jobId) {
    JsonNode events = api.get("/api/v1/jobs/" + jobId + "/events").body();
    return events.get(events.size() - 1);
  }

  private List<String> eventTypes(long jobId) {
    JsonNode events = api.get("/api/v1/jobs/" + jobId + "/events").body();
    return StreamSupport.stream(events.spliterator(), false).map(e -> e.path("type").asString()).toList();
  }
}
