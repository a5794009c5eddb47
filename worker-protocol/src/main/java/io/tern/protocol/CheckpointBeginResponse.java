package io.tern.protocol;

/**
 * Answer to {@code POST /internal/v1/workers/{workerId}/attempts/{attemptId}/checkpoints}: the
 * scheduler records a PENDING checkpoint and gives it its sequence number and the object key its
 * manifest must be written to.
 */
public record CheckpointBeginResponse(long seq, String manifestKey) {}
