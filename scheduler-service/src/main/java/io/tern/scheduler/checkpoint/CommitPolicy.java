package io.tern.scheduler.checkpoint;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides what a worker's commit request does to a checkpoint of its (current) attempt — plain
 * Java, no framework. Read top to bottom:
 *
 * <pre>
 * already COMMITTED                                   → DUPLICATE   (a retried request: nothing changes)
 * not PENDING (aborted, corrupt, deleted)             → NOT_PENDING (409)
 * older than the commit timeout                       → TOO_LATE    (aborted, 409: write the next one)
 * re-uploaded old chunks while a collection ran       → COLLECTION_OVERLAP (aborted, 409; ADR 0003)
 * otherwise                                           → COMMIT
 * </pre>
 *
 * Whether the attempt is still current is checked before, by the attempt fence.
 */
public final class CommitPolicy {

  private CommitPolicy() {}

  /** What a commit request leads to. */
  public enum Verdict {
    COMMIT,
    DUPLICATE,
    NOT_PENDING,
    TOO_LATE,
    COLLECTION_OVERLAP;

    /** Whether the checkpoint is aborted and the request refused. */
    public boolean refused() {
      return this == TOO_LATE || this == COLLECTION_OVERLAP;
    }
  }

  /**
   * @param state the checkpoint's state now
   * @param createdAt when the checkpoint was begun
   * @param now the time of the commit request
   * @param timeout {@code tern.checkpoints.commit-timeout}
   * @param reuploadedOldChunks whether the write re-uploaded chunks it found old
   * @param collectionOverlapped whether a chunk collection ran between {@code createdAt} and {@code now}
   */
  public static Verdict decide(CheckpointState state, Instant createdAt, Instant now, Duration timeout,
      boolean reuploadedOldChunks, boolean collectionOverlapped) {
    if (state == CheckpointState.COMMITTED) {
      return Verdict.DUPLICATE;
    }
    if (state != CheckpointState.PENDING) {
      return Verdict.NOT_PENDING;
    }
    if (now.isAfter(createdAt.plus(timeout))) {
      return Verdict.TOO_LATE;
    }
    if (reuploadedOldChunks && collectionOverlapped) {
      return Verdict.COLLECTION_OVERLAP;
    }
    return Verdict.COMMIT;
  }
}
