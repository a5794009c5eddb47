package io.tern.scheduler.drain;

import io.tern.scheduler.statemachine.TransitionTable;

/**
 * State of a drain. Mirrored by the {@code drains_state_check} constraint.
 *
 * <pre>
 * DRAINING ──ALL_MOVED──▶ COMPLETED   (the worker stays cordoned until uncordoned)
 *    │
 *  CANCEL ──▶ CANCELLED               (the worker is eligible again)
 * </pre>
 */
public enum DrainState {
  /** Moving the worker's jobs off it. */
  DRAINING,
  /** Every job the worker had when the drain started is gone from it. */
  COMPLETED,
  /** An operator stopped the drain; jobs not yet moved stay. */
  CANCELLED;

  /** Every allowed drain transition. */
  public static final TransitionTable<DrainState, DrainTrigger> LIFECYCLE =
      TransitionTable.builder("drain", DrainState.class, DrainTrigger.class)
          .on(DRAINING, DrainTrigger.ALL_MOVED, COMPLETED)
          .on(DRAINING, DrainTrigger.CANCEL, CANCELLED)
          .build();

  /** The state after {@code trigger}; throws {@code IllegalTransitionException} if not allowed. */
  public DrainState on(DrainTrigger trigger) {
    return LIFECYCLE.next(this, trigger);
  }
}
