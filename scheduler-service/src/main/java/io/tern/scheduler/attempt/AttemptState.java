package io.tern.scheduler.attempt;

import io.tern.scheduler.statemachine.TransitionTable;

/**
 * Observed state of an attempt (what the worker reported). Mirrored by the
 * {@code attempts_state_check} constraint. The scheduler's wish is kept apart in {@link DesiredState}.
 */
public enum AttemptState {
  /** Assigned to a worker, not started yet. */
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  LOST,
  KILLED;

  /** Every allowed attempt transition. */
  public static final TransitionTable<AttemptState, AttemptTrigger> LIFECYCLE =
      TransitionTable.builder("attempt", AttemptState.class, AttemptTrigger.class)
          .on(PENDING, AttemptTrigger.STARTED, RUNNING)
          .on(PENDING, AttemptTrigger.FAILED, FAILED)
          .on(PENDING, AttemptTrigger.LOST, LOST)
          .on(PENDING, AttemptTrigger.KILLED, KILLED)
          .on(RUNNING, AttemptTrigger.SUCCEEDED, SUCCEEDED)
          .on(RUNNING, AttemptTrigger.FAILED, FAILED)
          .on(RUNNING, AttemptTrigger.LOST, LOST)
          .on(RUNNING, AttemptTrigger.KILLED, KILLED)
          .build();

  /** The state after {@code trigger}; throws {@code IllegalTransitionException} if not allowed. */
  public AttemptState on(AttemptTrigger trigger) {
    return LIFECYCLE.next(this, trigger);
  }

  /** Whether the attempt is over. */
  public boolean isFinal() {
    return this != PENDING && this != RUNNING;
  }
}
