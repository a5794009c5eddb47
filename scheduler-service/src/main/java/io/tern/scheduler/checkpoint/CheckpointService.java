package io.tern.scheduler.checkpoint;

import io.tern.protocol.CheckpointBeginResponse;
import io.tern.protocol.CheckpointCommit;
import io.tern.protocol.CheckpointCorrupt;
import io.tern.scheduler.api.InvalidRequestException;
import io.tern.scheduler.api.NotFoundException;
import io.tern.scheduler.api.StateConflictException;
import io.tern.scheduler.attempt.AttemptFence;
import io.tern.scheduler.attempt.FencedAttempt;
import io.tern.scheduler.attempt.StaleAttemptException;
import io.tern.scheduler.events.JobEventLog;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.tx.RetryingTransaction;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;

/**
 * The checkpoint protocol: a PENDING checkpoint gets the job's next sequence number; it becomes
 * COMMITTED (restorable) only while its attempt is still current, within the commit timeout, and —
 * when its write re-uploaded old chunks — only if no chunk collection ran meanwhile (ADR 0003); or
 * ABORTED. A restore that finds a COMMITTED image damaged marks it CORRUPT.
 */
@Service
public class CheckpointService {

  private final AttemptFence fence;
  private final CheckpointRepository checkpoints;
  private final ChunkCollectionRepository collections;
  private final JobEventLog events;
  private final RetryingTransaction tx;
  private final CheckpointProperties properties;
  private final CheckpointMetrics metrics;
  private final Clock clock;

  public CheckpointService(
      AttemptFence fence,
      CheckpointRepository checkpoints,
      ChunkCollectionRepository collections,
      JobEventLog events,
      RetryingTransaction tx,
      CheckpointProperties properties,
      CheckpointMetrics metrics,
      Clock clock) {
    this.fence = fence;
    this.checkpoints = checkpoints;
    this.collections = collections;
    this.events = events;
    this.tx = tx;
    this.properties = properties;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Creates a PENDING checkpoint with the job's next sequence number. */
  public CheckpointBeginResponse begin(long workerId, long attemptId) {
    return tx.run(
        "Checkpoints of attempt " + attemptId,
        () -> {
          FencedAttempt f = fence.admit(workerId, attemptId);
          long jobId = f.job().getId();
          long seq = checkpoints.maxSeq(jobId) + 1;
          CheckpointEntity c = checkpoints.saveAndFlush(new CheckpointEntity(jobId, seq, attemptId, clock.instant()));
          return new CheckpointBeginResponse(c.getSeq(), c.getManifestKey());
        });
  }

  /**
   * PENDING → COMMITTED with the worker's metrics; refused (stale) if the attempt is no longer
   * current. The {@link CommitPolicy} decides the rest: committing again a checkpoint this attempt
   * already committed changes nothing (a retried request whose first answer was lost); a checkpoint
   * older than {@code tern.checkpoints.commit-timeout}, or one that re-uploaded old chunks while a
   * chunk collection ran, is ABORTED and the request answered 409: the worker writes the next one.
   */
  public void commit(long workerId, long attemptId, long seq, CheckpointCommit m) {
    if (m.snapshotMillis() < 0 || m.commitMillis() < 0 || m.logicalBytes() < 0 || m.storedBytes() < 0
        || m.uploadedBytes() < 0 || m.chunks() < 0 || m.chunksReused() < 0 || m.chunksRefreshed() < 0) {
      throw new InvalidRequestException("Checkpoint metrics must not be negative.");
    }
    CommitPolicy.Verdict verdict = tx.run("Checkpoint " + seq, () -> {
      FencedAttempt f = fence.admit(workerId, attemptId);
      CheckpointEntity c = ofAttempt(f, seq);
      Instant now = clock.instant();
      boolean reuploaded = m.chunksRefreshed() > 0;
      CommitPolicy.Verdict v = CommitPolicy.decide(c.getState(), c.getCreatedAt(), now, properties.commitTimeout(),
          reuploaded, reuploaded && c.getState() == CheckpointState.PENDING
              && collections.overlapping(c.getCreatedAt(), now));
      switch (v) {
        case COMMIT -> {
          c.commit(m, now);
          f.job().setStep(m.step());
          events.record(
              f.job().getId(), JobEventType.CHECKPOINT_COMMITTED,
              "Checkpoint " + seq + " committed at step " + m.step() + ": paused " + m.snapshotMillis()
                  + " ms, commit " + m.commitMillis() + " ms, " + m.logicalBytes() + " bytes ("
                  + m.uploadedBytes() + " uploaded, " + m.chunksReused() + " of " + m.chunks()
                  + " chunks reused).",
              f.attempt().getNumber(), f.worker().getName());
        }
        case TOO_LATE, COLLECTION_OVERLAP -> {
          c.abort();
          String refusal = v == CommitPolicy.Verdict.TOO_LATE
              ? "its commit came after the commit timeout (" + properties.commitTimeout() + ")"
              : "it re-uploaded " + m.chunksRefreshed() + " old chunks while the chunk collector was deleting chunks";
          events.record(
              f.job().getId(), JobEventType.CHECKPOINT_ABORTED,
              "Checkpoint " + seq + " refused because " + refusal
                  + "; the previous committed checkpoint stays the latest.",
              f.attempt().getNumber(), f.worker().getName());
        }
        case NOT_PENDING -> throw new CheckpointNotPendingException(f.job().getId(), seq, c.getState());
        case DUPLICATE -> { }
      }
      return v;
    });
    if (verdict == CommitPolicy.Verdict.COMMIT) {
      metrics.committed(m);
    } else if (verdict.refused()) {
      metrics.commitRefused();
      throw new StateConflictException("Checkpoint " + seq + " was refused and aborted ("
          + (verdict == CommitPolicy.Verdict.TOO_LATE ? "commit timeout passed" : "a chunk collection overlapped the write")
          + "); write a new checkpoint.");
    }
  }

  /** PENDING → ABORTED: the worker gave up writing the image. */
  public void abort(long workerId, long attemptId, long seq) {
    abort(workerId, attemptId, seq, null);
  }

  /**
   * Like {@link #abort(long, long, long)}, with the worker's reason (for instance the storage error)
   * in the {@code CHECKPOINT_ABORTED} event.
   */
  public void abort(long workerId, long attemptId, long seq, String reason) {
    String why = reason == null || reason.isBlank() ? "" : " Reason: " + printable(reason);
    tx.run(
        "Checkpoint " + seq,
        () -> {
          FencedAttempt f = fence.admit(workerId, attemptId);
          ofAttempt(f, seq).abort();
          events.record(
              f.job().getId(), JobEventType.CHECKPOINT_ABORTED,
              "Checkpoint " + seq + " aborted by the worker; the previous committed checkpoint stays the latest." + why,
              f.attempt().getNumber(), f.worker().getName());
        });
  }

  /** At most 500 characters, control characters replaced: the reason comes from a worker. */
  private static String printable(String text) {
    String cut = text.length() > 500 ? text.substring(0, 500) : text;
    return cut.replaceAll("\\p{Cntrl}", " ").strip();
  }

  /**
   * A worker's restore found COMMITTED checkpoint {@code seq} of the attempt's job damaged: it
   * becomes CORRUPT (never handed out again) with a {@code CHECKPOINT_CORRUPT} event. A report about
   * a checkpoint already CORRUPT or DELETED changes nothing.
   */
  public void reportCorrupt(long workerId, long attemptId, long seq, CheckpointCorrupt report) {
    String reason = report == null || report.reason() == null || report.reason().isBlank() ? "UNKNOWN" : report.reason();
    boolean marked = tx.run(
        "Checkpoint " + seq,
        () -> {
          FencedAttempt f = fence.admit(workerId, attemptId);
          long jobId = f.job().getId();
          CheckpointEntity c = checkpoints.findByJobIdAndSeq(jobId, seq)
              .orElseThrow(() -> new NotFoundException("Checkpoint", jobId + "/" + seq));
          if (c.getState() == CheckpointState.CORRUPT || c.getState() == CheckpointState.DELETED) {
            return false;
          }
          if (c.getState() != CheckpointState.COMMITTED) {
            throw new StateConflictException(
                "Checkpoint " + seq + " of job " + jobId + " is " + c.getState() + "; only a COMMITTED one can be corrupt.");
          }
          String what = describe(reason, report);
          c.markCorrupt(what);
          events.record(
              jobId, JobEventType.CHECKPOINT_CORRUPT,
              "Checkpoint " + seq + " is corrupt and will not be restored again: " + what,
              f.attempt().getNumber(), f.worker().getName());
          return true;
        });
    if (marked) {
      metrics.corrupt();
    }
  }

  private static String describe(String reason, CheckpointCorrupt report) {
    StringBuilder s = new StringBuilder(reason);
    if (report != null && report.chunkIndex() != null) {
      s.append(", chunk ").append(report.chunkIndex());
    }
    if (report != null && report.chunkHash() != null) {
      s.append(" (sha256 ").append(report.chunkHash()).append(')');
    }
    if (report != null && report.detail() != null && !report.detail().isBlank()) {
      s.append(": ").append(report.detail());
    }
    return s.toString();
  }

  private CheckpointEntity ofAttempt(FencedAttempt f, long seq) {
    CheckpointEntity c =
        checkpoints
            .findByJobIdAndSeq(f.job().getId(), seq)
            .orElseThrow(() -> new NotFoundException("Checkpoint", f.job().getId() + "/" + seq));
    if (c.getAttemptId() != f.attempt().getId()) {
      throw new StaleAttemptException(
          "Checkpoint " + seq + " of job " + f.job().getId() + " belongs to another attempt.");
    }
    return c;
  }
}
