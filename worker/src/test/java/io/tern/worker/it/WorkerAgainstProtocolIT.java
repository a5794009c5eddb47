package io.tern.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.image.ImageStore;
import io.tern.image.StorageSettings;
import io.tern.protocol.Assignment;
import io.tern.protocol.AttemptFinished;
import io.tern.protocol.AttemptStarted;
import io.tern.protocol.Heartbeat;
import io.tern.examples.MonteCarloPiJob;
import io.tern.examples.NumberedLinesJob;
import io.tern.sdk.internal.json.JsonWriter;
import io.tern.sdk.testkit.JobTestKit;
import io.tern.testsupport.S3ProxyServer;
import io.tern.worker.WorkerApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Contract test of the worker against the documented worker protocol: a real worker application, a
 * fake scheduler speaking the protocol over HTTP, a real S3 server (s3proxy) and real job processes
 * running {@code io.tern.examples.MonteCarloPiJob}.
 */
class WorkerAgainstProtocolIT {

  private static final String JOB_CLASS = MonteCarloPiJob.class.getName();
  private static final long CHECKPOINT_MILLIS = 300;
  /** Samples of a job that runs for about 6 s: long enough for several checkpoints on a slow machine. */
  private static final long RUN_TO_END = 600_000_000L;
  /** Samples of a job that would run for minutes; the tests that use it kill it. */
  private static final long LONG_JOB = 50_000_000_000L;
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String MANIFEST_KEY = "5a".repeat(32);
  private static final long SHIP_MILLIS = 400;

  private static final Map<Map<String, String>, String> EXPECTED = new java.util.concurrent.ConcurrentHashMap<>();

  @TempDir static Path workDir;

  private static S3ProxyServer s3;
  private static ImageStore images;
  private static FakeScheduler scheduler;
  private static ConfigurableApplicationContext worker;

  @BeforeAll
  static void startWorker() throws Exception {
    s3 = S3ProxyServer.startInMemory();
    images = ImageStore.connect(new StorageSettings(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(),
        "worker-it", "it", null), io.tern.image.ImageStoreOptions.defaults().withManifestKey(
            io.tern.image.ManifestKeys.decode(MANIFEST_KEY, "manifest key")));
    images.ensureBucket();
    scheduler = new FakeScheduler();
    worker = new SpringApplicationBuilder(WorkerApplication.class).web(WebApplicationType.NONE).run(
        "--tern.worker.name=it-worker",
        "--tern.worker.scheduler-url=" + scheduler.url(),
        "--tern.worker.join-token=" + FakeScheduler.JOIN_TOKEN,
        "--tern.worker.slots=3",
        "--tern.worker.memory-mb=2048",
        "--tern.worker.work-dir=" + workDir,
        "--tern.worker.job-classpath=classpath-of:" + JOB_CLASS + ",classpath-of:" + NumberedLinesJob.class.getName()
            + ",classpath-of:" + ChattyJob.class.getName(),
        "--tern.worker.logs.ship-interval=" + SHIP_MILLIS + "ms",
        "--tern.storage.endpoint=" + s3.endpoint(),
        "--tern.storage.access-key=" + s3.accessKey(),
        "--tern.storage.secret-key=" + s3.secretKey(),
        "--tern.storage.bucket=worker-it",
        "--tern.storage.prefix=it",
        "--tern.storage.manifest-key=" + MANIFEST_KEY);
    await().atMost(PATIENCE).until(() -> !scheduler.heartbeats.isEmpty());
  }

  @AfterAll
  static void stopWorker() throws Exception {
    if (worker != null) {
      worker.close();
    }
    if (scheduler != null) {
      scheduler.close();
    }
    if (images != null) {
      images.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void registersWithItsNameAndCapacity() {
    assertThat(scheduler.registrations).isNotEmpty();
    assertThat(scheduler.registrations.get(0).name()).isEqualTo("it-worker");
    assertThat(scheduler.registrations.get(0).slots()).isEqualTo(3);
    assertThat(scheduler.registrations.get(0).memoryMb()).isEqualTo(2048);
  }

  @Test
  void authenticatesEveryCallWithTheJoinTokenThenItsOwnSecret() {
    // the fake scheduler answers 401 to any call without the expected credentials
    assertThat(scheduler.heartbeats).isNotEmpty();
    assertThat(scheduler.unauthenticated).isEmpty();
  }

  @Test
  void runsAJobToItsResultCommittingCheckpointsOnTheWay() throws IOException {
    Map<String, String> params = params(RUN_TO_END);
    scheduler.assign(assignment(101, 1, 1, params, null));

    AttemptFinished finished = awaitFinished(101);

    assertThat(finished.outcome()).isEqualTo(AttemptFinished.SUCCEEDED);
    assertThat(finished.resultJson()).isEqualTo(expectedResult(params));
    assertThat(finished.outputsManifestKey()).as("a job that wrote no output file publishes an empty list")
        .isEqualTo(io.tern.image.ImageLayout.outputsManifestKey(1, 1));
    assertThat(images.readManifest(finished.outputsManifestKey()).files()).isEmpty();
    AttemptStarted started = scheduler.started.get(101L);
    assertThat(started.restoredFromSeq()).isNull();
    assertThat(started.step()).isZero();

    List<FakeScheduler.Commit> commits = scheduler.commitsOf(101);
    assertThat(commits).hasSizeGreaterThanOrEqualTo(2);
    assertThat(commits).extracting(FakeScheduler.Commit::seq).startsWith(1L, 2L);
    long previousStep = -1;
    for (FakeScheduler.Commit commit : commits) {
      assertThat(commit.metrics().step()).isGreaterThan(previousStep);
      previousStep = commit.metrics().step();
      assertThat(commit.metrics().logicalBytes()).isPositive();
      assertThat(commit.metrics().storedBytes()).isPositive();
      assertThat(commit.metrics().chunks()).isPositive();
      assertThat(commit.metrics().snapshotMillis()).isNotNegative();
      assertThat(commit.metrics().commitMillis()).isNotNegative();
      assertThat(images.readManifest(commit.manifestKey())).isNotNull();
    }
    assertThat(scheduler.heartbeats).anySatisfy(h -> assertThat(h.attempts())
        .extracting(Heartbeat.AttemptStatus::attemptId, Heartbeat.AttemptStatus::state)
        .contains(org.assertj.core.groups.Tuple.tuple(101L, "RUNNING")));
    await().atMost(PATIENCE).until(() -> !Files.exists(attemptDir(101)));
    assertThat(workDir.resolve("logs/attempt-101.log")).isRegularFile();
  }

  @Test
  void killedAttemptIsReportedAndItsJobResumesFromTheLastCheckpointInANewAttempt() throws Exception {
    Map<String, String> params = params(RUN_TO_END);
    scheduler.assign(assignment(201, 2, 1, params, null));
    await().atMost(PATIENCE).until(() -> scheduler.commitsOf(201).size() >= 2);
    ProcessHandle process = jobProcess(201).orElseThrow();

    scheduler.kill(201);

    assertThat(awaitFinished(201).outcome()).isEqualTo(AttemptFinished.KILLED);
    await().atMost(PATIENCE).until(() -> !process.isAlive());
    List<FakeScheduler.Commit> commits = scheduler.commitsOf(201);
    FakeScheduler.Commit last = commits.get(commits.size() - 1);

    scheduler.assign(assignment(202, 2, 2, params, new Assignment.RestorePoint(last.seq(), last.manifestKey())));

    AttemptFinished resumed = awaitFinished(202);
    assertThat(resumed.outcome()).isEqualTo(AttemptFinished.SUCCEEDED);
    assertThat(resumed.resultJson()).isEqualTo(expectedResult(params));
    AttemptStarted started = scheduler.started.get(202L);
    assertThat(started.restoredFromSeq()).isEqualTo(last.seq());
    assertThat(started.step()).isEqualTo(last.metrics().step()).isPositive();
    assertThat(started.restoredBytes()).isPositive();
  }

  @Test
  void theJobsOutputIsShippedToStorageWhileItRunsAndCompleteAfterItsEnd() throws Exception {
    long jobId = 70;
    int steps = 60;
    scheduler.assign(new Assignment(701, jobId, 3, ChattyJob.class.getName(),
        Map.of("steps", Integer.toString(steps), "stepMillis", "100"), 1, 256, 1000, null));

    await().atMost(PATIENCE).until(() -> !images.listLogSegments(jobId).isEmpty());
    assertThat(scheduler.finished).as("segments are stored while the attempt runs").doesNotContainKey(701L);

    assertThat(awaitFinished(701).outcome()).isEqualTo(AttemptFinished.SUCCEEDED);
    List<io.tern.image.LogLayout.Segment> segments = images.listLogSegments(jobId);
    assertThat(segments).as("shipped in several segments").hasSizeGreaterThan(1);
    long offset = 0;
    StringBuilder log = new StringBuilder();
    for (io.tern.image.LogLayout.Segment segment : segments) {
      assertThat(segment.attempt()).isEqualTo(3);
      assertThat(segment.offset()).as("segments follow each other without a gap").isEqualTo(offset);
      offset = segment.end();
      log.append(new String(images.readLogSegment(segment).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8));
    }
    List<String> lines = log.toString().lines().toList();
    assertThat(lines).allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z .*"));
    List<String> texts = lines.stream().map(l -> l.substring(25)).toList();
    assertThat(texts.stream().filter(t -> t.startsWith("line ")).toList()).as("stdout and ctx.log(), each line once, in order")
        .isEqualTo(java.util.stream.IntStream.range(0, steps).mapToObj(i -> "line " + i).toList());
    assertThat(texts).as("stderr too").contains("err 0", "err 50");
    assertThat(log.toString()).doesNotContain(s3.secretKey(), s3.accessKey(), FakeScheduler.JOIN_TOKEN, MANIFEST_KEY);
  }

  @Test
  void outputFilesAreInEveryCheckpointAndRollBackWithTheStateOnARestore() throws Exception {
    long work = 1000;
    Map<String, String> params = Map.of("lines", "400", "work", Long.toString(work), "minStepMillis", "20");
    scheduler.assign(new Assignment(801, 8, 1, NumberedLinesJob.class.getName(), params, 1, 256, CHECKPOINT_MILLIS,
        null));
    await().atMost(PATIENCE).until(() -> scheduler.commitsOf(801).size() >= 2);
    ProcessHandle process = jobProcess(801).orElseThrow();

    scheduler.kill(801);

    assertThat(awaitFinished(801).outcome()).isEqualTo(AttemptFinished.KILLED);
    await().atMost(PATIENCE).until(() -> !process.isAlive());
    for (FakeScheduler.Commit commit : scheduler.commitsOf(801)) {
      assertThat(outputText(commit)).isEqualTo(NumberedLinesJob.expectedLines(commit.metrics().step(), work));
    }
    List<FakeScheduler.Commit> commits = scheduler.commitsOf(801);
    FakeScheduler.Commit last = commits.get(commits.size() - 1);

    scheduler.assign(new Assignment(802, 8, 2, NumberedLinesJob.class.getName(), params, 1, 256, CHECKPOINT_MILLIS,
        new Assignment.RestorePoint(last.seq(), last.manifestKey())));

    AttemptFinished finished = awaitFinished(802);
    assertThat(finished.outcome()).isEqualTo(AttemptFinished.SUCCEEDED);
    assertThat(scheduler.started.get(802L).step()).isEqualTo(last.metrics().step());
    // the published file is that of an uninterrupted run of all 400 steps, stored before the end was reported
    assertThat(finished.outputsManifestKey()).isEqualTo(io.tern.image.ImageLayout.outputsManifestKey(8, 2));
    io.tern.image.Manifest published = images.readManifest(finished.outputsManifestKey());
    assertThat(published.codecId()).isEqualTo(io.tern.image.ImageDescriptor.OUTPUTS_CODEC);
    assertThat(published.files()).extracting(io.tern.image.OutputFile::path).containsExactly(NumberedLinesJob.FILE);
    try (var in = images.openOutput(finished.outputsManifestKey(), published, NumberedLinesJob.FILE)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(NumberedLinesJob.expectedLines(400, work));
    }
    // every checkpoint of the restored attempt holds the file of an uninterrupted run up to its step:
    // the lines attempt 801 wrote after its last checkpoint were rolled back, none is missing or twice
    assertThat(scheduler.commitsOf(802)).isNotEmpty().allSatisfy(commit -> assertThat(outputText(commit))
        .isEqualTo(NumberedLinesJob.expectedLines(commit.metrics().step(), work)));
  }

  @Test
  void staleAnswerToACommitKillsTheJobProcess() {
    scheduler.staleOnCommit.add(301L);
    scheduler.assign(assignment(301, 3, 1, params(LONG_JOB), null));
    await().atMost(PATIENCE).until(() -> scheduler.started.containsKey(301L));
    ProcessHandle process = jobProcess(301).orElseThrow();

    await().atMost(PATIENCE).until(() -> !scheduler.staleAnswers.isEmpty());

    await().atMost(PATIENCE).until(() -> !process.isAlive());
    await().atMost(PATIENCE).until(() -> !Files.exists(attemptDir(301)));
    assertThat(scheduler.commitsOf(301)).isEmpty();
  }

  @Test
  void jobProcessNeverSeesAnyCredential() throws IOException {
    scheduler.assign(assignment(401, 4, 1, params(LONG_JOB), null));
    await().atMost(PATIENCE).until(() -> scheduler.started.containsKey(401L));
    ProcessHandle process = jobProcess(401).orElseThrow();

    String commandLine = String.join(" ", process.info().arguments().orElseThrow());
    List<String> secrets = List.of(s3.secretKey(), s3.accessKey(), FakeScheduler.JOIN_TOKEN, FakeScheduler.WORKER_SECRET);
    assertThat(commandLine).contains("io.tern.sdk.internal.runtime.ChildMain");
    secrets.forEach(secret -> assertThat(commandLine).doesNotContain(secret));
    Path environ = Path.of("/proc", Long.toString(process.pid()), "environ");
    if (Files.isReadable(environ)) {
      String environment = new String(Files.readAllBytes(environ), StandardCharsets.UTF_8);
      secrets.forEach(secret -> assertThat(environment).doesNotContain(secret));
      assertThat(environment.split("\u0000"))
          .as("only PATH, LANG, TZ and HOME reach the job process")
          .allSatisfy(entry -> assertThat(entry.substring(0, entry.indexOf('=')))
              .isIn("PATH", "LANG", "TZ", "HOME"));
    }

    scheduler.kill(401);
    assertThat(awaitFinished(401).outcome()).isEqualTo(AttemptFinished.KILLED);
  }

  @Test
  void processKilledFromOutsideIsReportedFailedWithItsExitCode() {
    scheduler.assign(assignment(601, 6, 1, params(LONG_JOB), null));
    await().atMost(PATIENCE).until(() -> scheduler.started.containsKey(601L));

    jobProcess(601).orElseThrow().destroyForcibly(); // SIGKILL

    AttemptFinished finished = awaitFinished(601);
    assertThat(finished.outcome()).isEqualTo(AttemptFinished.FAILED);
    assertThat(finished.exitCode()).isEqualTo(137);
    assertThat(finished.error()).isEqualTo("process exited with code 137");
  }

  @Test
  void aMissingImageIsReportedCorruptAndTheJobStartsFreshWhenNoOtherCandidateIsLeft() {
    String key = ImageStore.manifestKey(5, 7);
    scheduler.assign(assignment(501, 5, 2, params(1_000), new Assignment.RestorePoint(7, key)));

    AttemptFinished finished = awaitFinished(501);

    assertThat(scheduler.corrupt.get(501L)).singleElement().satisfies(report -> {
      assertThat(report.reason()).isEqualTo("MANIFEST_MISSING");
      assertThat(report.detail()).contains(key);
    });
    assertThat(scheduler.started.get(501L).restoredFromSeq()).as("no candidate left: fresh start").isNull();
    assertThat(finished.outcome()).isEqualTo(AttemptFinished.SUCCEEDED);
  }

  private static String outputText(FakeScheduler.Commit commit) throws IOException {
    io.tern.image.Manifest manifest = images.readManifest(commit.manifestKey());
    assertThat(manifest.files()).extracting(io.tern.image.OutputFile::path).containsExactly(NumberedLinesJob.FILE);
    try (var in = images.openOutput(commit.manifestKey(), manifest, NumberedLinesJob.FILE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** About 10 ns per sample on the build machines: 100 million samples take about a second. */
  private static Map<String, String> params(long samples) {
    return Map.of("samples", Long.toString(samples), "samplesPerStep", "1000000", "seed", "42");
  }

  private static Assignment assignment(long attemptId, long jobId, int attemptNumber, Map<String, String> params,
      Assignment.RestorePoint restoreFrom) {
    return new Assignment(attemptId, jobId, attemptNumber, JOB_CLASS, params, 1, 256, CHECKPOINT_MILLIS, restoreFrom);
  }

  private static AttemptFinished awaitFinished(long attemptId) {
    await().atMost(PATIENCE).until(() -> scheduler.finished.containsKey(attemptId));
    return scheduler.finished.get(attemptId);
  }

  private static Path attemptDir(long attemptId) {
    return workDir.resolve("attempts").resolve(Long.toString(attemptId));
  }

  /** The job process of an attempt: a descendant of this JVM whose socket lies in the attempt's directory. */
  private static Optional<ProcessHandle> jobProcess(long attemptId) {
    String dir = attemptDir(attemptId).toString();
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(dir)).orElse(false))
        .findFirst();
  }

  /** The result of an uninterrupted run in this JVM, as the job process reports it. */
  private static String expectedResult(Map<String, String> params) {
    return EXPECTED.computeIfAbsent(params,
        p -> JsonWriter.write(JobTestKit.runUninterrupted(MonteCarloPiJob::new, p).result()));
  }
}
