package io.tern.scheduler.placement;

import java.time.Instant;

/**
 * A QUEUED job as the planner sees it.
 *
 * @param notBefore earliest time it may be placed (retry backoff), or null
 */
public record QueuedJob(
    long jobId, int priority, Instant submittedAt, int slots, int memoryMb, Instant notBefore) {}
