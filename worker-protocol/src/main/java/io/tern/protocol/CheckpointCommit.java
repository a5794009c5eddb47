package io.tern.protocol;

/**
 * {@code PUT /internal/v1/workers/{workerId}/attempts/{attemptId}/checkpoints/{seq}}: the manifest
 * and all its chunks are durable in storage; the scheduler marks the checkpoint COMMITTED if the
 * attempt is still current (else 409 stale-attempt). Times are in milliseconds: {@code snapshotMillis}
 * is the time the job was paused, {@code commitMillis} the time from the end of the snapshot until
 * the image was durable.
 */
public record CheckpointCommit(
    long step,
    long snapshotMillis,
    long commitMillis,
    long logicalBytes,
    long storedBytes,
    long uploadedBytes,
    int chunks,
    int chunksReused) {}
