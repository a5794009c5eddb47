package io.tern.worker.attempt;

import io.tern.protocol.Assignment;
import io.tern.protocol.AttemptFinished;
import io.tern.protocol.AttemptStarted;
import io.tern.protocol.Heartbeat;
import io.tern.sdk.internal.host.ChildOutcome;
import io.tern.worker.artifact.ArtifactFetchException;
import io.tern.worker.artifact.ArtifactLease;
import io.tern.worker.agent.RunningAttempt;
import io.tern.worker.logs.LogShipper;
import io.tern.worker.scheduler.StaleAttemptException;
import io.tern.worker.statemachine.TransitionTable.Transition;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt along its {@link AttemptState lifecycle}: fetches the job's artifacts into the
 * worker's cache (without holding any thread meanwhile), creates its private directory, launches
 * the job process and starts the job from its {@link RestoreCandidates}, reports it started, has its
 * {@link CheckpointPipeline} take a checkpoint every {@code checkpointIntervalMillis}, obeys kill,
 * vacate and abandon orders, and reports how it ended. The job's output ({@code output.log}) is
 * shipped to storage every {@code tern.worker.logs.ship-interval}, at every checkpoint tick and at the
 * end, before the end is reported. When the scheduler says the attempt is stale,
 * its process is killed and nothing more is reported.
 */
public final class AttemptRunner implements RunningAttempt {

  private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

  /** The spool of the job's output section after its last step, in the attempt directory. */
  static final String OUTPUTS_SPOOL = "final-outputs.section";

  /** Times the last ship of an attempt's log is tried before the attempt's end is reported anyway. */
  private static final int LAST_SHIP_TRIES = 3;

  /** What the runner is doing, as listed in heartbeats. */
  public enum Phase {
    /** Launching the process and restoring its state. */
    STARTING,
    /** The job runs (or is being stopped). */
    RUNNING,
    /** The process has ended; its end is being reported. */
    ENDING
  }

  private final long workerId;
  private final Assignment assignment;
  private final long attemptId;
  private final AttemptServices services;
  private final AttemptLifecycle lifecycle;
  private final AttemptReports reports;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  /** The job's artifacts while they are being fetched. */
  private volatile CompletableFuture<ArtifactLease> fetching;
  /** The job's artifacts, held in the cache until the attempt is over. */
  private volatile ArtifactLease artifacts = ArtifactLease.NONE;
  private volatile JobProcess process;
  private volatile CheckpointPipeline pipeline;
  private volatile ScheduledFuture<?> ticks;
  /** Ships the job's output to storage while the attempt runs, and once more at its end. */
  private volatile LogShipper logShipper;
  private volatile ScheduledFuture<?> logTicks;
  /** Where the job's output section after its last step is spooled (in the attempt directory). */
  private volatile Path outputsSpool;
  private volatile OutputStream outputsSink;
  /** Why the job did not start, reported when the attempt ends in {@link AttemptState#FAILED_TO_START}. */
  private volatile String startFailure;

  /**
   * @param workerId the id this worker is registered under
   * @param assignment what to run
   * @param services what the runners of this worker share
   */
  public AttemptRunner(long workerId, Assignment assignment, AttemptServices services) {
    this(workerId, assignment, services, transition -> {});
  }

  /** As above; {@code transitions} is told of every lifecycle transition the attempt takes. */
  AttemptRunner(long workerId, Assignment assignment, AttemptServices services,
      Consumer<Transition<AttemptState, AttemptEvent>> transitions) {
    this.workerId = workerId;
    this.assignment = assignment;
    this.attemptId = assignment.attemptId();
    this.services = services;
    this.lifecycle = new AttemptLifecycle(transitions.andThen(
        t -> log.debug("attempt {}: {} --{}--> {}", attemptId, t.from(), t.event(), t.to())));
    this.reports = new AttemptReports(workerId, attemptId, services.scheduler(), services.retrier(),
        () -> lifecycle.state().reportable(), this::onStale);
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

  /** Where the attempt is in its lifecycle. */
  public AttemptState state() {
    return lifecycle.state();
  }

  /** The current phase, as heartbeats list it. */
  public Phase phase() {
    return switch (lifecycle.state()) {
      case LAUNCHING, FAILED_TO_START -> Phase.STARTING;
      case RUNNING, VACATING -> Phase.RUNNING;
      case KILLING, DISOWNED -> pipeline == null ? Phase.STARTING : Phase.RUNNING; // stopped before or after the job started
      case ENDING, ENDING_DISOWNED, ENDED -> Phase.ENDING;
    };
  }

  /** The sequence number of the last checkpoint this attempt committed, or -1. */
  public long lastCommittedSeq() {
    CheckpointPipeline p = pipeline;
    return p == null ? -1 : p.lastCommittedSeq();
  }

  @Override
  public Heartbeat.AttemptStatus status() {
    JobProcess p = process;
    String phase = phase().name();
    return p == null
        ? new Heartbeat.AttemptStatus(attemptId, phase, 0, Double.NaN)
        : new Heartbeat.AttemptStatus(attemptId, phase, p.lastStep(), p.lastProgress());
  }

  @Override
  public void kill() {
    lifecycle.on(AttemptEvent.KILL_ORDERED);
    killProcess();
  }

  /**
   * Vacates: waits for a checkpoint in flight to commit, takes one more checkpoint and waits for its
   * commit, then stops the process; the attempt is reported KILLED. An attempt still starting has
   * made no progress since its restore point and is stopped at once. A kill order that comes
   * meanwhile stops the process at once (the checkpoint in flight is then aborted by the scheduler).
   */
  @Override
  public void vacate() {
    Transition<AttemptState, AttemptEvent> t = lifecycle.on(AttemptEvent.VACATE_ORDERED);
    if (t.to() == AttemptState.KILLING) {
      killProcess();
      return;
    }
    if (t.from() != AttemptState.RUNNING) {
      return; // already vacating, or over
    }
    log.info("attempt {}: vacating (checkpoint, then stop) on the scheduler's order", attemptId);
    CheckpointPipeline p = pipeline;
    CompletableFuture
        .supplyAsync(p::idle, services.launcher())
        .thenCompose(idle -> idle)
        .thenApplyAsync(idle -> lifecycle.state() == AttemptState.VACATING
            ? p.checkpoint()
            : CompletableFuture.completedFuture(CheckpointOutcome.SKIPPED_NOT_RUNNING), services.launcher())
        .thenCompose(outcome -> outcome)
        .whenComplete((outcome, error) -> {
          if (error != null) {
            log.warn("attempt {}: vacate checkpoint failed, stopping anyway: {}", attemptId, error.toString());
          } else {
            log.info("attempt {}: vacate checkpoint {}, stopping", attemptId, outcome);
          }
          kill();
        });
  }

  @Override
  public void abandon() {
    lifecycle.on(AttemptEvent.DISOWNED);
    killProcess();
  }

  @Override
  public CompletableFuture<Void> done() {
    return done;
  }

  // ---- start-up -------------------------------------------------------------------------------

  private void launch() {
    if (lifecycle.state() != AttemptState.LAUNCHING) {
      endWithoutProcess(new AttemptFinished(AttemptFinished.KILLED, null, "killed before it started", null));
      return;
    }
    if (assignment.artifacts().isEmpty()) {
      launchProcess(ArtifactLease.NONE);
      return;
    }
    CompletableFuture<ArtifactLease> acquired = services.artifacts().acquire(assignment.artifacts());
    fetching = acquired;
    if (lifecycle.state() != AttemptState.LAUNCHING) {
      acquired.cancel(false); // stopped while the fetch was being set up
    }
    acquired.whenCompleteAsync(this::artifactsFetched, services.launcher());
  }

  /** Continues the start once the job's artifacts are in the cache, or could not be fetched. */
  private void artifactsFetched(ArtifactLease lease, Throwable failure) {
    fetching = null;
    if (lease != null) {
      artifacts = lease;
    }
    if (lifecycle.state() != AttemptState.LAUNCHING) {
      endWithoutProcess(new AttemptFinished(AttemptFinished.KILLED, null, "killed before it started", null));
      return;
    }
    if (failure != null) {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      String reason = cause instanceof ArtifactFetchException ? cause.getMessage()
          : "the job's artifacts could not be fetched: " + cause;
      log.warn("attempt {}: {}", attemptId, reason);
      endWithoutProcess(new AttemptFinished(AttemptFinished.FAILED, null, reason, null));
      return;
    }
    launchProcess(lease);
  }

  private void launchProcess(ArtifactLease lease) {
    Path dir;
    try {
      dir = services.directories().create(attemptId);
    } catch (IOException | RuntimeException e) {
      log.error("attempt {}: cannot create its directory", attemptId, e);
      endWithoutProcess(new AttemptFinished(AttemptFinished.FAILED, null,
          "the worker could not launch the job process: " + e.getMessage(), null));
      return;
    }
    startShippingLogs(dir);
    try {
      Path spool = dir.resolve(OUTPUTS_SPOOL);
      // only the worker's user may read it; a name taken by anything (a planted link too) fails the create
      java.nio.file.attribute.FileAttribute<?>[] privateFile = dir.getFileSystem().supportedFileAttributeViews()
          .contains("posix") ? new java.nio.file.attribute.FileAttribute<?>[] {
              java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                  java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))}
          : new java.nio.file.attribute.FileAttribute<?>[0];
      outputsSink = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(Files.newByteChannel(spool,
          java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), privateFile)), 1 << 16);
      outputsSpool = spool;
    } catch (IOException e) {
      log.error("attempt {}: cannot create its outputs spool", attemptId, e);
      endWithoutProcess(new AttemptFinished(AttemptFinished.FAILED, null,
          "the worker could not launch the job process: " + e.getMessage(), null));
      return;
    }
    RestoreCandidates restore = new RestoreCandidates(attemptId, assignment.restoreCandidates(), services.images(),
        services.clock(), reports::damaged, dir.resolve(io.tern.sdk.internal.runtime.ChildRuntime.OUTPUT_DIR));
    while (true) {
      JobProcess p;
      try {
        p = services.jobs().launch(assignment, lease.jars(), dir);
      } catch (IOException | RuntimeException e) {
        log.error("attempt {}: cannot launch the job process", attemptId, e);
        endWithoutProcess(new AttemptFinished(AttemptFinished.FAILED, null,
            "the worker could not launch the job process: " + e.getMessage(), null));
        return;
      }
      process = p;
      p.collectOutputs(outputsSink);
      if (lifecycle.state() != AttemptState.LAUNCHING) {
        p.outcome().whenComplete(this::onExit);
        p.kill();
        return;
      }
      log.info("attempt {} (job {}, attempt #{}): process {} launched for {}",
          attemptId, assignment.jobId(), assignment.attemptNumber(), p.pid(), assignment.jobClass());
      Optional<RestoreCandidates.Start> start;
      try {
        start = restore.startJob(p);
      } catch (IOException | RuntimeException e) {
        startFailure = "the job process did not start: " + e.getMessage();
        lifecycle.on(AttemptEvent.JOB_FAILED_TO_START);
        log.warn("attempt {}: {}", attemptId, startFailure, e);
        p.outcome().whenComplete(this::onExit);
        p.kill();
        return;
      }
      if (start.isEmpty()) {
        // the process read part of a damaged image: it cannot be reused; a new one takes the next candidate
        p.kill();
        p.outcome().join();
        continue;
      }
      pipeline = new CheckpointPipeline(workerId, assignment, services, dir, p, start.get().manifestKey(),
          () -> lifecycle.state().reportable(), this::onStale);
      Transition<AttemptState, AttemptEvent> t = lifecycle.on(AttemptEvent.JOB_STARTED);
      p.outcome().whenComplete(this::onExit);
      if (t.to() != AttemptState.RUNNING) {
        p.kill(); // stopped while it was starting
        return;
      }
      AttemptStarted started = start.get().started();
      log.info("attempt {} started at step {}{}", attemptId, started.step(), started.restoredFromSeq() == null ? ""
          : " from checkpoint " + started.restoredFromSeq() + " (" + started.restoredBytes() + " bytes in "
              + started.restoreMillis() + " ms)");
      reports.started(started);
      scheduleCheckpoints();
      return;
    }
  }

  // ---- logs ----------------------------------------------------------------------------------

  private void startShippingLogs(Path dir) {
    logShipper = services.logs().shipper(assignment.jobId(), assignment.attemptNumber(),
        dir.resolve(AttemptDirectories.OUTPUT_LOG));
    long interval = services.logs().settings().shipInterval().toMillis();
    // the attempt cannot end before this returns: its process is launched afterwards, on this thread
    logTicks = services.timer().scheduleAtFixedRate(
        () -> services.launcher().execute(this::shipLogs), interval, interval, TimeUnit.MILLISECONDS);
  }

  /** Ships the lines the job wrote since the last ship. Never throws. */
  private void shipLogs() {
    LogShipper shipper = logShipper;
    if (shipper == null) {
      return;
    }
    try {
      shipper.ship(false);
    } catch (IOException | RuntimeException e) {
      log.warn("attempt {}: shipping its log failed, retried at the next ship: {}", attemptId, e.toString());
    }
  }

  /** The last ship: the process is gone, its output complete. Tries a few times; never throws. */
  private void shipLastLogs() {
    ScheduledFuture<?> scheduled = logTicks;
    if (scheduled != null) {
      scheduled.cancel(false);
    }
    LogShipper shipper = logShipper;
    if (shipper == null) {
      return;
    }
    for (int tries = 1; ; tries++) {
      try {
        shipper.ship(true);
        return;
      } catch (IOException | RuntimeException e) {
        if (tries == LAST_SHIP_TRIES) {
          log.warn("attempt {}: the end of its log could not be shipped ({} bytes are): {}", attemptId,
              shipper.shippedBytes(), e.toString());
          return;
        }
      }
    }
  }

  // ---- checkpoints ----------------------------------------------------------------------------

  private void scheduleCheckpoints() {
    long interval = assignment.checkpointIntervalMillis();
    if (interval <= 0) {
      return;
    }
    ScheduledFuture<?> scheduled = services.timer()
        .scheduleAtFixedRate(this::checkpointTick, interval, interval, TimeUnit.MILLISECONDS);
    ticks = scheduled;
    if (lifecycle.state() != AttemptState.RUNNING) {
      scheduled.cancel(false); // ended (or stopping) before the ticks were scheduled
    }
  }

  /**
   * One checkpoint timer tick: a checkpoint when the attempt runs. Never throws (an exception would
   * end the periodic task).
   */
  CompletableFuture<CheckpointOutcome> checkpointTick() {
    try {
      CheckpointPipeline p = pipeline;
      if (p == null || lifecycle.state() != AttemptState.RUNNING) {
        return CompletableFuture.completedFuture(CheckpointOutcome.SKIPPED_NOT_RUNNING);
      }
      services.launcher().execute(this::shipLogs);
      return p.checkpoint();
    } catch (RuntimeException e) {
      log.error("attempt {}: checkpoint tick failed", attemptId, e);
      return CompletableFuture.failedFuture(e);
    }
  }

  // ---- the end --------------------------------------------------------------------------------

  private void onStale(StaleAttemptException e) {
    log.warn("attempt {}: the scheduler says it is stale, killing its process: {}", attemptId, e.getMessage());
    lifecycle.on(AttemptEvent.DISOWNED);
    killProcess();
  }

  private void killProcess() {
    CompletableFuture<ArtifactLease> f = fetching;
    if (f != null) {
      f.cancel(false); // stop waiting; the fetch itself goes on for the cache
    }
    JobProcess p = process;
    if (p != null) {
      p.kill();
    }
  }

  private void onExit(ChildOutcome outcome, Throwable failure) {
    Transition<AttemptState, AttemptEvent> t = lifecycle.on(AttemptEvent.PROCESS_ENDED);
    ScheduledFuture<?> scheduled = ticks;
    if (scheduled != null) {
      scheduled.cancel(false);
    }
    AttemptFinished finished = AttemptReports.finishedReport(outcome, failure, t.from(), startFailure);
    // Not on the thread that completed the outcome: wait for a snapshot under way and the commit in flight.
    CheckpointPipeline p = pipeline;
    CompletableFuture
        .supplyAsync(() -> p == null ? CompletableFuture.<Void>completedFuture(null) : p.idle(), services.launcher())
        .thenCompose(idle -> idle)
        .thenRunAsync(() -> finish(published(finished, outcome)), services.launcher())
        .exceptionally(e -> {
          log.error("attempt {}: ending failed", attemptId, e);
          artifacts.close();
          done.complete(null);
          return null;
        });
  }

  /**
   * A SUCCEEDED ending once the job's output files are stored (the report names their manifest), or
   * FAILED when they cannot be ({@link OutputsPublisher}); other endings as they are.
   */
  private AttemptFinished published(AttemptFinished finished, ChildOutcome outcome) {
    OutputStream sink = outputsSink;
    long outputBytes = outcome == null ? -1 : outcome.outputBytes();
    try {
      sink.close();
    } catch (IOException e) {
      outputBytes = -1; // the spool is incomplete
    }
    if (!AttemptFinished.SUCCEEDED.equals(finished.outcome()) || !lifecycle.state().reportable()) {
      return finished;
    }
    CheckpointPipeline p = pipeline;
    AttemptFinished report = OutputsPublisher.publish(finished, services.images(), assignment.jobId(),
        assignment.attemptNumber(), process.lastStep(), assignment.owner(), outputsSpool, outputBytes,
        p == null ? null : p.latestManifestKey());
    if (report.outputsManifestKey() != null) {
      log.info("attempt {}: output files ({} bytes of section) published as {}", attemptId, outputBytes,
          report.outputsManifestKey());
    }
    return report;
  }

  private void endWithoutProcess(AttemptFinished finished) {
    lifecycle.on(AttemptEvent.PROCESS_ENDED);
    finish(finished);
  }

  private void finish(AttemptFinished finished) {
    artifacts.close(); // the process is gone: its jars may be evicted
    OutputStream sink = outputsSink;
    if (sink != null) {
      try {
        sink.close(); // again (published() closed it) or for an attempt that did not start
      } catch (IOException e) {
        // the spool is deleted with the attempt directory
      }
    }
    shipLastLogs();
    try {
      services.directories().archiveAndDelete(attemptId);
    } catch (IOException e) {
      log.warn("attempt {}: could not clean up {}: {}", attemptId, services.directories().dirOf(attemptId), e.toString());
    }
    if (lifecycle.state() == AttemptState.ENDING_DISOWNED) {
      log.info("attempt {} ended ({}), not reported: it is stale or abandoned", attemptId, finished.outcome());
      lifecycle.on(AttemptEvent.DONE);
      done.complete(null);
      return;
    }
    log.info("attempt {} ended: {}{}", attemptId, finished.outcome(),
        finished.error() == null ? "" : " - " + finished.error());
    reports.finished(finished).whenComplete((ok, error) -> {
      lifecycle.on(AttemptEvent.DONE);
      done.complete(null);
    });
  }
}
