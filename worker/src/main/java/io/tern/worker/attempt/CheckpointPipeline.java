package io.tern.worker.attempt;

import io.tern.image.ImageDescriptor;
import io.tern.image.ImageWriteResult;
import io.tern.protocol.Assignment;
import io.tern.protocol.CheckpointBeginResponse;
import io.tern.protocol.CheckpointCommit;
import io.tern.image.OutputSource;
import io.tern.sdk.internal.host.SnapshotInfo;
import io.tern.sdk.internal.wire.OutputSection;
import io.tern.worker.scheduler.StaleAttemptException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one running attempt, one at a time: {@code POST …/checkpoints} (seq and manifest
 * key), a snapshot into a spool file (the job is paused only for this, on the caller's thread), then on
 * the commit executor, while the job runs on, the image written to storage, the spool deleted and
 * {@code PUT …/checkpoints/{seq}} with the metrics. A checkpoint that fails after the scheduler granted
 * it is aborted with {@code DELETE …/checkpoints/{seq}?reason=…}. Each checkpoint ends with a
 * {@link CheckpointOutcome}.
 */
final class CheckpointPipeline {

  private static final Logger log = LoggerFactory.getLogger(CheckpointPipeline.class);

  private final long workerId;
  private final Assignment assignment;
  private final long attemptId;
  private final AttemptServices services;
  private final Path attemptDir;
  private final JobProcess process;
  private final BooleanSupplier reportable;
  private final Consumer<StaleAttemptException> onStale;

  private CompletableFuture<CheckpointOutcome> inFlight = CompletableFuture.completedFuture(null);
  private volatile long lastCommittedSeq = -1;
  /** The job's latest committed image known to this attempt: the restore point, then each new commit. */
  private volatile String previousManifestKey;
  /** Size of the latest snapshot, to decide whether the next one fits the memory spool. */
  private long lastSnapshotBytes;
  /** False once a snapshot did not fit the memory spool. */
  private boolean spoolToMemory = true;

  /**
   * @param workerId the id this worker is registered under
   * @param assignment the attempt
   * @param services the worker's scheduler client, image sink, spool, executors and clock
   * @param attemptDir the attempt's directory (disk spool)
   * @param process the running job process
   * @param restoredManifestKey the image the job was restored from, null for a fresh start
   * @param reportable whether the scheduler is still to hear about the attempt (commits are retried meanwhile)
   * @param onStale called when the scheduler says the attempt is stale
   */
  CheckpointPipeline(long workerId, Assignment assignment, AttemptServices services, Path attemptDir,
      JobProcess process, String restoredManifestKey, BooleanSupplier reportable,
      Consumer<StaleAttemptException> onStale) {
    this.workerId = workerId;
    this.assignment = assignment;
    this.attemptId = assignment.attemptId();
    this.services = services;
    this.attemptDir = attemptDir;
    this.process = process;
    this.previousManifestKey = restoredManifestKey;
    this.reportable = reportable;
    this.onStale = onStale;
  }

  /** The job's latest committed image known to this attempt (its restore point or a later commit), or null. */
  String latestManifestKey() {
    return previousManifestKey;
  }

  /** The sequence number of the last checkpoint this attempt committed, or -1. */
  long lastCommittedSeq() {
    return lastCommittedSeq;
  }

  /**
   * Takes a checkpoint unless one is still being committed: asks the scheduler, snapshots on this
   * thread, and hands the commit to the commit executor. The future completes when the checkpoint
   * is over, committed or not; it never fails.
   */
  synchronized CompletableFuture<CheckpointOutcome> checkpoint() {
    if (!inFlight.isDone()) {
      log.debug("attempt {}: previous checkpoint still committing, tick skipped", attemptId);
      return CompletableFuture.completedFuture(CheckpointOutcome.SKIPPED_BUSY);
    }
    CheckpointBeginResponse begin;
    try {
      begin = services.scheduler().beginCheckpoint(workerId, attemptId);
    } catch (StaleAttemptException e) {
      onStale.accept(e);
      return CompletableFuture.completedFuture(CheckpointOutcome.STALE);
    } catch (RuntimeException e) {
      log.warn("attempt {}: checkpoint skipped, the scheduler did not grant it: {}", attemptId, e.getMessage());
      return CompletableFuture.completedFuture(CheckpointOutcome.SKIPPED_NOT_GRANTED);
    }
    Path spool = null;
    SnapshotInfo snapshot;
    try {
      spool = services.directories().spool().fileFor(attemptId, begin.seq(), attemptDir, lastSnapshotBytes,
          spoolToMemory);
      snapshot = snapshotInto(spool);
      lastSnapshotBytes = Files.size(spool);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(spool);
      boolean alive = process.isAlive();
      if (alive) {
        log.warn("attempt {}: snapshot failed: {}", attemptId, e.toString());
      } else {
        log.info("attempt {}: no snapshot, the job process has ended: {}", attemptId, e.getMessage());
      }
      abort(begin.seq(), "snapshot failed: " + e.getMessage());
      return CompletableFuture.completedFuture(
          alive ? CheckpointOutcome.ABORTED_SNAPSHOT_FAILED : CheckpointOutcome.ABORTED_PROCESS_ENDED);
    }
    long snapshotEnd = services.clock().millis();
    Path file = spool;
    CompletableFuture<ImageWriteResult> writing;
    try {
      writing = CompletableFuture.supplyAsync(() -> write(begin, file, snapshot), services.commits());
    } catch (RuntimeException e) {
      log.warn("attempt {}: checkpoint {} cannot be written: {}", attemptId, begin.seq(), e.toString());
      deleteQuietly(file);
      abort(begin.seq(), "writing the image failed: " + e.getMessage());
      return CompletableFuture.completedFuture(CheckpointOutcome.ABORTED_WRITE_FAILED);
    }
    inFlight = writing
        .thenCompose(written -> written == null
            ? CompletableFuture.completedFuture(CheckpointOutcome.ABORTED_WRITE_FAILED)
            : commit(begin, written, snapshot, snapshotEnd))
        .exceptionally(e -> {
          log.error("attempt {}: checkpoint {} failed", attemptId, begin.seq(), e);
          return CheckpointOutcome.ABORTED_WRITE_FAILED;
        });
    return inFlight;
  }

  /** Completes once no checkpoint is being taken or committed (waits for a snapshot under way first). */
  synchronized CompletableFuture<Void> idle() {
    return inFlight.handle((outcome, error) -> null);
  }

  private SnapshotInfo snapshotInto(Path spool) throws IOException {
    try (OutputStream out = new BufferedOutputStream(
        Files.newOutputStream(spool, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
      return process.snapshot(out);
    } catch (IOException e) {
      if (services.directories().spool().isInMemory(spool)) {
        spoolToMemory = false; // it did not fit: later snapshots of this attempt go to disk
      }
      throw e;
    }
  }

  /** Writes the image and deletes the spool; null when the write failed (the checkpoint is then aborted). */
  private ImageWriteResult write(CheckpointBeginResponse begin, Path spool, SnapshotInfo snapshot) {
    long seq = begin.seq();
    try (InputStream in = new BufferedInputStream(SpoolSlice.open(spool, 0, snapshot.stateBytes()), 1 << 16)) {
      ImageDescriptor descriptor = new ImageDescriptor(assignment.jobId(), assignment.attemptNumber(), seq,
          snapshot.step(), snapshot.codecId());
      return services.images().write(descriptor, begin.manifestKey(), in, outputsIn(spool, snapshot),
          previousManifestKey, assignment.owner());
    } catch (IOException | RuntimeException e) {
      log.warn("attempt {}: writing checkpoint {} failed, aborting it: {}", attemptId, seq, e.toString());
      abort(seq, "writing the image failed: " + e.getMessage());
      return null;
    } finally {
      deleteQuietly(spool);
    }
  }

  /**
   * The output files the child appended to the snapshot, each read from the spool (the worker's own
   * file, written while the job was paused: the files as they were at the step boundary).
   */
  private static List<OutputSource> outputsIn(Path spool, SnapshotInfo snapshot) throws IOException {
    if (snapshot.outputBytes() == 0) {
      return List.of();
    }
    List<OutputSource> outputs = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(spool, StandardOpenOption.READ)) {
      for (OutputSection.Entry entry : OutputSection.read(channel, snapshot.stateBytes(), snapshot.outputBytes())) {
        outputs.add(new OutputSource(entry.path(), entry.size(), entry.mode(),
            () -> new BufferedInputStream(SpoolSlice.open(spool, entry.contentOffset(), entry.size()), 1 << 16)));
      }
    }
    return outputs;
  }

  private CompletableFuture<CheckpointOutcome> commit(CheckpointBeginResponse begin, ImageWriteResult written,
      SnapshotInfo snapshot, long snapshotEnd) {
    long seq = begin.seq();
    long commitMillis = services.clock().millis() - snapshotEnd;
    CheckpointCommit metrics = new CheckpointCommit(snapshot.step(), nanosToMillis(snapshot.pauseNanos()),
        commitMillis, written.logicalBytes(), written.storedBytes(), written.uploadedBytes(), written.chunks(),
        written.chunksReused(), written.chunksRefreshed());
    return services.retrier().retry("commit checkpoint " + seq + " of attempt " + attemptId, () -> {
      services.scheduler().commitCheckpoint(workerId, attemptId, seq, metrics);
      return null;
    }, reportable).handle((ok, error) -> {
      Throwable cause = error instanceof CompletionException ? error.getCause() : error;
      if (cause == null) {
        lastCommittedSeq = seq;
        previousManifestKey = begin.manifestKey();
        log.info("attempt {}: checkpoint {} committed at step {} ({} bytes, paused {} ms, commit {} ms, {} of {} chunks new)",
            attemptId, seq, snapshot.step(), written.logicalBytes(), metrics.snapshotMillis(), commitMillis,
            written.chunks() - written.chunksReused(), written.chunks());
        return CheckpointOutcome.COMMITTED;
      }
      if (cause instanceof CancellationException) {
        log.info("attempt {}: commit of checkpoint {} given up, the attempt is over", attemptId, seq);
        return CheckpointOutcome.GIVEN_UP;
      }
      if (cause instanceof StaleAttemptException stale) {
        onStale.accept(stale);
        return CheckpointOutcome.STALE;
      }
      log.warn("attempt {}: commit of checkpoint {} refused: {}", attemptId, seq, cause.getMessage());
      abort(seq, "the scheduler refused the commit: " + cause.getMessage());
      return CheckpointOutcome.ABORTED_COMMIT_REFUSED;
    });
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

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.debug("could not delete {}", file, e);
      }
    }
  }
}
