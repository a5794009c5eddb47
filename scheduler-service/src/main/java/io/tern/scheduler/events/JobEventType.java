package io.tern.scheduler.events;

/** Kinds of entries in a job's event log. */
public enum JobEventType {
  SUBMITTED,
  PLACED,
  STARTED,
  RESTORED,
  /**
   * The worker refused the newest checkpoint(s) handed to it (damaged, or not authenticated by the
   * cluster's manifest key) and restored an older one; the message names each refused one and why.
   */
  RESTORE_FELL_BACK,
  /**
   * The worker refused every checkpoint handed to it: the attempt started from step 0. The message
   * names each refused one and why.
   */
  STARTED_FROM_SCRATCH,
  CHECKPOINT_COMMITTED,
  CHECKPOINT_ABORTED,
  CHECKPOINT_CORRUPT,
  CHECKPOINT_DELETED,
  CHECKPOINT_PINNED,
  CHECKPOINT_UNPINNED,
  COMPLETED,
  RETRY_SCHEDULED,
  FAILED,
  ATTEMPT_LOST,
  ATTEMPT_KILLED,
  CANCEL_REQUESTED,
  CANCELLED,
  /** A hold was asked for; a running job is checkpointed and stopped first. */
  HOLD_REQUESTED,
  /** The job is HELD: it is not placed until released. */
  HELD,
  /** A held job was released and queued again. */
  RELEASED,
  /** The job's priority changed. */
  PRIORITY_CHANGED,
  /** An operator asked to move the job (optionally to a worker or label). */
  MIGRATION_REQUESTED,
  /** A drain asked to move the job off its worker. */
  DRAIN_MOVE,
  /** The rebalancer moved the job from a busy worker to an idle one (the message says why). */
  REBALANCE_MOVE,
  /** The attempt was checkpointed and stopped (or stopped) for a move; requeued without using a retry. */
  VACATED,
  /** A deadline passed before the attempt's checkpoint committed: stopped, restarts from its latest image. */
  STOPPED_AT_DEADLINE,
  /** This job was created from a checkpoint of another job. */
  RESUBMITTED,
  /** One of this job's checkpoints was used to create another job. */
  CHECKPOINT_RESUBMITTED,
  /** This job was submitted by a recurring schedule. */
  SCHEDULED_SUBMISSION
}
