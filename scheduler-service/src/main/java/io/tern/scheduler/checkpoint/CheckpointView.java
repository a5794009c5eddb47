package io.tern.scheduler.checkpoint;

import java.time.Instant;

/**
 * A checkpoint as the REST API shows it. Times in milliseconds, sizes in bytes. {@code pinned}: kept
 * beyond retention; {@code corruptReason}: why a restore refused it (CORRUPT only).
 */
public record CheckpointView(
    long seq,
    CheckpointState state,
    Integer attempt,
    Long step,
    Instant createdAt,
    Instant committedAt,
    Long snapshotMs,
    Long commitMs,
    Long logicalBytes,
    Long storedBytes,
    Long uploadedBytes,
    Integer chunks,
    Integer chunksReused,
    String manifestKey,
    boolean pinned,
    String corruptReason,
    Instant deletedAt) {}
