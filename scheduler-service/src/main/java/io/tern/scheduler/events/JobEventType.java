package io.tern.scheduler.events;

/** Kinds of entries in a job's event log. */
public enum JobEventType {
  SUBMITTED,
  PLACED,
  STARTED,
  RESTORED,
  CHECKPOINT_COMMITTED,
  CHECKPOINT_ABORTED,
  COMPLETED,
  RETRY_SCHEDULED,
  FAILED,
  ATTEMPT_LOST,
  ATTEMPT_KILLED,
  CANCEL_REQUESTED,
  CANCELLED
}
