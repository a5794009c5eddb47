package io.tern.scheduler.checkpoint;

/** State of a checkpoint. Mirrored by the {@code checkpoints_state_check} constraint. */
public enum CheckpointState {
  /** Being written by the worker; never restored from. */
  PENDING,
  /** Durable in storage; may be restored from. */
  COMMITTED,
  /** Given up (the worker failed to write it, or its attempt ended first). */
  ABORTED
}
