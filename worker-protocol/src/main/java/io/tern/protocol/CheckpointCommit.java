package io.tern.protocol;

/**
 * {@code PUT /internal/v1/workers/{workerId}/attempts/{attemptId}/checkpoints/{seq}}: the manifest
 * and all its chunks are durable in storage; the scheduler marks the checkpoint COMMITTED if the
 * attempt is still current (else 409 stale-attempt). Times are in milliseconds: {@code snapshotMillis}
 * is the time the job was paused, {@code commitMillis} the time from the end of the snapshot until
 * the image was durable. {@code chunksRefreshed}: chunks storage held but the worker uploaded again
 * because they were older than the chunk reuse window; the scheduler then makes sure no chunk
 * collection ran during the write (ADR 0003).
 */
public record CheckpointCommit(
    long step,
    long snapshotMillis,
    long commitMillis,
    long logicalBytes,
    long storedBytes,
    long uploadedBytes,
    int chunks,
    int chunksReused,
    int chunksRefreshed) {

  /** A commit without refreshed chunks. */
  public CheckpointCommit(long step, long snapshotMillis, long commitMillis, long logicalBytes, long storedBytes,
      long uploadedBytes, int chunks, int chunksReused) {
    this(step, snapshotMillis, commitMillis, logicalBytes, storedBytes, uploadedBytes, chunks, chunksReused, 0);
  }
}
