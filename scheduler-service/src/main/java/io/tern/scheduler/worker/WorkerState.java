package io.tern.scheduler.worker;

/** Liveness of a worker. Mirrored by the {@code workers_state_check} constraint. */
public enum WorkerState {
  /** Heartbeating; eligible for placement. */
  ACTIVE,
  /** Silent for longer than the worker timeout; its attempts were marked LOST. */
  LOST
}
