package io.tern.scheduler.attempt;

/** Events that move an attempt through its lifecycle (see {@link AttemptState#LIFECYCLE}). */
public enum AttemptTrigger {
  /** The worker reports the child JVM is up and its state is ready. */
  STARTED,
  /** The job finished and returned a result. */
  SUCCEEDED,
  /** The job threw, or its process died. */
  FAILED,
  /** The worker stopped answering, or registered again. */
  LOST,
  /** The attempt was stopped on the scheduler's order. */
  KILLED
}
