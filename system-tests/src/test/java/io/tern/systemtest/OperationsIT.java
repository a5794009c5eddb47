package io.tern.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.testsupport.JobRequest;
import io.tern.testsupport.TernClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Operating a real cluster: drain, deadline, drain with nowhere to go, resubmit from a
 * checkpoint, rebalance. One cluster of real processes (PostgreSQL, S3, a scheduler, three workers of
 * six slots, job JVMs) is shared by the tests; each test starts with every worker eligible and no job
 * running. Part of {@code ./mvnw verify}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsIT {

  private static final Logger log = LoggerFactory.getLogger(OperationsIT.class);
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String JOB = StepCounterJob.class.getName();
  /** The workers' {@code tern.worker.shutdown-deadline}. */
  private static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(60);

  private ProcessCluster cluster;
  private TernClient api;
  private final Map<String, Long> workerIds = new HashMap<>();

  @BeforeAll
  void startCluster() throws Exception {
    cluster = ProcessCluster.start(ClusterOptions.defaults("operations").withWorkers(3, 6)
        .withSchedulerProperty("tern.scheduler.placement-interval", "250ms")
        .withSchedulerProperty("tern.operations.rebalance-interval", "2s")
        .withSchedulerProperty("tern.checkpoints.collection-interval", "1h")
        .withSchedulerProperty("tern.limits.allowed-entry-classes", JOB)
        .withWorkerProperty("tern.worker.job-classpath",
            "classpath-of:io.tern.examples.PrimeCountJob,classpath-of:" + JOB)
        .withWorkerProperty("tern.worker.shutdown-deadline", SHUTDOWN_DEADLINE.toSeconds() + "s"));
    api = cluster.api();
    api.workers().forEach(w -> workerIds.put(w.path("name").asString(), w.path("id").asLong()));
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void everyWorkerEligibleAndNoJobRunning() {
    for (ManagedProcess worker : cluster.workers()) {
      if (!worker.isAlive()) {
        cluster.restartWorker(worker);
      }
    }
    api.put("/api/v1/settings/operations", settings(false, 2), 200);
    for (long id : workerIds.values()) {
      if (api.read("/api/v1/workers/" + id).path("cordoned").asBoolean()) {
        api.status("DELETE", "/api/v1/workers/" + id + "/drain"); // 409 unless a failed test left one running
        api.post("/api/v1/workers/" + id + "/uncordon", null, 200);
      }
    }
    for (JsonNode job : api.read("/api/v1/jobs?size=500").path("items")) {
      String state = job.path("state").asString();
      if (state.equals("QUEUED") || state.equals("RUNNING") || state.equals("HELD")) {
        api.cancel(job.path("id").asLong());
      }
    }
    await("no job left running").atMost(WAIT).until(() -> api.read("/api/v1/jobs?size=500").path("items").valueStream()
        .allMatch(j -> j.path("state").asString().matches("COMPLETED|FAILED|CANCELLED")));
  }

  @Test
  void drainingAWorkerRunningFourJobsMovesEachFromTheCheckpointTakenAtDrainTime() {
    cordon("worker-1", "worker-2");
    List<Long> jobs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      jobs.add(submit("drain-" + i, 40, 250, 60, null));
    }
    await("4 jobs running on worker-0").atMost(WAIT).until(() -> jobs.stream().allMatch(j -> runsOn(j, "worker-0")
        && api.job(j).path("step").asLong() >= 4));
    uncordon("worker-1", "worker-2");

    Map<Long, Long> stepAtDrain = new LinkedHashMap<>();
    jobs.forEach(j -> stepAtDrain.put(j, api.job(j).path("step").asLong()));
    Instant drainStart = Instant.now();
    JsonNode started = api.post("/api/v1/workers/" + id("worker-0") + "/drain",
        "{\"mode\": \"GRACEFUL\", \"reason\": \"kernel update\"}", 202);
    assertThat(started.path("jobs")).hasSize(4);
    await("drain completed").atMost(WAIT).until(() -> drain("worker-0").path("state").asString().equals("COMPLETED"));
    log.info("OPERATIONS drain of 4 jobs took {} ms: {}", Duration.between(drainStart, Instant.now()).toMillis(),
        drain("worker-0").path("outcome").asString());

    for (long job : jobs) {
      await("job " + job + " completed").atMost(WAIT).until(() -> api.state(job).equals("COMPLETED"));
      JsonNode view = api.job(job);
      assertThat(view.path("result").path("total").asLong()).isEqualTo(StepCounterJob.total(40, 1));
      assertThat(view.path("retries").asInt()).as("a drain uses no retry").isZero();
      List<JsonNode> attempts = api.attempts(job);
      assertThat(attempts.get(0).path("worker").asString()).isEqualTo("worker-0");
      JsonNode moved = attempts.get(1);
      assertThat(moved.path("worker").asString()).isIn("worker-1", "worker-2");
      long seq = moved.path("restoredFromSeq").asLong();
      JsonNode checkpoint = api.checkpoints(job).stream().filter(c -> c.path("seq").asLong() == seq).findFirst().orElseThrow();
      assertThat(Instant.parse(checkpoint.path("createdAt").asString())).as("the checkpoint taken at drain time")
          .isAfter(drainStart);
      assertThat(checkpoint.path("step").asLong()).as("progress after the move vs at drain time")
          .isGreaterThanOrEqualTo(stepAtDrain.get(job) - 1);
    }
    assertThat(api.read("/api/v1/workers/" + id("worker-0")).path("eligible").asBoolean())
        .as("a drained worker stays ineligible until uncordoned").isFalse();
  }

  @Test
  void sigtermToAWorkerRunningThreeJobsMovesEachFromAnImageTakenAfterTheSignalWithoutARetryAndItExitsZero() {
    cordon("worker-1", "worker-2");
    List<Long> jobs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      jobs.add(submit("sigterm-" + i, 40, 250, 60, null));
    }
    await("3 jobs running on worker-0").atMost(WAIT).until(() -> jobs.stream().allMatch(j -> runsOn(j, "worker-0")
        && api.job(j).path("step").asLong() >= 4));
    uncordon("worker-1", "worker-2");
    ManagedProcess worker = cluster.worker(0);

    Instant signal = Instant.now();
    worker.terminate();
    int exit = worker.awaitExit(SHUTDOWN_DEADLINE);
    Duration stopping = Duration.between(signal, Instant.now());
    log.info("OPERATIONS SIGTERM to a worker running 3 jobs: drained and exited {} in {} ms", exit, stopping.toMillis());
    assertThat(exit).as("exit status of the SIGTERMed worker").isZero();
    assertThat(stopping).as("exited before its deadline").isLessThan(SHUTDOWN_DEADLINE);

    for (long job : jobs) {
      await("job " + job + " completed").atMost(WAIT).until(() -> api.state(job).equals("COMPLETED"));
      JsonNode view = api.job(job);
      assertThat(view.path("result").path("total").asLong()).isEqualTo(StepCounterJob.total(40, 1));
      assertThat(view.path("retries").asInt()).as("a shutdown drain uses no retry").isZero();
      List<JsonNode> attempts = api.attempts(job);
      assertThat(attempts).hasSize(2);
      assertThat(attempts.get(0).path("worker").asString()).isEqualTo("worker-0");
      assertThat(attempts.get(0).path("state").asString()).as("vacated, not lost").isEqualTo("KILLED");
      JsonNode moved = attempts.get(1);
      assertThat(moved.path("worker").asString()).isIn("worker-1", "worker-2");
      long seq = moved.path("restoredFromSeq").asLong();
      JsonNode checkpoint = api.checkpoints(job).stream().filter(c -> c.path("seq").asLong() == seq).findFirst().orElseThrow();
      assertThat(Instant.parse(checkpoint.path("createdAt").asString())).as("restored from an image taken after the signal")
          .isAfter(signal);
      assertThat(checkpoint.path("attempt").asInt()).isEqualTo(1);
      assertThat(api.events(job)).extracting(e -> e.path("type").asString())
          .contains("DRAIN_MOVE", "VACATED").doesNotContain("ATTEMPT_LOST", "RETRY_SCHEDULED");
    }
    JsonNode gone = api.read("/api/v1/workers/" + id("worker-0"));
    assertThat(gone.path("state").asString()).as("deregistered, not waiting for the timeout").isEqualTo("LOST");
    // the drain completes at the scheduling round after its last job left: before or after the goodbye
    assertThat(api.read("/api/v1/workers/" + id("worker-0") + "/events").valueStream().map(e -> e.path("type").asString()))
        .startsWith("DRAIN_STARTED").contains("DRAIN_COMPLETED", "DEREGISTERED");
    assertThat(drain("worker-0").path("requestedBy").asString()).isEqualTo("worker:worker-0");

    cluster.restartWorker(worker);
    await("back after its own shutdown drain, worker-0 takes work again").atMost(WAIT)
        .until(() -> api.read("/api/v1/workers/" + id("worker-0")).path("eligible").asBoolean());
  }

  @Test
  void aDrainWhoseDeadlineIsShorterThanACheckpointEndsByItsDeadlineAndTheJobRestartsFromItsPreviousImage() {
    cordon("worker-1", "worker-2");
    // a checkpoint waits for the current step to end: 3 s steps make every checkpoint take up to 3 s
    long job = submit("slow-steps", 3, 3000, 1, null);
    await("first checkpoint").atMost(WAIT).until(() -> latestSeq(job) >= 1);
    long before = latestSeq(job);
    await("a fresh checkpoint").atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> latestSeq(job) > before
        || api.state(job).equals("COMPLETED"));
    assertThat(api.state(job)).isEqualTo("RUNNING");
    long previous = latestSeq(job);
    uncordon("worker-1");
    JsonNode started = api.post("/api/v1/workers/" + id("worker-0") + "/drain", "{\"deadlineSeconds\": 1}", 202);
    Instant deadline = Instant.parse(started.path("deadline").asString());

    List<String> saidWhileWaiting = new java.util.concurrent.CopyOnWriteArrayList<>();
    await("drain completed").atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
      JsonNode d = drain("worker-0");
      if (d.path("state").asString().equals("DRAINING")) {
        String waiting = d.path("jobs").get(0).path("waitingFor").asString("");
        if (!waiting.isEmpty()) {
          saidWhileWaiting.add(waiting);
        }
      }
      return d.path("state").asString().equals("COMPLETED");
    });
    JsonNode done = drain("worker-0");
    Instant ended = Instant.parse(done.path("endedAt").asString());
    log.info("OPERATIONS deadline {} drain ended {} ({} ms after); said while waiting: {}", deadline, ended,
        Duration.between(deadline, ended).toMillis(), saidWhileWaiting);
    assertThat(ended).isAfterOrEqualTo(deadline).isBefore(deadline.plusSeconds(1));
    assertThat(saidWhileWaiting).as("the drain status while it waited")
        .anyMatch(w -> w.contains("if it has not committed by the deadline") && w.contains("restarts from checkpoint " + previous));
    assertThat(done.path("jobs").get(0).path("note").asString())
        .contains("deadline").contains("restarts from checkpoint " + previous);

    await("job completed").atMost(WAIT).until(() -> api.state(job).equals("COMPLETED"));
    assertThat(api.job(job).path("result").path("total").asLong()).isEqualTo(StepCounterJob.total(3, 1));
    List<JsonNode> attempts = api.attempts(job);
    assertThat(attempts.get(1).path("restoredFromSeq").asLong()).as("restarted from its previous image").isEqualTo(previous);
    assertThat(api.checkpoints(job).stream().filter(c -> c.path("attempt").asInt() == 1)
        .filter(c -> c.path("seq").asLong() > previous).map(c -> c.path("state").asString()))
        .as("the checkpoint the deadline cut short never committed").doesNotContain("COMMITTED");
    assertThat(api.job(job).path("retries").asInt()).isZero();
  }

  @Test
  void aDrainWithNowhereToGoLeavesItsJobsQueuedWithTheReasonAndTheyRunWhenAWorkerIsUncordoned() {
    cordon("worker-1", "worker-2");
    long a = submit("stranded-a", 20, 200, 60, null);
    long b = submit("stranded-b", 20, 200, 60, null);
    await("both running").atMost(WAIT).until(() -> api.job(a).path("step").asLong() >= 3 && api.job(b).path("step").asLong() >= 3);
    api.post("/api/v1/workers/" + id("worker-0") + "/drain", null, 202);
    await("drain completed").atMost(WAIT).until(() -> drain("worker-0").path("state").asString().equals("COMPLETED"));

    for (long job : List.of(a, b)) {
      JsonNode view = api.job(job);
      assertThat(view.path("state").asString()).isEqualTo("QUEUED");
      assertThat(view.path("pendingReason").asString()).startsWith("no eligible worker:").contains("cordoned");
    }
    assertThat(drain("worker-0").path("jobs").valueStream().map(j -> j.path("waitingFor").asString()))
        .allMatch(w -> w.startsWith("placement: no eligible worker:"));

    uncordon("worker-2");
    for (long job : List.of(a, b)) {
      await("job " + job + " completed").atMost(WAIT).until(() -> api.state(job).equals("COMPLETED"));
      assertThat(api.job(job).path("result").path("total").asLong()).isEqualTo(StepCounterJob.total(20, 1));
      assertThat(api.attempts(job).get(1).path("worker").asString()).isEqualTo("worker-2");
      assertThat(api.attempts(job).get(1).path("restoredFromSeq").isNull()).isFalse();
    }
  }

  @Test
  void resubmittingFromTheSecondOfThreeRetainedCheckpointsStartsFromThatState() {
    long original = submit("original", 12, 400, 1, 3);
    await("original completed").atMost(WAIT).until(() -> api.state(original).equals("COMPLETED"));
    List<JsonNode> committed = api.checkpoints(original).stream()
        .filter(c -> c.path("state").asString().equals("COMMITTED")).toList();
    assertThat(committed.size()).isGreaterThanOrEqualTo(3);
    List<JsonNode> retained = committed.subList(committed.size() - 3, committed.size());
    JsonNode second = retained.get(1);
    long seq = second.path("seq").asLong();
    long k = second.path("step").asLong();
    String before = checkpointsText(original);

    JsonNode copy = api.post("/api/v1/jobs/resubmit", "{\"fromJobId\": " + original + ", \"checkpointSeq\": " + seq
        + ", \"overrides\": {\"name\": \"from-" + seq + "\", \"parameters\": {\"multiplier\": 1000}}}", 201);
    long id = copy.path("id").asLong();
    assertThat(copy.path("origin").path("jobId").asLong()).isEqualTo(original);
    assertThat(copy.path("origin").path("checkpointSeq").asLong()).isEqualTo(seq);
    await("resubmitted job completed").atMost(WAIT).until(() -> api.state(id).equals("COMPLETED"));

    long expected = StepCounterJob.total(k, 1) + 1000 * (StepCounterJob.total(12, 1) - StepCounterJob.total(k, 1));
    log.info("OPERATIONS resubmitted from checkpoint {} (step {}) of job {}: total {}", seq, k, original,
        api.job(id).path("result").path("total").asLong());
    assertThat(api.job(id).path("result").path("total").asLong()).as("started from step " + k).isEqualTo(expected);
    assertThat(api.attempts(id).get(0).path("restoredFromSeq").asLong()).isEqualTo(seq);
    assertThat(checkpointsText(original)).as("the original's checkpoints are untouched").isEqualTo(before);
    assertThat(api.job(original).path("result").path("total").asLong()).isEqualTo(StepCounterJob.total(12, 1));
  }

  @Test
  void rebalanceSpreadsSixJobsFromOneWorkerOverTwoIdleOnesMovingNoJobTwiceWithinItsCooldown() {
    cordon("worker-1", "worker-2");
    List<Long> jobs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      jobs.add(submit("busy-" + i, 400, 250, 2, null));
    }
    await("6 jobs running on worker-0").atMost(WAIT).until(() -> jobs.stream().allMatch(j -> runsOn(j, "worker-0")));
    await("every job has an image").atMost(WAIT).until(() -> jobs.stream().allMatch(j -> latestSeq(j) >= 1));
    uncordon("worker-1", "worker-2");
    Instant on = Instant.now();
    api.put("/api/v1/settings/operations", "{\"maxParallelMigrations\": 2, \"rebalanceEnabled\": true,"
        + " \"rebalanceThreshold\": 0.3, \"rebalanceCooldownSeconds\": 120, \"rebalanceMaxMoves\": 2}", 200);

    await("two jobs on each worker").atMost(WAIT).until(() -> {
      Map<String, Long> perWorker = jobs.stream().filter(j -> api.state(j).equals("RUNNING"))
          .collect(Collectors.groupingBy(j -> api.job(j).path("currentAttempt").path("worker").asString(), Collectors.counting()));
      return perWorker.size() == 3 && perWorker.values().stream().allMatch(n -> n == 2);
    });
    log.info("OPERATIONS rebalance spread 6 jobs over 3 workers in {} ms", Duration.between(on, Instant.now()).toMillis());
    api.put("/api/v1/settings/operations", settings(false, 2), 200);
    int moves = 0;
    for (long job : jobs) {
      List<JsonNode> rebalanced = api.events(job).stream()
          .filter(e -> e.path("type").asString().equals("REBALANCE_MOVE")).toList();
      assertThat(rebalanced.size()).as("job " + job + " moved at most once within its 120 s cooldown").isLessThanOrEqualTo(1);
      rebalanced.forEach(e -> assertThat(e.path("message").asString()).startsWith("Rebalance: worker worker-0 at"));
      moves += rebalanced.size();
      assertThat(api.job(job).path("retries").asInt()).isZero();
    }
    assertThat(moves).as("6/0/0 → 2/2/2 takes four moves").isEqualTo(4);
  }

  // --- helpers -----------------------------------------------------------------------------------

  private long submit(String name, int steps, int stepMillis, int checkpointSeconds, Integer retain) {
    JobRequest body = JobRequest.ofEntryClass(JOB).name(name)
        .parameters(Map.of("steps", steps, "stepMillis", stepMillis, "multiplier", 1))
        .memoryMb(128).checkpointIntervalSeconds(checkpointSeconds).maxRetries(0);
    if (retain != null) {
      body.retainCheckpoints(retain);
    }
    return api.submit(body);
  }

  private boolean runsOn(long job, String worker) {
    JsonNode view = api.job(job);
    return view.path("state").asString().equals("RUNNING")
        && view.path("currentAttempt").path("worker").asString().equals(worker)
        && view.path("currentAttempt").path("state").asString().equals("RUNNING");
  }

  private long latestSeq(long job) {
    return api.job(job).path("latestCheckpoint").path("seq").asLong(0);
  }

  private String checkpointsText(long job) {
    return api.checkpoints(job).toString();
  }

  private JsonNode drain(String worker) {
    return api.read("/api/v1/workers/" + id(worker) + "/drain");
  }

  private long id(String worker) {
    return workerIds.get(worker);
  }

  private void cordon(String... workers) {
    for (String w : workers) {
      api.post("/api/v1/workers/" + id(w) + "/cordon", "{\"reason\": \"test set-up\"}", 200);
    }
  }

  private void uncordon(String... workers) {
    for (String w : workers) {
      api.post("/api/v1/workers/" + id(w) + "/uncordon", null, 200);
    }
  }

  private static String settings(boolean rebalance, int maxParallel) {
    return "{\"maxParallelMigrations\": " + maxParallel + ", \"rebalanceEnabled\": " + rebalance
        + ", \"rebalanceThreshold\": 0.3, \"rebalanceCooldownSeconds\": 120, \"rebalanceMaxMoves\": 2}";
  }
}
