package io.tern.scheduler.cluster;

import io.tern.scheduler.events.JobEventType;
import java.time.Instant;

/** One change a planner proposes; the {@link PlanApplier} checks it and writes it through {@link ClusterWrites}. */
public sealed interface PlanStep {

  /** Run a queued job on a worker: its next attempt, PENDING with desired RUN. */
  record Place(long jobId, long workerId) implements PlanStep {}

  /**
   * Ask the worker to checkpoint an attempt and stop it; the job restarts elsewhere from that image.
   *
   * @param type the job event to record ({@code DRAIN_MOVE}, {@code REBALANCE_MOVE})
   * @param reason the event's reason
   * @param targetWorkerId the worker the job's next placement must use, null for any
   */
  record Vacate(long attemptId, JobEventType type, String reason, Long targetWorkerId) implements PlanStep {}

  /** End a drained attempt at once, without a new checkpoint (immediate drain, or the deadline passed). */
  record Stop(long attemptId, ClusterSnapshot.Drain drain, boolean deadlinePassed) implements PlanStep {}

  /**
   * End an attempt whose checkpoint-and-stop did not finish by its vacate deadline, without a new
   * checkpoint; its job continues from its latest committed image (held or moved, as ordered).
   */
  record StopOverdue(long attemptId, Instant deadline) implements PlanStep {}

  /** A drain's deadline passed while {@code stopped} of its attempts were still on the worker. */
  record DeadlinePassed(ClusterSnapshot.Drain drain, int stopped) implements PlanStep {}

  /** A drain is done: its worker holds none of its attempts any more. */
  record CompleteDrain(ClusterSnapshot.Drain drain) implements PlanStep {}
}
