package io.tern.scheduler.checkpoint;

import io.tern.protocol.CheckpointBeginResponse;
import io.tern.protocol.CheckpointCommit;
import io.tern.scheduler.api.InvalidRequestException;
import io.tern.scheduler.api.NotFoundException;
import io.tern.scheduler.attempt.AttemptFence;
import io.tern.scheduler.attempt.FencedAttempt;
import io.tern.scheduler.events.JobEventLog;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.tx.RetryingTransaction;
import java.time.Clock;
import org.springframework.stereotype.Service;

/**
 * The checkpoint protocol: a PENDING checkpoint gets the job's next sequence number; it becomes
 * COMMITTED (restorable) only while its attempt is still current, or ABORTED.
 */
@Service
public class CheckpointService {

  private final AttemptFence fence;
  private final CheckpointRepository checkpoints;
  private final JobEventLog events;
  private final RetryingTransaction tx;
  private final Clock clock;

  public CheckpointService(
      AttemptFence fence, CheckpointRepository checkpoints, JobEventLog events, RetryingTransaction tx, Clock clock) {
    this.fence = fence;
    this.checkpoints = checkpoints;
    this.events = events;
    this.tx = tx;
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

  /** PENDING → COMMITTED with the worker's metrics; refused (stale) if the attempt is no longer current. */
  public void commit(long workerId, long attemptId, long seq, CheckpointCommit metrics) {
    if (metrics.snapshotMillis() < 0 || metrics.commitMillis() < 0 || metrics.logicalBytes() < 0
        || metrics.storedBytes() < 0 || metrics.uploadedBytes() < 0 || metrics.chunks() < 0
        || metrics.chunksReused() < 0) {
      throw new InvalidRequestException("Checkpoint metrics must not be negative.");
    }
    tx.run(
        "Checkpoint " + seq,
        () -> {
          FencedAttempt f = fence.admit(workerId, attemptId);
          CheckpointEntity c = pendingOf(f, seq);
          c.commit(metrics, clock.instant());
          f.job().setStep(metrics.step());
          events.record(
              f.job().getId(), JobEventType.CHECKPOINT_COMMITTED,
              "Checkpoint " + seq + " committed at step " + metrics.step() + ": paused " + metrics.snapshotMillis()
                  + " ms, commit " + metrics.commitMillis() + " ms, " + metrics.logicalBytes() + " bytes ("
                  + metrics.uploadedBytes() + " uploaded, " + metrics.chunksReused() + " of " + metrics.chunks()
                  + " chunks reused).",
              f.attempt().getNumber(), f.worker().getName());
        });
  }

  /** PENDING → ABORTED: the worker gave up writing the image. */
  public void abort(long workerId, long attemptId, long seq) {
    tx.run(
        "Checkpoint " + seq,
        () -> {
          FencedAttempt f = fence.admit(workerId, attemptId);
          pendingOf(f, seq).abort();
          events.record(
              f.job().getId(), JobEventType.CHECKPOINT_ABORTED,
              "Checkpoint " + seq + " aborted by the worker; the previous committed checkpoint stays the latest.",
              f.attempt().getNumber(), f.worker().getName());
        });
  }

  private CheckpointEntity pendingOf(FencedAttempt f, long seq) {
    CheckpointEntity c =
        checkpoints
            .findByJobIdAndSeq(f.job().getId(), seq)
            .orElseThrow(() -> new NotFoundException("Checkpoint", f.job().getId() + "/" + seq));
    if (c.getAttemptId() != f.attempt().getId()) {
      throw new io.tern.scheduler.attempt.StaleAttemptException(
          "Checkpoint " + seq + " of job " + f.job().getId() + " belongs to another attempt.");
    }
    return c;
  }
}
