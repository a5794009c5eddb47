package io.tern.scheduler.checkpoint;

import io.tern.scheduler.statemachine.TransitionTable;

/**
 * State of a checkpoint. Mirrored by the {@code checkpoints_state_check} constraint.
 *
 * <pre>
 * PENDING ──COMMIT──▶ COMMITTED ──CORRUPTION_FOUND──▶ CORRUPT
 *    │                    │                              │
 *  ABORT           RETENTION_EXPIRED              RETENTION_EXPIRED
 *    ▼                    ▼                              ▼
 * ABORTED ─RETENTION_EXPIRED─▶ DELETED ◀──────────────────┘
 * </pre>
 */
public enum CheckpointState {
  /** Being written by the worker; never restored from. */
  PENDING,
  /** Durable in storage; may be restored from. */
  COMMITTED,
  /** Given up (the worker failed to write it, its attempt ended first, or it missed the commit timeout). */
  ABORTED,
  /** A restore found its image missing or damaged; never restored from again. */
  CORRUPT,
  /** Out of retention: its manifest was deleted from storage. */
  DELETED;

  /** Every allowed checkpoint transition. */
  public static final TransitionTable<CheckpointState, CheckpointTrigger> LIFECYCLE =
      TransitionTable.builder("checkpoint", CheckpointState.class, CheckpointTrigger.class)
          .on(PENDING, CheckpointTrigger.COMMIT, COMMITTED)
          .on(PENDING, CheckpointTrigger.ABORT, ABORTED)
          .on(COMMITTED, CheckpointTrigger.CORRUPTION_FOUND, CORRUPT)
          .on(COMMITTED, CheckpointTrigger.RETENTION_EXPIRED, DELETED)
          .on(CORRUPT, CheckpointTrigger.RETENTION_EXPIRED, DELETED)
          .on(ABORTED, CheckpointTrigger.RETENTION_EXPIRED, DELETED)
          .build();

  /** The state after {@code trigger}; throws {@code IllegalTransitionException} if not allowed. */
  public CheckpointState on(CheckpointTrigger trigger) {
    return LIFECYCLE.next(this, trigger);
  }
}
