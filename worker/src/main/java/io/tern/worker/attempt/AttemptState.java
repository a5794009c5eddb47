package io.tern.worker.attempt;

import io.tern.worker.statemachine.TransitionTable;

/**
 * Where an attempt is on this worker. The table {@link #LIFECYCLE} lists every allowed move; an
 * order arriving in a state where it no longer matters (a kill for an attempt already ending) is
 * listed as leaving the state unchanged.
 */
public enum AttemptState {
  /** Creating the directory, launching the process, restoring the job. */
  LAUNCHING,
  /** The job runs and is checkpointed periodically. */
  RUNNING,
  /** Taking a last checkpoint before stopping, on the scheduler's order. */
  VACATING,
  /** The process is being killed on the scheduler's order; its end is reported KILLED. */
  KILLING,
  /** The job could not be started; the process is being killed; its end is reported FAILED. */
  FAILED_TO_START,
  /** Stale or abandoned: the process is being killed and nothing more is reported. */
  DISOWNED,
  /** The process has ended; waiting for a commit in flight, then reporting the end. */
  ENDING,
  /** The process of a disowned attempt has ended; waiting for a commit in flight, then cleaning up. */
  ENDING_DISOWNED,
  /** Over: reported (or disowned) and cleaned up. */
  ENDED;

  /** Every allowed transition of an attempt. */
  public static final TransitionTable<AttemptState, AttemptEvent> LIFECYCLE =
      TransitionTable.builder("attempt on the worker", AttemptState.class, AttemptEvent.class)
          .on(LAUNCHING, AttemptEvent.JOB_STARTED, RUNNING)
          .on(LAUNCHING, AttemptEvent.JOB_FAILED_TO_START, FAILED_TO_START)
          .on(LAUNCHING, AttemptEvent.KILL_ORDERED, KILLING)
          .on(LAUNCHING, AttemptEvent.VACATE_ORDERED, KILLING)
          .on(LAUNCHING, AttemptEvent.DISOWNED, DISOWNED)
          .on(LAUNCHING, AttemptEvent.PROCESS_ENDED, ENDING)
          .on(RUNNING, AttemptEvent.KILL_ORDERED, KILLING)
          .on(RUNNING, AttemptEvent.VACATE_ORDERED, VACATING)
          .on(RUNNING, AttemptEvent.DISOWNED, DISOWNED)
          .on(RUNNING, AttemptEvent.PROCESS_ENDED, ENDING)
          .on(VACATING, AttemptEvent.KILL_ORDERED, KILLING)
          .on(VACATING, AttemptEvent.DISOWNED, DISOWNED)
          .on(VACATING, AttemptEvent.PROCESS_ENDED, ENDING)
          .ignore(VACATING, AttemptEvent.VACATE_ORDERED)
          .on(KILLING, AttemptEvent.DISOWNED, DISOWNED)
          .on(KILLING, AttemptEvent.PROCESS_ENDED, ENDING)
          .ignore(KILLING, AttemptEvent.KILL_ORDERED, AttemptEvent.VACATE_ORDERED, AttemptEvent.JOB_STARTED,
              AttemptEvent.JOB_FAILED_TO_START)
          .on(FAILED_TO_START, AttemptEvent.KILL_ORDERED, KILLING)
          .on(FAILED_TO_START, AttemptEvent.VACATE_ORDERED, KILLING)
          .on(FAILED_TO_START, AttemptEvent.DISOWNED, DISOWNED)
          .on(FAILED_TO_START, AttemptEvent.PROCESS_ENDED, ENDING)
          .on(DISOWNED, AttemptEvent.PROCESS_ENDED, ENDING_DISOWNED)
          .ignore(DISOWNED, AttemptEvent.KILL_ORDERED, AttemptEvent.VACATE_ORDERED, AttemptEvent.DISOWNED,
              AttemptEvent.JOB_STARTED, AttemptEvent.JOB_FAILED_TO_START)
          .on(ENDING, AttemptEvent.DISOWNED, ENDING_DISOWNED)
          .on(ENDING, AttemptEvent.DONE, ENDED)
          .ignore(ENDING, AttemptEvent.KILL_ORDERED, AttemptEvent.VACATE_ORDERED)
          .on(ENDING_DISOWNED, AttemptEvent.DONE, ENDED)
          .ignore(ENDING_DISOWNED, AttemptEvent.KILL_ORDERED, AttemptEvent.VACATE_ORDERED, AttemptEvent.DISOWNED)
          .ignore(ENDED, AttemptEvent.KILL_ORDERED, AttemptEvent.VACATE_ORDERED, AttemptEvent.DISOWNED)
          .build();

  /** Whether the scheduler is still to hear about this attempt (reports and commits are retried). */
  public boolean reportable() {
    return this != DISOWNED && this != ENDING_DISOWNED && this != ENDED;
  }
}
