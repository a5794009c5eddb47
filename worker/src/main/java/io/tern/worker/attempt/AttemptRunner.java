package io.tern.worker.attempt;

import io.tern.image.CorruptImageException;
import io.tern.image.ImageDescriptor;
import io.tern.image.ImageNotFoundException;
import io.tern.image.ImageWriteResult;
import io.tern.protocol.Assignment;
import io.tern.protocol.AttemptFinished;
import io.tern.protocol.AttemptStarted;
import io.tern.protocol.CheckpointBeginResponse;
import io.tern.protocol.CheckpointCommit;
import io.tern.protocol.CheckpointCorrupt;
import io.tern.protocol.Heartbeat;
import io.tern.sdk.internal.host.ChildListener;
import io.tern.sdk.internal.host.ChildOutcome;
import io.tern.sdk.internal.host.ChildProcess;
import io.tern.sdk.internal.host.ChildProcessSpec;
import io.tern.sdk.internal.host.ReadyInfo;
import io.tern.sdk.internal.host.SnapshotInfo;
import io.tern.worker.agent.RunningAttempt;
import io.tern.worker.scheduler.SchedulerRejectedException;
import io.tern.worker.scheduler.SchedulerUnavailableException;
import io.tern.worker.scheduler.StaleAttemptException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt: creates its private directory, launches the job process (restoring it from the
 * assigned checkpoint, if any), reports it started, checkpoints it every
 * {@code checkpointIntervalMillis} and reports how it ended.
 *
 * <p>A checkpoint: {@code POST .../checkpoints} (seq and manifest key), snapshot into a spool file in the
 * attempt directory (the job is paused only for this), then — on the commit executor, while the job runs
 * on — write the image to storage, delete the spool and {@code PUT .../checkpoints/{seq}} with the
 * metrics; a failed write is aborted with {@code DELETE}. A tick that comes while the previous
 * checkpoint is still being committed is skipped. When the scheduler says the attempt is stale, its
 * process is killed and nothing more is reported.
 */
public final class AttemptRunner implements RunningAttempt {

  private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);
  private static final Logger jobLog = LoggerFactory.getLogger("io.tern.worker.job");

  /** What the runner is doing, as listed in heartbeats. */
  public enum Phase {
    /** Launching the process and restoring its state. */
    STARTING,
    /** The job runs. */
    RUNNING,
    /** The process has ended; its end is being reported. */
    ENDING
  }

  private final long workerId;
  private final Assignment assignment;
  private final long attemptId;
  private final AttemptServices services;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicBoolean committing = new AtomicBoolean();
  private final AtomicBoolean vacateOrdered = new AtomicBoolean();
  private final Object tickLock = new Object();

  private volatile Phase phase = Phase.STARTING;
  private volatile ChildProcess child;
  private volatile Path dir;
  private volatile boolean killOrdered;
  private volatile boolean abandoned;
  private volatile boolean stale;
  private volatile String setupFailure;
  private volatile ScheduledFuture<?> ticks;
  private volatile CompletableFuture<Void> commitInFlight = CompletableFuture.completedFuture(null);
  private volatile long lastCommittedSeq = -1;
  /** The job's latest committed image known to this attempt: the restore point, then each new commit. */
  private volatile String previousManifestKey;
  /** Size of the latest snapshot, to decide whether the next one fits the memory spool. */
  private volatile long lastSnapshotBytes;
  /** False once a snapshot did not fit the memory spool. */
  private volatile boolean spoolToMemory = true;

  /**
   * @param workerId the id this worker is registered under
   * @param assignment what to run
   * @param services what the runners of this worker share
   */
  public AttemptRunner(long workerId, Assignment assignment, AttemptServices services) {
    this.workerId = workerId;
    this.assignment = assignment;
    this.attemptId = assignment.attemptId();
    this.services = services;
  }

  /** Starts the attempt on the launcher executor; returns at once. */
  public void start() {
    services.launcher().execute(this::launch);
  }

  @Override
  public long attemptId() {
    return attemptId;
  }

  @Override
  public int slots() {
    return assignment.slots();
  }

  /** The current phase. */
  public Phase phase() {
    return phase;
  }

  /** The sequence number of the last checkpoint this attempt committed, or -1. */
  public long lastCommittedSeq() {
    return lastCommittedSeq;
  }

  @Override
  public Heartbeat.AttemptStatus status() {
    ChildProcess c = child;
    return c == null
        ? new Heartbeat.AttemptStatus(attemptId, phase.name(), 0, Double.NaN)
        : new Heartbeat.AttemptStatus(attemptId, phase.name(), c.lastStep(), c.lastProgress());
  }

  @Override
  public void kill() {
    killOrdered = true;
    killChild();
  }

  /**
   * Vacates: waits for a checkpoint in flight to commit, takes one more checkpoint and waits for its
   * commit, then stops the process; the attempt is reported KILLED. An attempt still starting has
   * made no progress since its restore point and is stopped at once. A kill order that comes
   * meanwhile stops the process at once (the checkpoint in flight is then aborted by the scheduler).
   */
  @Override
  public void vacate() {
    if (!vacateOrdered.compareAndSet(false, true)) {
      return;
    }
    killOrdered = true;
    log.info("attempt {}: vacating (checkpoint, then stop) on the scheduler's order", attemptId);
    services.launcher().execute(() -> {
      try {
        synchronized (tickLock) {
          commitInFlight.handle((ok, error) -> null).join();
          if (phase == Phase.RUNNING && active()) {
            checkpoint();
          }
        }
        commitInFlight.handle((ok, error) -> null).join();
      } catch (RuntimeException e) {
        log.warn("attempt {}: vacate checkpoint failed, stopping anyway: {}", attemptId, e.toString());
      } finally {
        killChild();
      }
    });
  }

  @Override
  public void abandon() {
    abandoned = true;
    killChild();
  }

  @Override
  public CompletableFuture<Void> done() {
    return done;
  }

  // ---- start-up -------------------------------------------------------------------------------

  private void launch() {
    if (abandoned || killOrdered) {
      endWithoutProcess(new AttemptFinished(AttemptFinished.KILLED, null, "killed before it started", null));
      return;
    }
    try {
      dir = services.directories().create(attemptId);
    } catch (IOException | RuntimeException e) {
      log.error("attempt {}: cannot create its directory", attemptId, e);
      endWithoutProcess(new AttemptFinished(AttemptFinished.FAILED, null,
          "the worker could not launch the job process: " + e.getMessage(), null));
      return;
    }
    List<Assignment.RestorePoint> candidates = assignment.restoreCandidates();
    int next = 0;
    while (true) {
      ChildProcess c;
      try {
        c = ChildProcess.launch(spec(dir), new Listener());
      } catch (IOException | RuntimeException e) {
        log.error("attempt {}: cannot launch the job process", attemptId, e);
        endWithoutProcess(new AttemptFinished(AttemptFinished.FAILED, null,
            "the worker could not launch the job process: " + e.getMessage(), null));
        return;
      }
      child = c;
      if (abandoned || killOrdered) {
        c.outcome().whenComplete(this::onExit);
        c.kill();
        return;
      }
      log.info("attempt {} (job {}, attempt #{}): process {} launched for {}",
          attemptId, assignment.jobId(), assignment.attemptNumber(), c.pid(), assignment.jobClass());
      try {
        StartOutcome outcome = startJob(c, candidates, next);
        if (outcome.started() == null) {
          // The image at outcome.nextCandidate() - 1 was damaged after the child had read part of it:
          // that process cannot be reused; start a new one for the next candidate.
          next = outcome.nextCandidate();
          c.kill();
          c.outcome().join();
          continue;
        }
        c.outcome().whenComplete(this::onExit);
        AttemptStarted started = outcome.started();
        phase = Phase.RUNNING;
        log.info("attempt {} started at step {}{}", attemptId, started.step(), started.restoredFromSeq() == null ? ""
            : " from checkpoint " + started.restoredFromSeq() + " (" + started.restoredBytes() + " bytes in "
                + started.restoreMillis() + " ms)");
        report("report started of attempt " + attemptId,
            () -> services.scheduler().started(workerId, attemptId, started));
        scheduleCheckpoints();
      } catch (IOException | RuntimeException e) {
        c.outcome().whenComplete(this::onExit);
        setupFailure = "the job process did not start: " + e.getMessage();
        log.warn("attempt {}: {}", attemptId, setupFailure, e);
        c.kill();
      }
      return;
    }
  }

  /**
   * {@code started} is null when the child read part of a damaged image; then {@code nextCandidate}
   * is where a new child should continue.
   */
  private record StartOutcome(AttemptStarted started, int nextCandidate) {}

  private ChildProcessSpec spec(Path attemptDir) {
    Map<String, String> parameters = assignment.parameters() == null ? Map.of() : assignment.parameters();
    return new ChildProcessSpec(services.javaExecutable(), services.classpath(), assignment.memoryMb(), attemptDir,
        Long.toString(assignment.jobId()), assignment.attemptNumber(), assignment.jobClass(), parameters,
        services.jobJvmOptions());
  }

  /**
   * Starts the job from the first intact image among {@code candidates} (from index {@code from}),
   * or fresh when none is left. A candidate whose manifest is missing or invalid is reported corrupt
   * and skipped on the same process; one found damaged while streaming is reported and the process
   * must be replaced (the answer's {@code started} is then null).
   */
  private StartOutcome startJob(ChildProcess c, List<Assignment.RestorePoint> candidates, int from)
      throws IOException {
    for (int i = from; i < candidates.size(); i++) {
      Assignment.RestorePoint candidate = candidates.get(i);
      long begin = services.clock().millis();
      boolean sent = false;
      try (InputStream image = services.images().openForRestore(candidate.manifestKey())) {
        sent = true;
        ReadyInfo ready = c.start(image);
        long millis = services.clock().millis() - begin;
        previousManifestKey = candidate.manifestKey();
        return new StartOutcome(new AttemptStarted(candidate.seq(), millis, ready.restoredBytes(), ready.step()), i + 1);
      } catch (IOException e) {
        IOException imageProblem = imageProblem(e);
        if (imageProblem == null) {
          throw e;
        }
        log.warn("attempt {}: cannot restore checkpoint {} ({}), trying {}: {}", attemptId, candidate.seq(),
            candidate.manifestKey(), i + 1 < candidates.size() ? "checkpoint " + candidates.get(i + 1).seq()
                : "a fresh start", imageProblem.getMessage());
        reportCorrupt(candidate, imageProblem);
        if (sent) {
          return new StartOutcome(null, i + 1);
        }
      }
    }
    ReadyInfo ready = c.start(null);
    return new StartOutcome(new AttemptStarted(null, 0, 0, ready.step()), candidates.size());
  }

  private void reportCorrupt(Assignment.RestorePoint candidate, IOException problem) {
    CheckpointCorrupt report = problem instanceof CorruptImageException corrupt
        ? new CheckpointCorrupt(corrupt.reason().name(), corrupt.chunkIndex() < 0 ? null : corrupt.chunkIndex(),
            corrupt.chunkHash(), corrupt.getMessage())
        : new CheckpointCorrupt("MANIFEST_MISSING", null, null, problem.getMessage());
    try {
      services.scheduler().reportCorruptCheckpoint(workerId, attemptId, candidate.seq(), report);
    } catch (StaleAttemptException e) {
      onStale(e);
    } catch (RuntimeException e) {
      log.warn("attempt {}: could not report checkpoint {} corrupt: {}", attemptId, candidate.seq(), e.getMessage());
    }
  }

  private static IOException imageProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CorruptImageException || t instanceof ImageNotFoundException) {
        return (IOException) t;
      }
    }
    return null;
  }

  // ---- checkpoints ----------------------------------------------------------------------------

  private void scheduleCheckpoints() {
    long interval = assignment.checkpointIntervalMillis();
    if (interval <= 0) {
      return;
    }
    ticks = services.timer().scheduleAtFixedRate(this::checkpointTick, interval, interval, TimeUnit.MILLISECONDS);
    if (ended.get()) {
      ticks.cancel(false);
    }
  }

  /** One checkpoint timer tick. Never throws: an exception would end the periodic task. */
  void checkpointTick() {
    try {
      synchronized (tickLock) {
        if (phase == Phase.RUNNING && active()) {
          checkpoint();
        }
      }
    } catch (RuntimeException e) {
      log.error("attempt {}: checkpoint tick failed", attemptId, e);
    }
  }

  private void checkpoint() {
    if (!committing.compareAndSet(false, true)) {
      log.debug("attempt {}: previous checkpoint still committing, tick skipped", attemptId);
      return;
    }
    boolean handedOff = false;
    CheckpointBeginResponse begin = null;
    Path spool = null;
    try {
      begin = services.scheduler().beginCheckpoint(workerId, attemptId);
      spool = services.directories().spool().fileFor(attemptId, begin.seq(), dir, lastSnapshotBytes, spoolToMemory);
      SnapshotInfo snapshot;
      try (OutputStream out = new BufferedOutputStream(
          Files.newOutputStream(spool, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
        snapshot = child.snapshot(out);
      } catch (IOException e) {
        if (services.directories().spool().isInMemory(spool)) {
          spoolToMemory = false; // it did not fit: later snapshots of this attempt go to disk
        }
        throw e;
      }
      lastSnapshotBytes = Files.size(spool);
      long snapshotEnd = services.clock().millis();
      CheckpointBeginResponse pending = begin;
      Path file = spool;
      commitInFlight = CompletableFuture
          .runAsync(() -> commit(pending, file, snapshot, snapshotEnd), services.commits())
          .whenComplete((ok, failure) -> committing.set(false));
      handedOff = true;
    } catch (StaleAttemptException e) {
      onStale(e);
    } catch (SchedulerUnavailableException | SchedulerRejectedException e) {
      log.warn("attempt {}: checkpoint skipped, the scheduler did not grant it: {}", attemptId, e.getMessage());
    } catch (IOException | RuntimeException e) {
      if (processAlive()) {
        log.warn("attempt {}: snapshot failed: {}", attemptId, e.toString());
      } else {
        log.info("attempt {}: no snapshot, the job process has ended: {}", attemptId, e.getMessage());
      }
      if (begin != null) {
        abort(begin.seq(), "snapshot failed: " + e.getMessage());
      }
    } finally {
      if (!handedOff) {
        deleteQuietly(spool);
        committing.set(false);
      }
    }
  }

  private void commit(CheckpointBeginResponse begin, Path spool, SnapshotInfo snapshot, long snapshotEnd) {
    long seq = begin.seq();
    ImageWriteResult written;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(spool), 1 << 16)) {
      ImageDescriptor descriptor = new ImageDescriptor(assignment.jobId(), assignment.attemptNumber(), seq,
          snapshot.step(), snapshot.codecId());
      written = services.images().write(descriptor, begin.manifestKey(), in, previousManifestKey);
    } catch (IOException | RuntimeException e) {
      log.warn("attempt {}: writing checkpoint {} failed, aborting it: {}", attemptId, seq, e.toString());
      abort(seq, "writing the image failed: " + e.getMessage());
      return;
    } finally {
      deleteQuietly(spool);
    }
    long commitMillis = services.clock().millis() - snapshotEnd;
    CheckpointCommit metrics = new CheckpointCommit(snapshot.step(), nanosToMillis(snapshot.pauseNanos()),
        commitMillis, written.logicalBytes(), written.storedBytes(), written.uploadedBytes(), written.chunks(),
        written.chunksReused(), written.chunksRefreshed());
    try {
      services.retrier().retry("commit checkpoint " + seq + " of attempt " + attemptId, () -> {
        services.scheduler().commitCheckpoint(workerId, attemptId, seq, metrics);
        return null;
      }, () -> !abandoned && !stale).join();
      lastCommittedSeq = seq;
      previousManifestKey = begin.manifestKey();
      log.info("attempt {}: checkpoint {} committed at step {} ({} bytes, paused {} ms, commit {} ms, {} of {} chunks new)",
          attemptId, seq, snapshot.step(), written.logicalBytes(), metrics.snapshotMillis(), commitMillis,
          written.chunks() - written.chunksReused(), written.chunks());
    } catch (CancellationException e) {
      log.info("attempt {}: commit of checkpoint {} given up, the attempt is over", attemptId, seq);
    } catch (CompletionException e) {
      if (e.getCause() instanceof StaleAttemptException stale) {
        onStale(stale);
      } else {
        log.warn("attempt {}: commit of checkpoint {} refused: {}", attemptId, seq, e.getCause().getMessage());
        abort(seq, "the scheduler refused the commit: " + e.getCause().getMessage());
      }
    }
  }

  private void abort(long seq, String reason) {
    try {
      services.scheduler().abortCheckpoint(workerId, attemptId, seq, reason);
    } catch (RuntimeException e) {
      log.warn("attempt {}: could not abort checkpoint {}: {}", attemptId, seq, e.getMessage());
    }
  }

  private static long nanosToMillis(long nanos) {
    return Math.round(nanos / 1_000_000.0);
  }

  // ---- the end --------------------------------------------------------------------------------

  private void onStale(StaleAttemptException e) {
    log.warn("attempt {}: the scheduler says it is stale, killing its process: {}", attemptId, e.getMessage());
    stale = true;
    killChild();
  }

  private void killChild() {
    ChildProcess c = child;
    if (c != null) {
      c.kill();
    }
  }

  private boolean processAlive() {
    ChildProcess c = child;
    return c != null && !c.outcome().isDone() && ProcessHandle.of(c.pid()).map(ProcessHandle::isAlive).orElse(false);
  }

  private boolean active() {
    return !abandoned && !stale && !ended.get();
  }

  private void onExit(ChildOutcome outcome, Throwable failure) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    phase = Phase.ENDING;
    ScheduledFuture<?> t = ticks;
    if (t != null) {
      t.cancel(false);
    }
    // Not on the thread that completed the outcome: wait for a tick in progress and the commit in flight.
    CompletableFuture.runAsync(() -> {
      CompletableFuture<Void> commit;
      synchronized (tickLock) {
        commit = commitInFlight;
      }
      commit.handle((ok, error) -> null).join();
      finish(describe(outcome, failure));
    }, services.launcher()).exceptionally(e -> {
      log.error("attempt {}: ending failed", attemptId, e);
      done.complete(null);
      return null;
    });
  }

  private AttemptFinished describe(ChildOutcome outcome, Throwable failure) {
    if (outcome == null) {
      return new AttemptFinished(AttemptFinished.FAILED, null, setupFailure != null ? setupFailure
          : "the job process ended abnormally: " + failure, null);
    }
    return switch (outcome.kind()) {
      case SUCCEEDED -> new AttemptFinished(AttemptFinished.SUCCEEDED, outcome.resultJson(), null, outcome.exitCode());
      case FAILED -> new AttemptFinished(AttemptFinished.FAILED, null,
          outcome.error() != null ? outcome.error() : setupFailure, outcome.exitCode());
      case KILLED, DIED -> {
        if (killOrdered || stale) {
          yield new AttemptFinished(AttemptFinished.KILLED, null, "killed on the scheduler's order", outcome.exitCode());
        }
        if (setupFailure != null) {
          yield new AttemptFinished(AttemptFinished.FAILED, null, setupFailure, outcome.exitCode());
        }
        yield new AttemptFinished(AttemptFinished.FAILED, null,
            "process exited with code " + outcome.exitCode(), outcome.exitCode());
      }
    };
  }

  private void endWithoutProcess(AttemptFinished finished) {
    if (ended.compareAndSet(false, true)) {
      phase = Phase.ENDING;
      finish(finished);
    }
  }

  private void finish(AttemptFinished finished) {
    try {
      services.directories().archiveAndDelete(attemptId);
    } catch (IOException e) {
      log.warn("attempt {}: could not clean up {}: {}", attemptId, services.directories().dirOf(attemptId), e.toString());
    }
    if (abandoned || stale) {
      log.info("attempt {} ended ({}), not reported: {}", attemptId, finished.outcome(),
          abandoned ? "abandoned by the worker" : "stale");
      done.complete(null);
      return;
    }
    log.info("attempt {} ended: {}{}", attemptId, finished.outcome(),
        finished.error() == null ? "" : " - " + finished.error());
    report("report finished of attempt " + attemptId,
        () -> services.scheduler().finished(workerId, attemptId, finished))
        .whenComplete((ok, error) -> done.complete(null));
  }

  private CompletableFuture<Void> report(String what, Runnable call) {
    return services.retrier().retry(what, () -> {
      call.run();
      return (Void) null;
    }, () -> !abandoned && !stale).whenComplete((ok, error) -> {
      Throwable cause = error instanceof CompletionException ? error.getCause() : error;
      if (cause instanceof StaleAttemptException e) {
        onStale(e);
      } else if (cause != null && !(cause instanceof CancellationException)) {
        log.warn("{} failed: {}", what, cause.getMessage());
      }
    });
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.debug("could not delete {}", file, e);
      }
    }
  }

  private final class Listener implements ChildListener {
    @Override
    public void onProgress(long step, double progress) {
      // the process keeps its last step and progress; heartbeats read them from there
    }

    @Override
    public void onLog(String line) {
      jobLog.info("[attempt {}] {}", attemptId, line);
    }
  }
}
