package io.tern.scheduler.worker;

/** Kinds of entries in a worker's audit log. */
public enum WorkerEventType {
  CORDONED,
  UNCORDONED,
  DRAIN_STARTED,
  DRAIN_DEADLINE_PASSED,
  DRAIN_COMPLETED,
  DRAIN_CANCELLED,
  /** The worker is shutting down and asked to be drained. */
  SHUTDOWN_DRAIN,
  /** The worker shut down cleanly and said goodbye. */
  DEREGISTERED
}
