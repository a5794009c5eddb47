package io.tern.worker.attempt;

/** What happens to an attempt on this worker; moves its {@link AttemptState}. */
public enum AttemptEvent {
  /** The job runs (restored or fresh). */
  JOB_STARTED,
  /** The job process was launched but the job could not be started in it. */
  JOB_FAILED_TO_START,
  /** The scheduler ordered a kill, or a vacate finished its last checkpoint. */
  KILL_ORDERED,
  /** The scheduler ordered a vacate: checkpoint, then stop. */
  VACATE_ORDERED,
  /** The attempt is no longer this worker's to report: the scheduler called it stale, or the worker abandons it. */
  DISOWNED,
  /** The job process has ended, or the attempt ended before a process could run. */
  PROCESS_ENDED,
  /** The end was reported (or, for a disowned attempt, only cleaned up). */
  DONE
}
