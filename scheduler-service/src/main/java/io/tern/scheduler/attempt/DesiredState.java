package io.tern.scheduler.attempt;

/** What the scheduler wants an attempt to do, kept apart from what the worker observed. */
public enum DesiredState {
  /** Keep running. */
  RUN,
  /** Stop it (the job is being cancelled). */
  KILL
}
