package io.tern.scheduler.stream;

import java.time.Instant;

/**
 * Counts of one time bucket of {@code GET /api/v1/events/timeline}.
 *
 * @param start the bucket's start
 * @param completed jobs that completed in it
 * @param failed jobs that failed or were cancelled in it
 * @param checkpoints checkpoints committed in it
 */
public record TimelineBucket(Instant start, long completed, long failed, long checkpoints) {}
