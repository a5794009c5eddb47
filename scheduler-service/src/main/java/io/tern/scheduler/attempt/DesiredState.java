package io.tern.scheduler.attempt;

/**
 * What the scheduler wants an attempt to do, kept apart from what the worker observed. Mirrored by
 * the {@code attempts_desired_check} constraint.
 */
public enum DesiredState {
  /** Keep running. */
  RUN,
  /** Checkpoint now, then stop: the job moves (drain, migrate, rebalance) or is held. */
  VACATE,
  /** Stop it now, without a new checkpoint (cancel, drain deadline, immediate drain). */
  KILL
}
