package io.tern.protocol;

/**
 * {@code POST /internal/v1/workers/{workerId}/attempts/{attemptId}/checkpoints/{seq}/corrupt}: the
 * worker could not restore this COMMITTED checkpoint because its image is damaged; the scheduler
 * marks it CORRUPT (never handed out again) and records a {@code CHECKPOINT_CORRUPT} event.
 *
 * @param reason {@code MANIFEST_INVALID}, {@code CHUNK_MISSING}, {@code CHUNK_MISMATCH},
 *     {@code LENGTH_MISMATCH} (as {@code io.tern.image.CorruptImageException.Reason}) or
 *     {@code MANIFEST_MISSING}
 * @param chunkIndex zero-based position of the damaged chunk in the manifest, or null
 * @param chunkHash SHA-256 of the damaged chunk, or null
 * @param detail what the verification found, for a person
 */
public record CheckpointCorrupt(String reason, Integer chunkIndex, String chunkHash, String detail) {}
