package io.tern.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.sdk.CheckpointableJob;
import io.tern.testsupport.JarBuilder;
import io.tern.testsupport.TernClient;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * A user's own code on a real cluster: a job class that is on no worker's class path is compiled
 * while the test runs, packaged as a jar and uploaded; its jobs survive the loss of their worker and
 * keep running the code they were submitted with. One cluster of real processes (PostgreSQL, S3, a
 * scheduler, two workers, sandboxed job JVMs). Part of {@code ./mvnw verify}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactsIT {

  private static final Duration WAIT = Duration.ofSeconds(120);
  /** In a package no module of Tern has, so no worker can load it from its own class path. */
  private static final String JOB = "com.example.uploaded.SquareSumJob";
  /** Steps of 100 ms (at least 12 s): long enough that a job is still running when the test moves or kills it on a busy machine. */
  private static final int STEPS = 120;

  private ProcessCluster cluster;
  private TernClient api;

  @BeforeAll
  void startCluster() throws Exception {
    cluster = ProcessCluster.start(ClusterOptions.defaults("artifacts").withWorkers(2, 2)
        .withSchedulerProperty("tern.scheduler.placement-interval", "250ms"));
    api = cluster.api();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aJobOfAnUploadedJarSurvivesTheKillOfItsWorkerAndFinishesOnAnotherThatFetchedAndVerifiedTheJarOnce()
      throws IOException {
    JsonNode artifact = api.uploadArtifact(squareSumJar("survivor"), "square-sum.jar");
    assertThat(artifact.path("jobClasses").valueStream().map(JsonNode::asString)).containsExactly(JOB);
    String digest = artifact.path("id").asString();

    long job = submit("survivor", digest, STEPS);
    JsonNode running = awaitRunningWithCommittedCheckpoint(job);
    ManagedProcess first = worker(running.path("currentAttempt").path("worker").asString());
    cluster.kill9(first);

    await("job " + job + " completed").atMost(WAIT).until(() -> api.state(job).equals("COMPLETED"));
    JsonNode done = api.job(job);
    assertThat(done.path("result").path("sumOfSquares").asLong()).isEqualTo(sumOfSquares(STEPS));
    assertThat(done.path("result").path("version").asString()).isEqualTo("survivor");
    List<JsonNode> attempts = api.attempts(job);
    JsonNode last = attempts.get(attempts.size() - 1);
    assertThat(last.path("worker").asString()).isNotEqualTo(first.name());
    assertThat(last.path("restoredFromSeq").asLong()).as("restored from a checkpoint, not started again").isPositive();
    ManagedProcess second = worker(last.path("worker").asString());
    assertThat(fetchesOf(second, digest)).as("the second worker fetched the jar once and verified it").isEqualTo(1);

    cluster.restartWorker(first);
  }

  @Test
  void aJobKeepsRunningTheCodeItWasSubmittedWithUntilAResubmitNamesOtherCode() {
    String v1 = api.uploadArtifact(squareSumJar("1"), "pinned.jar").path("id").asString();
    byte[] v2Jar = squareSumJar("2"); // compiled before the job starts: the job must still run when it is migrated
    long job = submit("pinned", v1, STEPS);
    JsonNode running = awaitRunningWithCommittedCheckpoint(job);
    String v2 = api.uploadArtifact(v2Jar, "pinned.jar").path("id").asString();
    assertThat(v2).isNotEqualTo(v1);

    String from = running.path("currentAttempt").path("worker").asString();
    api.post("/api/v1/jobs/" + job + "/migrate", null, 200);
    await("job " + job + " completed").atMost(WAIT).until(() -> api.state(job).equals("COMPLETED"));
    JsonNode done = api.job(job);
    List<JsonNode> attempts = api.attempts(job);
    JsonNode moved = attempts.get(attempts.size() - 1);
    assertThat(moved.path("worker").asString()).isNotEqualTo(from);
    assertThat(moved.path("restoredFromSeq").asLong()).as("the move restored a checkpoint").isPositive();
    assertThat(done.path("result").path("version").asString()).as("v1 after a restore, v2 uploaded before it").isEqualTo("1");
    assertThat(done.path("artifacts").valueStream().map(a -> a.path("id").asString())).containsExactly(v1);

    long seq = api.committedCheckpoints(job).get(0).path("seq").asLong();
    JsonNode resubmitted = api.post("/api/v1/jobs/" + job + "/resubmit", Map.of("checkpointSeq", seq,
        "overrides", Map.of("artifacts", List.of(v2), "entryClass", JOB)), 201);
    long second = resubmitted.path("id").asLong();
    await("job " + second + " completed").atMost(WAIT).until(() -> api.state(second).equals("COMPLETED"));
    JsonNode result = api.job(second);
    assertThat(result.path("result").path("version").asString()).as("the resubmit said to run v2").isEqualTo("2");
    assertThat(result.path("result").path("sumOfSquares").asLong()).isEqualTo(sumOfSquares(STEPS));
    assertThat(result.path("artifacts").valueStream().map(a -> a.path("id").asString())).containsExactly(v2);
    assertThat(result.path("origin").toString()).contains(v1).contains(v2);
  }

  // --- helpers ----------------------------------------------------------------------------------

  private long submit(String name, String artifact, int steps) {
    return api.submit(Map.of("name", name, "entryClass", JOB, "artifacts", List.of(artifact),
        "parameters", Map.of("steps", Integer.toString(steps), "stepMillis", "100"),
        "resources", Map.of("slots", 1, "memoryMb", 128), "checkpointIntervalSeconds", 1));
  }

  private JsonNode awaitRunningWithCommittedCheckpoint(long job) {
    return await("job " + job + " running with a committed checkpoint").atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> {
          JsonNode j = api.job(job);
          boolean running = "RUNNING".equals(j.path("currentAttempt").path("state").asString());
          return running && api.committedCheckpoints(job).stream()
              .anyMatch(c -> c.path("attempt").asInt() == j.path("currentAttempt").path("number").asInt()) ? j : null;
        }, j -> j != null);
  }

  private ManagedProcess worker(String name) {
    return cluster.workers().stream().filter(w -> w.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no worker named " + name));
  }

  private static long fetchesOf(ManagedProcess worker, String digest) throws IOException {
    Pattern fetched = Pattern.compile("artifact " + Pattern.quote(digest) + " fetched: \\d+ bytes");
    return Files.readAllLines(worker.log()).stream().filter(l -> fetched.matcher(l).find()).count();
  }

  /** Sum of i² for i = 1..n: the job's result after {@code n} steps. */
  private static long sumOfSquares(long n) {
    return n * (n + 1) * (2 * n + 1) / 6;
  }

  /** The user's job, compiled with {@code version} in its result. */
  private static byte[] squareSumJar(String version) {
    return JarBuilder.jar().compileAgainst(CheckpointableJob.class).source(JOB, """
        package com.example.uploaded;

        import io.tern.sdk.CheckpointableJob;
        import io.tern.sdk.Codecs;
        import io.tern.sdk.JobContext;
        import io.tern.sdk.StateCodec;
        import io.tern.sdk.StepResult;
        import java.util.Map;

        public final class SquareSumJob implements CheckpointableJob<long[]> {
          static final String VERSION = "%s";

          @Override
          public long[] init(JobContext ctx) {
            return new long[2];
          }

          @Override
          public StepResult step(long[] s, JobContext ctx) throws InterruptedException {
            Thread.sleep(ctx.longParam("stepMillis", 100)); // the work of one step
            s[0]++;
            s[1] += s[0] * s[0];
            return s[0] >= ctx.longParam("steps", 10) ? StepResult.DONE : StepResult.CONTINUE;
          }

          @Override
          public StateCodec<long[]> codec() {
            return Codecs.longArray();
          }

          @Override
          public Map<String, Object> result(long[] s, JobContext ctx) {
            return Map.of("steps", s[0], "sumOfSquares", s[1], "version", VERSION);
          }
        }
        """.formatted(version)).build();
  }
}
