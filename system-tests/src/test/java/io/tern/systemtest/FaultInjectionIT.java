package io.tern.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.examples.NumberedLinesJob;
import io.tern.testsupport.TernClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Fault injection against one cluster of real processes: PostgreSQL, an S3 server, two scheduler
 * replicas, three workers (two slots each) and the job JVMs. Each scenario submits deterministic
 * jobs, breaks something with a real signal and checks the {@link Invariants}: every job completes
 * exactly once with the correct result, no stale checkpoint was recorded, nothing is left stuck.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FaultInjectionIT.class);

  private static final Duration JOBS_END_WITHIN = Duration.ofMinutes(3);

  /**
   * Monte Carlo π paced to at least 40 steps of 300 ms (12 s): still running when a fault hits it
   * (a few seconds in, after its first checkpoint) and after it is detected (5 s timeout here),
   * however fast the machine (CPU-bound jobs finished before the fault on an idle machine), at little
   * CPU cost.
   */
  private static final TestJob LONG_JOB = TestJob.pacedMonteCarloPi(80_000_000L, 300);

  /** Lines of the job whose worker is killed: at least 18 s (steps of >= 300 ms). */
  private static final int LINES = 60;
  private static final TestJob LINES_JOB = TestJob.numberedLines(LINES, 300);
  /** The workers' {@code tern.worker.logs.ship-interval} (the default). */
  private static final Duration SHIP_INTERVAL = Duration.ofSeconds(5);

  /** How long the S3 server stays down: eight checkpoint intervals. */
  private static final Duration S3_OUTAGE = Duration.ofSeconds(8);
  private static ProcessCluster cluster;
  private static TernClient api;

  @BeforeAll
  static void startCluster() throws Exception {
    // Chunk GC on a short clock, so objects of an interrupted commit are collected within the test.
    // ADR 0003: grace > reuse window + commit timeout; ADR 0008: grace > reuse window + upload timeout. The commit timeout still leaves a 48 MB image
    // on a loaded machine time to commit.
    cluster = ProcessCluster.start(ClusterOptions.defaults("faults").withSchedulers(2).withWorkers(3, 2)
        .withSchedulerProperty("tern.checkpoints.collection-interval", "2s")
        .withSchedulerProperty("tern.checkpoints.commit-timeout", "20s")
        .withSchedulerProperty("tern.checkpoints.chunk-grace", "25s")
        .withSchedulerProperty("tern.storage.chunk-reuse-window", "3s")
        .withSchedulerProperty("tern.artifacts.upload-timeout", "15s")
        .withWorkerProperty("tern.storage.chunk-reuse-window", "3s"));
    api = cluster.api();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * Each scenario starts from a whole cluster: every process killed by the previous one is started
   * again (before the next scenario rather than after each, so the last one's damage is not repaired
   * only to be torn down).
   */
  @BeforeEach
  void healCluster() {
    for (ManagedProcess worker : cluster.workers()) {
      if (!worker.isAlive()) {
        cluster.restartWorker(worker);
      }
    }
    for (int i = 0; i < cluster.options().schedulers(); i++) {
      if (!cluster.scheduler(i).isAlive()) {
        cluster.startScheduler(i);
      }
    }
  }

  @Test
  @Order(1)
  void workerKilledWhileJobsRunLosesNoJob() {
    Map<Long, TestJob> jobs = submit("kill9", LONG_JOB, 3);
    // the job whose worker is killed prints a numbered line and appends it to an output file each step
    Map<Long, TestJob> lines = submit("kill9-lines", LINES_JOB, 1);
    jobs.putAll(lines);
    JsonNode victimJob = awaitJobWithCommittedCheckpoint(lines.keySet());
    ManagedProcess victim = workerRunning(victimJob);
    List<ProcessHandle> children = cluster.jobProcessesOf(victim);
    assertThat(children).as("job JVMs of " + victim.name()).isNotEmpty();

    Instant killed = Instant.now();
    cluster.kill9(victim);

    await("job JVMs of the killed worker exit on their own").atMost(Duration.ofSeconds(15))
        .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    long id = victimJob.path("id").asLong();
    await("the job runs again elsewhere").atMost(Duration.ofSeconds(30)).until(() -> api.attempts(id).stream()
        .anyMatch(a -> a.path("number").asInt() > victimJob.path("currentAttempt").path("number").asInt()
            && !victim.name().equals(a.path("worker").asString())));
    assertThat(api.events(id)).as("the lost attempt is explained")
        .anyMatch(e -> "ATTEMPT_LOST".equals(e.path("type").asString())
            && e.path("message").asString().contains("no heartbeat"));
    JsonNode restored = api.attempts(id).stream().filter(a -> !a.path("restoreFromSeq").isNull()).findFirst().orElseThrow();
    assertThat(restored.path("restoreFromSeq").asLong()).as("resumed from a checkpoint, not from the start").isPositive();

    Invariants.assertAllCompletedCorrectly(api, jobs, JOBS_END_WITHIN);
    assertOneLogAcrossTheKill(id, killed);
    TernClient.Download published = api.download("/api/v1/jobs/" + id + "/outputs/" + NumberedLinesJob.FILE);
    assertThat(published.status()).isEqualTo(200);
    assertThat(new String(published.body(), java.nio.charset.StandardCharsets.UTF_8))
        .as("the published output file: the one of an uninterrupted run, no line missing, none twice")
        .isEqualTo(NumberedLinesJob.expectedLines(LINES, TestJob.NUMBERED_LINES_WORK));
  }

  /**
   * The job's log after its worker was killed: attempt 1's lines up to at most one shipping interval
   * before the kill, the marker of attempt 2 with the checkpoint and step it restored, then attempt 2's
   * lines from that step on, each once.
   */
  private static void assertOneLogAcrossTheKill(long id, Instant killed) {
    List<String> log = api.get("/api/v1/jobs/" + id + "/logs?attempt=1").raw().lines().toList();
    List<String> first = log.stream().filter(l -> text(l).startsWith("line ")).toList();
    assertThat(first).as("attempt 1's lines").isNotEmpty();
    Instant lastShipped = Instant.parse(first.get(first.size() - 1).substring(0, 24));
    assertThat(lastShipped).as("attempt 1's last shipped line, read by its worker at most one shipping interval"
        + " (%s) before the kill at %s", SHIP_INTERVAL, killed).isAfter(killed.minus(SHIP_INTERVAL).minusSeconds(1));
    assertThat(text(log.get(log.size() - 1))).as("attempt 1's end").startsWith("=== attempt 1 ended LOST");
    assertThat(numbers(first)).as("attempt 1's lines, each once, in order")
        .isEqualTo(java.util.stream.LongStream.rangeClosed(1, first.size()).boxed().toList());

    List<String> second = api.get("/api/v1/jobs/" + id + "/logs?attempt=2").raw().lines().map(FaultInjectionIT::text)
        .toList();
    JsonNode attempt = api.attempts(id).stream().filter(a -> a.path("number").asInt() == 2).findFirst().orElseThrow();
    long seq = attempt.path("restoredFromSeq").asLong();
    long step = api.checkpoints(id).stream().filter(c -> c.path("seq").asLong() == seq).findFirst().orElseThrow()
        .path("step").asLong();
    assertThat(second.get(0)).as("where attempt 2 begins").startsWith("=== attempt 2 on ")
        .endsWith("restored from checkpoint " + seq + " (step " + step + ") ===");
    List<String> secondLines = second.stream().filter(t -> t.startsWith("line ")).toList();
    assertThat(numbers(secondLines)).as("attempt 2's lines: from the restored step on, each once, to the end")
        .isEqualTo(java.util.stream.LongStream.rangeClosed(step + 1, LINES).boxed().toList());
  }

  private static String text(String logLine) {
    return logLine.substring(25);
  }

  private static List<Long> numbers(List<String> logLines) {
    return logLines.stream().map(l -> l.substring(l.indexOf("line ") + 5)).map(t -> Long.parseLong(t.substring(0, t.indexOf(' '))))
        .toList();
  }

  @Test
  @Order(2)
  void workerKilledDuringACheckpointCommitLeavesThePreviousImage() {
    Map<Long, TestJob> jobs = submit("kill9-commit", TestJob.pageRank(3_000_000, 20), 1);
    long id = jobs.keySet().iterator().next();
    JsonNode pending = await("a checkpoint commit in flight").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
        .until(() -> api.checkpoints(id).stream().filter(c -> "PENDING".equals(c.path("state").asString()))
            .filter(c -> c.path("seq").asLong() > 1).findFirst().orElse(null), c -> c != null);
    ManagedProcess victim = workerRunning(api.job(id));

    cluster.kill9(victim);

    long seq = pending.path("seq").asLong();
    await("the interrupted checkpoint is aborted, never committed").atMost(Duration.ofSeconds(30))
        .until(() -> api.checkpoints(id).stream().filter(c -> c.path("seq").asLong() == seq)
            .anyMatch(c -> "ABORTED".equals(c.path("state").asString())));
    Invariants.assertAllCompletedCorrectly(api, jobs, JOBS_END_WITHIN);
    JsonNode second = api.attempts(id).stream().filter(a -> a.path("number").asInt() == 2).findFirst().orElseThrow();
    assertThat(second.path("restoreFromSeq").asLong()).as("restored from the checkpoint before the interrupted one")
        .isLessThan(seq);
    await("the objects of the interrupted commit are collected").atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
          ProcessCluster.StoredChunks bucket = cluster.storedChunks();
          assertThat(bucket.stored()).as("packs in the bucket = packs the remaining manifests reference")
              .isEqualTo(bucket.referenced());
        });
  }

  @Test
  @Order(3)
  void pausedWorkerComesBackAsAZombieAndIsFenced() {
    // 30 s at least (60 steps of >= 500 ms): the paused worker's job JVM must still be running when its job has moved
    Map<Long, TestJob> jobs = submit("zombie", TestJob.pacedMonteCarloPi(120_000_000L, 500), 3);
    JsonNode job = awaitJobWithCommittedCheckpoint(jobs.keySet());
    ManagedProcess zombie = workerRunning(job);
    long id = job.path("id").asLong();
    int staleNumber = job.path("currentAttempt").path("number").asInt();
    List<ProcessHandle> staleChildren = cluster.jobProcessesOf(zombie);

    cluster.sigstop(zombie);
    try {
      await("the paused worker is declared LOST").atMost(Duration.ofSeconds(30))
          .until(() -> "LOST".equals(cluster.workerView(zombie).path("state").asString()));
      await("its job is placed again elsewhere").atMost(Duration.ofSeconds(30))
          .until(() -> api.attempts(id).stream().anyMatch(a -> a.path("number").asInt() > staleNumber
              && Set.of("RUNNING", "SUCCEEDED").contains(a.path("state").asString())));
      assertThat(staleChildren).as("the zombie's job JVMs still run while it is paused").anyMatch(ProcessHandle::isAlive);
    } finally {
      cluster.sigcont(zombie);
    }

    await("the zombie kills its stale job JVMs").atMost(Duration.ofSeconds(30))
        .until(() -> staleChildren.stream().noneMatch(ProcessHandle::isAlive));
    cluster.awaitWorkerActive(zombie);
    JsonNode stale = api.attempts(id).stream().filter(a -> a.path("number").asInt() == staleNumber).findFirst().orElseThrow();
    assertThat(stale.path("state").asString()).isEqualTo("LOST");
    Invariants.assertAllCompletedCorrectly(api, jobs, JOBS_END_WITHIN);
  }

  @Test
  @Order(4)
  void jobsCompleteWhenASchedulerReplicaIsKilled() {
    Map<Long, TestJob> jobs = submit("replica", LONG_JOB, 4);
    await("jobs placed").atMost(Duration.ofSeconds(30))
        .until(() -> jobs.keySet().stream().filter(id -> "RUNNING".equals(api.state(id))).count() >= 2);

    int leader = await("one replica is the leader").atMost(Duration.ofSeconds(30))
        .until(this::leaderReplica, i -> i >= 0);
    int follower = 1 - leader;
    assertThat(cluster.directApi(follower).read("/api/v1/replica").path("leader").asBoolean())
        .as("exactly one leader").isFalse();
    // a reader follows a running job's log on the replica about to be killed (each step logs a line)
    long followed = jobs.keySet().stream().filter(id -> "RUNNING".equals(api.state(id))).findFirst().orElseThrow();
    List<String[]> before = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CompletableFuture<?> first = followLog(cluster.directApi(leader), followed, null, before);
    await("log lines arrive from the replica being followed").atMost(Duration.ofSeconds(30))
        .until(() -> before.stream().filter(e -> e[1].equals("line")).count() >= 2);

    cluster.killScheduler(leader);

    await("the other replica becomes the leader").atMost(Duration.ofSeconds(15))
        .until(() -> cluster.directApi(follower).read("/api/v1/replica").path("leader").asBoolean());
    await("the followed stream broke with its replica").atMost(Duration.ofSeconds(15)).until(first::isDone);
    List<String[]> after = new java.util.concurrent.CopyOnWriteArrayList<>();
    String lastSeen = before.get(before.size() - 1)[0];
    java.util.concurrent.CompletableFuture<?> resumed = followLog(cluster.directApi(follower), followed, lastSeen, after);

    Map<Long, TestJob> more = submit("replica-after", TestJob.monteCarloPi(60_000_000L), 2);
    jobs.putAll(more);
    Invariants.assertAllCompletedCorrectly(api, jobs, JOBS_END_WITHIN);
    assertThat(cluster.workers()).allMatch(w -> "ACTIVE".equals(cluster.workerView(w).path("state").asString()));
    for (long id : jobs.keySet()) {
      assertThat(api.attempts(id)).as("no attempt was lost: the workers kept going through the failover")
          .noneMatch(a -> "LOST".equals(a.path("state").asString()));
    }
    // the reconnect to the other replica went on after the last line seen: no gap, no repeat, up to the end
    await("the resumed stream ends with the job").atMost(Duration.ofSeconds(60)).until(resumed::isDone);
    assertThat(after).as("the resumed stream ended with event end").last().satisfies(e -> assertThat(e[1]).isEqualTo("end"));
    List<String> followedText = java.util.stream.Stream.concat(before.stream(), after.stream())
        .filter(e -> !e[1].equals("end")).map(e -> e[2]).toList();
    List<String> whole = api.get("/api/v1/jobs/" + followed + "/logs").raw().lines().toList();
    assertThat(followedText).as("lines before and after the failover = the job's whole log").isEqualTo(whole);
    assertThat(whole).as("lines from before and after the kill")
        .anyMatch(l -> l.contains("samples, pi ~")).last().satisfies(l -> assertThat(l).contains("ended SUCCEEDED"));
  }

  /**
   * Follows the log of {@code job} over server-sent events from {@code via} (after {@code lastEventId}
   * when given), adding each event as {id, event name, data} to {@code events}; done when the stream ends
   * or breaks.
   */
  private static java.util.concurrent.CompletableFuture<?> followLog(TernClient via, long job, String lastEventId,
      List<String[]> events) {
    java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
            via.base().resolve("/api/v1/jobs/" + job + "/logs?follow=true"))
        .header("Authorization", "Bearer " + via.token()).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    String[] current = new String[3];
    return java.net.http.HttpClient.newHttpClient()
        .sendAsync(request.build(), java.net.http.HttpResponse.BodyHandlers.ofLines())
        .thenAccept(r -> r.body().forEach(line -> {
          if (line.startsWith("id:")) {
            current[0] = line.substring(3);
          } else if (line.startsWith("event:")) {
            current[1] = line.substring(6);
          } else if (line.startsWith("data:")) {
            current[2] = line.substring(5);
          } else if (line.isEmpty() && current[1] != null) {
            events.add(current.clone());
            java.util.Arrays.fill(current, null);
          }
        }));
  }

  @Test
  @Order(5)
  void s3ServerDownFor8SecondsFailsNoJob() {
    // two jobs of at least 24 s each (70 steps of >= 350 ms), mostly waiting: they outlast the
    // outage on any machine without loading it, and checkpoint again after it
    Map<Long, TestJob> jobs = submit("s3-down", TestJob.pacedMonteCarloPi(140_000_000L, 350), 2);
    awaitJobWithCommittedCheckpoint(jobs.keySet());

    Instant down = Instant.now();
    cluster.stopS3();
    Outage.last(S3_OUTAGE);
    cluster.startS3();
    Instant up = Instant.now();
    List<Long> stillRunning = jobs.keySet().stream().filter(id -> "RUNNING".equals(api.state(id))).toList();

    Invariants.assertAllCompletedCorrectly(api, jobs, JOBS_END_WITHIN);
    assertThat(stillRunning).as("jobs that outlasted the outage").isNotEmpty();
    List<JsonNode> events = jobs.keySet().stream().flatMap(id -> api.events(id).stream()).toList();
    assertThat(events).as("checkpoints failed while S3 was down, with the reason")
        .anyMatch(e -> "CHECKPOINT_ABORTED".equals(e.path("type").asString())
            && Instant.parse(e.path("at").asString()).isAfter(down)
            && e.path("message").asString().contains("S3"));
    assertThat(stillRunning).as("checkpoints resumed once S3 was back").anyMatch(id -> api.checkpoints(id).stream()
        .anyMatch(c -> "COMMITTED".equals(c.path("state").asString())
            && Instant.parse(c.path("committedAt").asString()).isAfter(up)));
  }

  @Test
  @Order(6)
  void postgresRestartFailsNoJob() throws Exception {
    Map<Long, TestJob> jobs = submit("pg-restart", LONG_JOB, 4);
    awaitJobWithCommittedCheckpoint(jobs.keySet());

    cluster.restartPostgres(Duration.ofSeconds(8));

    await("the API answers again").atMost(Duration.ofSeconds(60)).until(api::isUp);
    Invariants.assertAllCompletedCorrectly(api, jobs, JOBS_END_WITHIN);
    for (long id : jobs.keySet()) {
      assertThat(api.attempts(id)).as("no worker was declared lost because the database was away")
          .noneMatch(a -> "LOST".equals(a.path("state").asString()));
    }
  }

  @Test
  @Order(7)
  void jobProcessesEndWithTheirKilledWorkerEvenWhenFrozen() {
    Map<Long, TestJob> jobs = submit("orphans", LONG_JOB, 2);
    JsonNode job = awaitJobWithCommittedCheckpoint(jobs.keySet());
    ManagedProcess worker = workerRunning(job);
    List<ProcessHandle> children = cluster.jobProcessesOf(worker);
    assertThat(children).isNotEmpty();
    List<String> oldAttemptIds = children.stream().map(c -> c.info().commandLine().orElse(""))
        .map(c -> c.replaceAll(".*/attempts/([0-9]+)/.*", "$1")).toList();
    // a frozen job process cannot notice that its worker is gone; its sandbox ends it with the worker
    // (a restarted worker also kills job processes of its previous life: agent.OrphanedJobProcesses)
    children.forEach(c -> signal(c, "STOP"));
    cluster.kill9(worker);
    await("the sandbox ended the frozen job processes with their worker").atMost(Duration.ofSeconds(10))
        .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));

    cluster.restartWorker(worker);

    java.nio.file.Path attempts = cluster.workDirOf(worker.name()).resolve("attempts");
    await("the restarted worker deleted the attempt directories of its previous life").atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(oldAttemptIds).isNotEmpty().allSatisfy(attemptId ->
            assertThat(attempts.resolve(attemptId)).as("attempt directory of the previous life").doesNotExist()));
    Invariants.assertAllCompletedCorrectly(api, jobs, JOBS_END_WITHIN);
  }

  @Test
  @Order(8)
  void aSecondSigtermCutsTheWorkersShutdownDrainShortAndItsJobsRestartWithoutWaitingForTheTimeout() {
    Map<Long, TestJob> jobs = submit("clean-stop", LONG_JOB, 2);
    JsonNode job = awaitJobWithCommittedCheckpoint(jobs.keySet());
    ManagedProcess worker = workerRunning(job);
    long id = job.path("id").asLong();
    long workerId = cluster.workerView(worker).path("id").asLong();
    List<ProcessHandle> children = cluster.jobProcessesOf(worker);
    assertThat(children).isNotEmpty();
    // frozen job processes cannot write the checkpoints the drain asks for: the drain waits
    children.forEach(c -> signal(c, "STOP"));

    Instant stopped = Instant.now();
    worker.terminate();
    await("the worker asked to be drained").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .ignoreExceptions().until(() -> api.read("/api/v1/workers/" + workerId + "/drain"),
            d -> "DRAINING".equals(d.path("state").asString())
                && ("worker:" + worker.name()).equals(d.path("requestedBy").asString()));
    worker.terminate();
    assertThat(worker.awaitExit(Duration.ofSeconds(30))).as("exit status after the second SIGTERM").isZero();

    JsonNode lost = await("the attempt is LOST at once").atMost(Duration.ofSeconds(20)).until(() -> api.events(id).stream()
        .filter(e -> "ATTEMPT_LOST".equals(e.path("type").asString())).findFirst().orElse(null), e -> e != null);
    assertThat(lost.path("message").asString()).contains("shut down");
    assertThat(Duration.between(stopped, Instant.parse(lost.path("at").asString())))
        .as("well before the %s heartbeat timeout", cluster.options().workerTimeout())
        .isLessThan(cluster.options().workerTimeout());
    assertThat(children).as("the worker killed its frozen job processes").noneMatch(ProcessHandle::isAlive);
    Invariants.assertAllCompletedCorrectly(api, jobs, JOBS_END_WITHIN);
  }

  /**
   * SIGTERM to the leading replica: it gives up the leader lock as its shutdown begins, and the other
   * replica leads, and places a job submitted to it then, within seconds of the signal (figures in
   * docs/reliability.md).
   */
  @Test
  @Order(9)
  void sigtermToTheLeadingReplicaHandsLeadershipOverAndANewJobIsPlacedWithinSeconds() {
    int leader = await("one replica is the leader").atMost(Duration.ofSeconds(30)).until(this::leaderReplica, i -> i >= 0);
    int follower = 1 - leader;
    TernClient other = cluster.directApi(follower);

    Instant signal = Instant.now();
    cluster.scheduler(leader).terminate();
    await("the other replica leads").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> other.read("/api/v1/replica").path("leader").asBoolean());
    Duration toLeader = Duration.between(signal, Instant.now());
    long job = other.submit(TestJob.monteCarloPi(2_000_000L).request("after-sigterm"));
    JsonNode placed = await("the new job is placed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> other.attempts(job).stream().findFirst().orElse(null), a -> a != null);
    Duration toPlaced = Duration.between(signal, Instant.parse(placed.path("placedAt").asString()));
    cluster.scheduler(leader).awaitExit(Duration.ofSeconds(30));
    Duration toExit = Duration.between(signal, Instant.now());
    log.info("RELIABILITY SIGTERM to the leading replica: the other leads after {} ms, places a job submitted then"
        + " after {} ms; the stopped replica exited after {} ms", toLeader.toMillis(), toPlaced.toMillis(), toExit.toMillis());
    assertThat(toLeader).as("signal to new leader").isLessThan(Duration.ofSeconds(5));
    assertThat(toPlaced).as("signal to the new job placed").isLessThan(Duration.ofSeconds(5));

    Invariants.assertAllCompletedCorrectly(other, Map.of(job, TestJob.monteCarloPi(2_000_000L)), JOBS_END_WITHIN);
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static Map<Long, TestJob> submit(String name, TestJob job, int count) {
    Map<Long, TestJob> jobs = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      jobs.put(api.submit(job.request(name + "-" + i)), job);
    }
    return jobs;
  }

  /** A job of {@code ids} that is RUNNING and has a committed checkpoint from its current attempt. */
  private static JsonNode awaitJobWithCommittedCheckpoint(Set<Long> ids) {
    return await("a running job with a committed checkpoint").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> ids.stream().map(api::job)
            .filter(j -> "RUNNING".equals(j.path("state").asString()))
            .filter(j -> "RUNNING".equals(j.path("currentAttempt").path("state").asString()))
            .filter(j -> api.checkpoints(j.path("id").asLong()).stream()
                .anyMatch(c -> "COMMITTED".equals(c.path("state").asString())
                    && c.path("attempt").asInt() == j.path("currentAttempt").path("number").asInt()))
            .findFirst().orElse(null), j -> j != null);
  }

  private static ManagedProcess workerRunning(JsonNode job) {
    String name = job.path("currentAttempt").path("worker").asString();
    return cluster.workers().stream().filter(w -> w.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("job " + job.path("id") + " runs on unknown worker " + name));
  }

  /** The index of the scheduler replica that says it is the leader, or -1 (asked directly, not through the front door). */
  private int leaderReplica() {
    for (int i = 0; i < 2; i++) {
      try {
        if (cluster.directApi(i).read("/api/v1/replica").path("leader").asBoolean()) {
          return i;
        }
      } catch (RuntimeException | AssertionError e) {
        // not up (yet)
      }
    }
    return -1;
  }

  private static void signal(ProcessHandle process, String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Set<String> states(List<JsonNode> nodes) {
    return nodes.stream().map(n -> n.path("state").asString()).collect(Collectors.toSet());
  }
}
