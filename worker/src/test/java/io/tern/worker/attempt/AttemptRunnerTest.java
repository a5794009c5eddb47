package io.tern.worker.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.protocol.Assignment.RestorePoint;
import io.tern.protocol.Assignment;
import io.tern.protocol.Assignment.JobArtifact;
import io.tern.protocol.AttemptFinished;
import io.tern.sdk.internal.host.ChildOutcome;
import io.tern.testsupport.ManualClock;
import io.tern.testsupport.ManualScheduledExecutor;
import io.tern.worker.artifact.ArtifactCache;
import io.tern.worker.attempt.FakeJobLauncher.FakeProcess;
import io.tern.worker.scheduler.Backoff;
import io.tern.worker.scheduler.Retrier;
import io.tern.worker.scheduler.SchedulerRejectedException;
import io.tern.worker.scheduler.SchedulerUnavailableException;
import io.tern.worker.scheduler.StaleAttemptException;
import io.tern.worker.statemachine.TransitionTable.Transition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One attempt with a fake job process, fake image storage and a recording scheduler, on a manual clock
 * and executor: every behaviour below runs on the test's thread, in a known order. Together the tests
 * take every transition of {@link AttemptState#LIFECYCLE}; {@link #everyTransitionOfTheLifecycleIsTaken}
 * fails on any they do not (so it fails too when only some of the tests run).
 */
class AttemptRunnerTest {

  private static final Set<Transition<AttemptState, AttemptEvent>> TAKEN = ConcurrentHashMap.newKeySet();
  private static final long INTERVAL = 1000;

  @TempDir
  Path workDir;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final ManualScheduledExecutor executor = new ManualScheduledExecutor(clock);
  private final io.tern.worker.logs.MemoryLogSink logSink = new io.tern.worker.logs.MemoryLogSink();
  private final Deque<Runnable> commitQueue = new ArrayDeque<>();
  private final List<String> events = new ArrayList<>();
  private final RecordingScheduler scheduler = new RecordingScheduler(events);
  private final FakeImageSink images = new FakeImageSink(events);
  private final FakeJobLauncher jobs = new FakeJobLauncher(events);
  private AttemptRunner runner;
  /** Artifacts in the fake storage, by hex digest. */
  private final Map<String, byte[]> storedArtifacts = new ConcurrentHashMap<>();
  /** Downloads waiting to run; run by {@link #settle()} unless {@link #holdDownloads}. */
  private final Deque<Runnable> downloads = new ArrayDeque<>();
  private boolean holdDownloads;
  private ArtifactCache artifacts;
  private List<JobArtifact> jobArtifacts = List.of();

  @AfterAll
  static void everyTransitionOfTheLifecycleIsTaken() {
    Set<Transition<AttemptState, AttemptEvent>> untaken = new LinkedHashSet<>(AttemptState.LIFECYCLE.transitions());
    untaken.removeAll(TAKEN);
    assertThat(untaken).as("transitions no test takes").isEmpty();
  }

  // ---- start and restore ----------------------------------------------------------------------

  @Test
  void freshStartIsReportedCheckpointedEveryIntervalAndEndsSucceeded() {
    start();
    assertThat(runner.state()).isEqualTo(AttemptState.RUNNING);
    assertThat(scheduler.started).singleElement().satisfies(s -> assertThat(s.restoredFromSeq()).isNull());

    executor.advance(Duration.ofMillis(INTERVAL));
    settle();
    executor.advance(Duration.ofMillis(INTERVAL));
    settle();
    jobs.last().succeed("{\"pi\":3.14}");
    settle();

    // the output files are published (reusing the latest checkpoint's chunks) before the end is reported
    assertThat(events).containsExactly("launch 100", "started fresh", "begin 1", "write 1 after null", "commit 1",
        "begin 2", "write 2 after jobs/5/checkpoints/1", "commit 2", "write 0 after jobs/5/checkpoints/2",
        "finished SUCCEEDED");
    assertThat(scheduler.finished).singleElement().isEqualTo(
        new AttemptFinished(AttemptFinished.SUCCEEDED, "{\"pi\":3.14}", null, 0, "jobs/5/outputs/000002.json"));
    assertThat(images.outputs).containsEntry("jobs/5/outputs/000002.json", Map.of());
    assertThat(scheduler.commits).extracting(c -> c.step()).containsExactly(10L, 20L);
    assertThat(images.owners).as("chunks are reused only among the owner's images").containsExactly("team-a", "team-a", "team-a");
    assertThat(scheduler.commits.get(0).snapshotMillis()).isEqualTo(3);
    assertThat(runner.lastCommittedSeq()).isEqualTo(2);
    assertThat(runner.state()).isEqualTo(AttemptState.ENDED);
    assertThat(runner.done()).isCompleted();
    assertThat(workDir.resolve("attempts/11")).doesNotExist();
  }

  @Test
  void theJobsOutputIsShippedEveryShipIntervalAndItsLastLinesBeforeTheEndIsReported() throws IOException {
    start();
    java.nio.file.Path output = workDir.resolve("attempts/11").resolve(AttemptDirectories.OUTPUT_LOG);
    java.nio.file.Files.writeString(output, "line 1\n");
    executor.advance(io.tern.worker.logs.LogSettings.DEFAULTS.shipInterval());
    settle();
    assertThat(logSink.segments()).as("shipped on the interval while the job runs").singleElement()
        .satisfies(s -> assertThat(s.text()).endsWith(" line 1\n"));
    assertThat(logSink.segments().get(0).attempt()).as("under the attempt's number").isEqualTo(2);

    java.nio.file.Files.writeString(output, "line 2\nno newline", java.nio.file.StandardOpenOption.APPEND);
    logSink.failNext(1); // the last ship's first try fails; it is tried again
    jobs.last().succeed("{}");
    settle();

    assertThat(logSink.segments()).hasSize(2);
    assertThat(logSink.segments().stream().flatMap(seg -> seg.text().lines()).map(l -> l.substring(25)))
        .containsExactly("line 1", "line 2", "no newline");
    assertThat(events).last().isEqualTo("finished SUCCEEDED");
  }

  @Test
  void damagedNewestImageIsReportedAndTheJobRestoresFromThePreviousOneInANewProcess() {
    images.images.put(RecordingScheduler.manifestKey(3), "step 300".getBytes(StandardCharsets.UTF_8));
    images.images.put(RecordingScheduler.manifestKey(2), "step 200".getBytes(StandardCharsets.UTF_8));
    images.damaged.add(RecordingScheduler.manifestKey(3));

    start(new RestorePoint(3, RecordingScheduler.manifestKey(3)), new RestorePoint(2, RecordingScheduler.manifestKey(2)));

    assertThat(events).containsExactly("launch 100", "corrupt 3 CHUNK_MISMATCH", "kill 100", "launch 101",
        "started from 2");
    assertThat(jobs.launched.get(0).outcome()).isCompleted();
    assertThat(new String(jobs.last().restored, StandardCharsets.UTF_8)).isEqualTo("step 200");
    assertThat(scheduler.started.get(0).step()).isEqualTo(200);

    runner.checkpointTick();
    settle();
    assertThat(events).contains("write 1 after jobs/5/checkpoints/2", "commit 1");
  }

  @Test
  void missingImagesAreSkippedInTheSameProcessAndTheJobStartsFreshWhenNoneIsLeft() {
    start(new RestorePoint(3, RecordingScheduler.manifestKey(3)), new RestorePoint(2, RecordingScheduler.manifestKey(2)));

    assertThat(events).containsExactly("launch 100", "corrupt 3 MANIFEST_MISSING", "corrupt 2 MANIFEST_MISSING",
        "started fresh");
    assertThat(jobs.launched).hasSize(1);
  }

  @Test
  void aLaunchThatFailsEndsTheAttemptFailed() {
    jobs.launchFailures.add(new IOException("no java at /opt/java"));
    start();

    assertThat(scheduler.finished).singleElement().satisfies(f -> {
      assertThat(f.outcome()).isEqualTo(AttemptFinished.FAILED);
      assertThat(f.error()).isEqualTo("the worker could not launch the job process: no java at /opt/java");
    });
  }

  @Test
  void aJobThatCannotStartEndsTheAttemptFailedWithTheReason() {
    jobs.startFailure = new IOException("job class com.acme.Job not found");
    start();

    assertThat(events).containsExactly("launch 100", "kill 100", "finished FAILED");
    assertThat(scheduler.finished.get(0).error()).isEqualTo("the job process did not start: job class com.acme.Job not found");
  }

  static Stream<Arguments> ordersAfterAFailedStart() {
    return Stream.of(
        Arguments.of("kill", (Consumer<AttemptRunner>) AttemptRunner::kill, List.of("finished KILLED")),
        Arguments.of("vacate", (Consumer<AttemptRunner>) AttemptRunner::vacate, List.of("finished KILLED")),
        Arguments.of("abandon", (Consumer<AttemptRunner>) AttemptRunner::abandon, List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ordersAfterAFailedStart")
  void anOrderWhileAFailedStartIsStoppingDecidesTheReport(String order, Consumer<AttemptRunner> give,
      List<String> reported) {
    jobs.startFailure = new IOException("job class com.acme.Job not found");
    jobs.exitsOnKill = false;
    start();
    assertThat(runner.state()).isEqualTo(AttemptState.FAILED_TO_START);

    give.accept(runner);
    jobs.last().end(ChildOutcome.Kind.KILLED, 137);
    settle();

    assertThat(events.subList(2, events.size())).isEqualTo(reported);
    assertThat(runner.state()).isEqualTo(AttemptState.ENDED);
  }

  // ---- orders before and during the start -----------------------------------------------------

  @Test
  void killedBeforeItsProcessIsLaunchedIsReportedKilledWithoutAProcess() {
    runner = runner();
    runner.start();
    runner.kill();
    assertThat(runner.status().state()).isEqualTo("STARTING");
    settle();

    assertThat(events).containsExactly("finished KILLED");
    assertThat(scheduler.finished.get(0).error()).isEqualTo("killed before it started");
  }

  @Test
  void vacatedBeforeItsProcessIsLaunchedStopsAtOnce() {
    runner = runner();
    runner.start();
    runner.vacate();
    settle();

    assertThat(events).containsExactly("finished KILLED");
  }

  @Test
  void abandonedBeforeItsProcessIsLaunchedEndsUnreported() {
    runner = runner();
    runner.start();
    runner.abandon();
    settle();

    assertThat(events).isEmpty();
    assertThat(runner.done()).isCompleted();
    assertThat(runner.state()).isEqualTo(AttemptState.ENDED);
  }

  @Test
  void killedWhileTheJobStartsIsNeitherReportedStartedNorCheckpointed() {
    jobs.duringStart = () -> runner.kill();
    jobs.startsDespiteKill = true;
    start();
    executor.advance(Duration.ofMillis(3 * INTERVAL));
    settle();

    assertThat(events).containsExactly("launch 100", "kill 100", "finished KILLED");
  }

  @Test
  void killedWhileTheJobStartsAndItsStartFailsIsReportedKilled() {
    jobs.duringStart = () -> runner.kill();
    start();

    assertThat(events).containsExactly("launch 100", "kill 100", "finished KILLED");
  }

  @Test
  void abandonedWhileTheJobStartsIsNotReported() {
    jobs.duringStart = () -> runner.abandon();
    jobs.startsDespiteKill = true;
    start();

    assertThat(events).containsExactly("launch 100", "kill 100");
    assertThat(runner.state()).isEqualTo(AttemptState.ENDED);
  }

  @Test
  void abandonedWhileTheJobStartsAndItsStartFailsIsNotReported() {
    jobs.duringStart = () -> runner.abandon();
    start();

    assertThat(events).containsExactly("launch 100", "kill 100");
    assertThat(runner.state()).isEqualTo(AttemptState.ENDED);
  }

  @Test
  void staleAnswerToACorruptionReportDuringTheRestoreStopsTheAttemptUnreported() {
    scheduler.corruptReportFailures.add(new StaleAttemptException(11, "attempt 11 is not current"));
    start(new RestorePoint(3, RecordingScheduler.manifestKey(3)));

    assertThat(events).containsExactly("launch 100", "corrupt 3 MANIFEST_MISSING", "kill 100");
    assertThat(runner.state()).isEqualTo(AttemptState.ENDED);
  }

  // ---- checkpoints ----------------------------------------------------------------------------

  @Test
  void failedImageWriteAbortsTheCheckpointWithTheReasonTheJobRunsOnAndTheNextCheckpointCommits() {
    start();
    images.writeFailures.add(new IOException("S3 unreachable: connection refused"));

    assertThat(checkpoint()).isEqualTo(CheckpointOutcome.ABORTED_WRITE_FAILED);
    assertThat(runner.state()).isEqualTo(AttemptState.RUNNING);
    assertThat(jobs.last().isAlive()).isTrue();
    assertThat(runner.lastCommittedSeq()).isEqualTo(-1);

    assertThat(checkpoint()).isEqualTo(CheckpointOutcome.COMMITTED);
    assertThat(events.subList(2, events.size())).containsExactly("begin 1", "write 1 failed",
        "abort 1: writing the image failed: S3 unreachable: connection refused", "begin 2", "write 2 after null",
        "commit 2");
    assertThat(runner.lastCommittedSeq()).isEqualTo(2);
    assertThat(spoolFiles()).isEmpty();
  }

  @Test
  void commitRefusedByTheSchedulerIsAbortedWithTheReasonAndTheNextCheckpointCommits() {
    start();
    scheduler.commitFailures.add(new SchedulerRejectedException(400, "checkpoint 1 is not pending"));

    assertThat(checkpoint()).isEqualTo(CheckpointOutcome.ABORTED_COMMIT_REFUSED);
    assertThat(checkpoint()).isEqualTo(CheckpointOutcome.COMMITTED);

    assertThat(events.subList(2, events.size())).containsExactly("begin 1", "write 1 after null", "commit 1 failed",
        "abort 1: the scheduler refused the commit: checkpoint 1 is not pending", "begin 2", "write 2 after null",
        "commit 2");
  }

  @Test
  void aTickWhileTheCheckpointBeforeIsCommittingIsSkipped() {
    start();
    CompletableFuture<CheckpointOutcome> first = runner.checkpointTick();

    assertThat(runner.checkpointTick()).isCompletedWithValue(CheckpointOutcome.SKIPPED_BUSY);
    settle();
    assertThat(first).isCompletedWithValue(CheckpointOutcome.COMMITTED);
    assertThat(events).filteredOn(e -> e.startsWith("begin")).containsExactly("begin 1");
  }

  @Test
  void checkpointNotGrantedBySchedulerIsSkipped() {
    start();
    scheduler.beginFailures.add(new SchedulerRejectedException(409, "job is being cancelled"));

    assertThat(checkpoint()).isEqualTo(CheckpointOutcome.SKIPPED_NOT_GRANTED);
    assertThat(runner.state()).isEqualTo(AttemptState.RUNNING);
  }

  @Test
  void processDyingDuringASnapshotEndsTheAttemptWithoutAnyHalfCommit() {
    start();
    jobs.last().diesDuringSnapshot = true;

    assertThat(checkpoint()).isEqualTo(CheckpointOutcome.ABORTED_PROCESS_ENDED);

    assertThat(events.subList(2, events.size())).containsExactly("begin 1",
        "abort 1: snapshot failed: the child process ended (exit code 137)", "finished FAILED");
    assertThat(scheduler.finished.get(0).error()).isEqualTo("process exited with code 137");
    assertThat(images.images).isEmpty();
    assertThat(spoolFiles()).isEmpty();
    assertThat(runner.state()).isEqualTo(AttemptState.ENDED);
  }

  @Test
  void staleAnswerToACheckpointKillsTheProcessAndReportsNothingMore() {
    start();
    scheduler.beginFailures.add(new StaleAttemptException(11, "attempt 11 is not current"));

    assertThat(checkpoint()).isEqualTo(CheckpointOutcome.STALE);

    assertThat(events.subList(2, events.size())).containsExactly("begin refused", "kill 100");
    assertThat(runner.state()).isEqualTo(AttemptState.ENDED);
  }

  // ---- kill, vacate, abandon ------------------------------------------------------------------

  @Test
  void killWhileRunningIsReportedKilled() {
    start();
    runner.kill();
    settle();

    assertThat(events.subList(2, events.size())).containsExactly("kill 100", "finished KILLED");
    assertThat(scheduler.finished.get(0).error()).isEqualTo("killed on the scheduler's order");
  }

  @Test
  void vacateDuringACommitLetsItFinishThenTakesTheLastCheckpointThenStops() {
    start();
    runner.checkpointTick(); // checkpoint 1: snapshot taken, its commit waits for the commit executor

    runner.vacate();
    runner.vacate();
    executor.runDue();
    assertThat(runner.state()).isEqualTo(AttemptState.VACATING);
    assertThat(events).doesNotContain("begin 2");
    assertThat(runner.checkpointTick()).isCompletedWithValue(CheckpointOutcome.SKIPPED_NOT_RUNNING);

    settle();

    assertThat(events.subList(2, events.size())).containsExactly("begin 1", "write 1 after null", "commit 1",
        "begin 2", "write 2 after jobs/5/checkpoints/1", "commit 2", "kill 100", "finished KILLED");
    assertThat(runner.lastCommittedSeq()).isEqualTo(2);
  }

  @Test
  void vacateDuringACommitThatFailsStillTakesTheLastCheckpoint() {
    start();
    images.writeFailures.add(new IOException("S3 unreachable"));
    runner.checkpointTick();

    runner.vacate();
    settle();

    assertThat(events.subList(2, events.size())).containsExactly("begin 1", "write 1 failed",
        "abort 1: writing the image failed: S3 unreachable", "begin 2", "write 2 after null", "commit 2", "kill 100",
        "finished KILLED");
  }

  @Test
  void killDuringAVacateStopsAtOnceAndTheCommitInFlightFinishes() {
    start();
    jobs.exitsOnKill = false;
    runner.checkpointTick();
    runner.vacate();

    runner.kill();
    assertThat(runner.state()).isEqualTo(AttemptState.KILLING);
    jobs.last().end(ChildOutcome.Kind.KILLED, 137);
    settle();

    assertThat(events.subList(2, events.size())).containsExactly("begin 1", "kill 100", "write 1 after null",
        "commit 1", "finished KILLED");
  }

  @Test
  void processDyingDuringAVacateIsReportedKilled() {
    start();
    runner.checkpointTick();
    runner.vacate();

    jobs.last().end(ChildOutcome.Kind.DIED, 137);
    settle();

    assertThat(events.subList(2, events.size())).containsExactly("begin 1", "write 1 after null", "commit 1",
        "finished KILLED");
  }

  @Test
  void abandonDuringAVacateGivesUpTheCommitAndReportsNothing() {
    start();
    scheduler.commitFailures.add(new SchedulerUnavailableException("scheduler down", null));
    CompletableFuture<CheckpointOutcome> first = runner.checkpointTick();
    runner.vacate();
    settle(); // the commit failed once and waits for its retry

    runner.abandon();
    executor.advance(Duration.ofSeconds(2));
    settle();

    assertThat(first).isCompletedWithValue(CheckpointOutcome.GIVEN_UP);
    assertThat(events.subList(2, events.size())).containsExactly("begin 1", "write 1 after null", "commit 1 failed",
        "kill 100");
    assertThat(runner.state()).isEqualTo(AttemptState.ENDED);
  }

  @Test
  void ordersToAnAttemptAlreadyStoppingChangeNothingAndAnAbandonSilencesIt() {
    start();
    jobs.exitsOnKill = false;

    runner.kill();
    runner.kill();
    runner.vacate();
    assertThat(runner.state()).isEqualTo(AttemptState.KILLING);
    runner.abandon();
    runner.kill();
    runner.vacate();
    runner.abandon();
    assertThat(runner.state()).isEqualTo(AttemptState.DISOWNED);

    jobs.last().end(ChildOutcome.Kind.KILLED, 137);
    runner.kill();
    runner.vacate();
    runner.abandon();
    assertThat(runner.state()).isEqualTo(AttemptState.ENDING_DISOWNED);
    settle();
    runner.kill();
    runner.vacate();
    runner.abandon();

    assertThat(runner.state()).isEqualTo(AttemptState.ENDED);
    assertThat(events.subList(2, events.size())).containsExactly("kill 100");
    assertThat(runner.done()).isCompleted();
  }

  @Test
  void ordersToAnEndingAttemptChangeNothing() {
    start();
    jobs.last().succeed("{}");
    assertThat(runner.state()).isEqualTo(AttemptState.ENDING);

    runner.kill();
    runner.vacate();
    settle();

    assertThat(events.subList(2, events.size())).containsExactly("write 0 after null", "finished SUCCEEDED");
  }

  @Test
  void outputFilesThatCannotBeStoredMakeTheAttemptFailedWithTheReasonNotSucceeded() {
    start();
    for (int i = 0; i < OutputsPublisher.TRIES; i++) {
      images.writeFailures.add(new IOException("S3 unreachable: connection refused"));
    }
    jobs.last().succeed("{}");
    settle();

    assertThat(events.subList(2, events.size())).containsExactly("write 0 failed", "write 0 failed", "write 0 failed",
        "finished FAILED");
    assertThat(scheduler.finished).singleElement().isEqualTo(new AttemptFinished(AttemptFinished.FAILED, null,
        "the job's output files could not be stored: S3 unreachable: connection refused", 0));
  }

  @Test
  void aStoreOfTheOutputFilesThatFailsOnceIsTriedAgain() {
    start();
    images.writeFailures.add(new IOException("S3 unreachable: connection refused"));
    jobs.last().succeed("{}");
    settle();

    assertThat(events.subList(2, events.size())).containsExactly("write 0 failed", "write 0 after null",
        "finished SUCCEEDED");
    assertThat(scheduler.finished).singleElement().extracting(AttemptFinished::outputsManifestKey)
        .isEqualTo("jobs/5/outputs/000002.json");
  }

  @Test
  void abandonWhileTheEndIsPendingLeavesItUnreported() {
    start();
    jobs.last().succeed("{}");

    runner.abandon();
    settle();

    assertThat(events.subList(2, events.size())).isEmpty();
    assertThat(runner.state()).isEqualTo(AttemptState.ENDED);
  }

  @Test
  void staleAnswerToTheFinishedReportEndsTheAttempt() {
    start();
    scheduler.finishedFailures.add(new StaleAttemptException(11, "attempt 11 is not current"));
    jobs.last().succeed("{}");
    settle();

    assertThat(events.subList(2, events.size())).containsExactly("write 0 after null", "finished refused");
    assertThat(runner.state()).isEqualTo(AttemptState.ENDED);
    assertThat(runner.done()).isCompleted();
  }

  @Test
  void heartbeatStatusFollowsTheLifecycle() {
    runner = runner();
    assertThat(runner.status().state()).isEqualTo("STARTING");
    runner.start();
    settle();
    assertThat(runner.status().state()).isEqualTo("RUNNING");
    checkpoint();
    assertThat(runner.status().step()).isEqualTo(10);
    jobs.exitsOnKill = false;
    runner.kill();
    assertThat(runner.status().state()).isEqualTo("RUNNING");
    jobs.last().end(ChildOutcome.Kind.KILLED, 137);
    assertThat(runner.status().state()).isEqualTo("ENDING");
  }

  // ---- artifacts ------------------------------------------------------------------------------

  @Test
  void aJobWithArtifactsIsLaunchedWithItsVerifiedJarsInClassPathOrder() throws IOException {
    JobArtifact app = storedArtifact("the application jar");
    JobArtifact library = storedArtifact("a library jar");
    jobArtifacts = List.of(app, library);

    start();

    Path cache = workDir.resolve("artifacts");
    assertThat(jobs.artifactJars).singleElement().isEqualTo(List.of(
        cache.resolve(app.sha256Hex() + ".jar"), cache.resolve(library.sha256Hex() + ".jar")));
    assertThat(Files.readString(cache.resolve(app.sha256Hex() + ".jar"))).isEqualTo("the application jar");
    assertThat(events).containsExactly("launch 100", "started fresh");
  }

  @Test
  void anArtifactThatCannotBeFetchedFailsTheAttemptWithTheReasonAndNoProcessIsLaunched() {
    JobArtifact app = storedArtifact("the application jar");
    storedArtifacts.put(app.sha256Hex(), "damaged in storage!".getBytes(StandardCharsets.UTF_8));
    jobArtifacts = List.of(app);

    start();
    for (int retry = 1; retry < ArtifactCache.FETCH_TRIES; retry++) {
      assertThat(scheduler.finished).as("still fetching").isEmpty();
      executor.advance(Duration.ofSeconds(1));
      settle();
    }

    assertThat(jobs.launched).isEmpty();
    assertThat(scheduler.started).isEmpty();
    assertThat(scheduler.finished).singleElement().satisfies(f -> {
      assertThat(f.outcome()).isEqualTo(AttemptFinished.FAILED);
      assertThat(f.error()).startsWith("artifact " + app.digest() + " could not be fetched: ")
          .contains("SHA-256").contains(ArtifactCache.FETCH_TRIES + " downloads failed");
    });
    assertThat(runner.state()).isEqualTo(AttemptState.ENDED);
  }

  @Test
  void aKillWhileTheArtifactsAreFetchedEndsTheAttemptKilledAtOnceWithoutAProcess() {
    jobArtifacts = List.of(storedArtifact("the application jar"));
    holdDownloads = true;
    start();
    assertThat(downloads).as("the download is under way").hasSize(1);
    assertThat(runner.status().state()).isEqualTo("STARTING");

    runner.kill();
    settle();

    assertThat(events).containsExactly("finished KILLED");
    assertThat(runner.state()).isEqualTo(AttemptState.ENDED);
    holdDownloads = false;
    settle();
    assertThat(jobs.launched).as("no process once the download is over").isEmpty();
    assertThat(artifacts.storedBytes()).as("the download still fills the cache").isEqualTo(19);
  }

  // ---- harness --------------------------------------------------------------------------------

  private AttemptRunner runner(RestorePoint... candidates) {
    artifacts = new ArtifactCache(workDir.resolve("artifacts"), 1 << 20,
        hex -> new ByteArrayInputStream(storedArtifacts.get(hex)), downloads::add, executor,
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> 0.5), clock);
    try {
      artifacts.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AttemptServices services = new AttemptServices(scheduler, images, artifacts, jobs, new AttemptDirectories(workDir),
        executor, executor, commitQueue::add,
        new Retrier(executor, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), () -> 0.5)), clock,
        new io.tern.worker.logs.LogShipping(logSink, io.tern.worker.logs.LogSettings.DEFAULTS, clock));
    Assignment assignment = new Assignment(11, 5, 2, "com.acme.Job", Map.of(), 1, 256, INTERVAL,
        candidates.length == 0 ? null : candidates[0], List.of(candidates), "team-a", jobArtifacts);
    return new AttemptRunner(7, assignment, services, TAKEN::add);
  }

  /** Puts {@code content} into the fake storage; returns it as an artifact of the job. */
  private JobArtifact storedArtifact(String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    String hex = sha256(bytes);
    storedArtifacts.put(hex, bytes);
    return new JobArtifact("sha256:" + hex, bytes.length);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void start(RestorePoint... candidates) {
    runner = runner(candidates);
    runner.start();
    settle();
  }

  /** One checkpoint, run to its end. */
  private CheckpointOutcome checkpoint() {
    CompletableFuture<CheckpointOutcome> outcome = runner.checkpointTick();
    settle();
    return outcome.getNow(null);
  }

  /** Runs what is due now on the executor and the commit queue until neither has anything left. */
  private void settle() {
    do {
      executor.runDue();
      while (!commitQueue.isEmpty()) {
        commitQueue.poll().run();
      }
      while (!holdDownloads && !downloads.isEmpty()) {
        downloads.poll().run();
      }
      executor.runDue();
    } while (!commitQueue.isEmpty() || !holdDownloads && !downloads.isEmpty());
  }

  private List<Path> spoolFiles() {
    Path dir = workDir.resolve("attempts/11");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".spool")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
