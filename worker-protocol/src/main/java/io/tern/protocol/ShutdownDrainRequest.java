package io.tern.protocol;

/**
 * {@code POST /internal/v1/workers/{workerId}/drain}: the worker is shutting down (it received
 * SIGTERM) and asks the scheduler to drain it gracefully — cordon it, then checkpoint and vacate each
 * of its attempts so that each job moves elsewhere from a fresh image (a migration, not a failure).
 * A drain already in progress (an operator's) is kept as it is.
 *
 * @param deadlineSeconds the worker's own shutdown deadline, in seconds (1..604800): jobs still on
 *     it then are stopped and restart elsewhere from their latest committed image
 */
public record ShutdownDrainRequest(int deadlineSeconds) {}
