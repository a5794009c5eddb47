package io.tern.protocol;

/**
 * The scheduler's answer to a {@link ShutdownDrainRequest}.
 *
 * @param drainId the drain that moves the worker's jobs
 * @param started true when this request started it; false when a drain was already in progress
 * @param attempts how many of the worker's attempts the drain moves
 */
public record ShutdownDrainResponse(long drainId, boolean started, int attempts) {}
