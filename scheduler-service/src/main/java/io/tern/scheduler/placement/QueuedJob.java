package io.tern.scheduler.placement;

import java.time.Instant;
import java.util.Map;

/**
 * A QUEUED job as the planner sees it.
 *
 * @param notBefore earliest time it may be placed (retry backoff), or null
 * @param constraints labels a worker must have, each with the same value
 * @param targetWorkerId the worker the next placement must use (migrate to a worker), or null
 * @param targetLabels labels the next placement's worker must have (migrate to a label), or null
 * @param avoidWorkerId a worker the next placement uses only if no other fits (migrate away), or null
 */
public record QueuedJob(
    long jobId, int priority, Instant submittedAt, int slots, int memoryMb, Instant notBefore,
    Map<String, String> constraints, Long targetWorkerId, Map<String, String> targetLabels, Long avoidWorkerId) {

  /** Never-null label maps. */
  public QueuedJob {
    constraints = constraints == null ? Map.of() : Map.copyOf(constraints);
    targetLabels = targetLabels == null ? Map.of() : Map.copyOf(targetLabels);
  }

  /** A job without constraints or targets. */
  public QueuedJob(long jobId, int priority, Instant submittedAt, int slots, int memoryMb, Instant notBefore) {
    this(jobId, priority, submittedAt, slots, memoryMb, notBefore, Map.of(), null, Map.of(), null);
  }
}
