package io.tern.scheduler.job;

import io.tern.scheduler.statemachine.TransitionTable;

/** Observed state of a job. Mirrored by the {@code jobs_state_check} constraint. */
public enum JobState {
  QUEUED,
  RUNNING,
  CANCELLING,
  /** Held by a user or operator: not placed until released. */
  HELD,
  COMPLETED,
  FAILED,
  CANCELLED;

  /** Every allowed job transition. */
  public static final TransitionTable<JobState, JobTrigger> LIFECYCLE =
      TransitionTable.builder("job", JobState.class, JobTrigger.class)
          .on(QUEUED, JobTrigger.PLACED, RUNNING)
          .on(QUEUED, JobTrigger.CANCEL_REQUESTED, CANCELLED)
          .on(RUNNING, JobTrigger.ATTEMPT_SUCCEEDED, COMPLETED)
          .on(RUNNING, JobTrigger.ATTEMPT_FAILED_RETRYING, QUEUED)
          .on(RUNNING, JobTrigger.ATTEMPT_FAILED_FINAL, FAILED)
          .on(RUNNING, JobTrigger.ATTEMPT_LOST, QUEUED)
          .on(RUNNING, JobTrigger.ATTEMPT_KILLED, QUEUED)
          .on(RUNNING, JobTrigger.CANCEL_REQUESTED, CANCELLING)
          .on(CANCELLING, JobTrigger.CANCEL_REQUESTED, CANCELLING)
          .on(CANCELLING, JobTrigger.ATTEMPT_SUCCEEDED, COMPLETED)
          .on(CANCELLING, JobTrigger.ATTEMPT_ENDED_AFTER_CANCEL, CANCELLED)
          .on(QUEUED, JobTrigger.HOLD, HELD)
          .on(RUNNING, JobTrigger.ATTEMPT_VACATED, QUEUED)
          .on(RUNNING, JobTrigger.ATTEMPT_ENDED_FOR_HOLD, HELD)
          .on(HELD, JobTrigger.RELEASE, QUEUED)
          .on(HELD, JobTrigger.CANCEL_REQUESTED, CANCELLED)
          .build();

  /** The state after {@code trigger}; throws {@code IllegalTransitionException} if not allowed. */
  public JobState on(JobTrigger trigger) {
    return LIFECYCLE.next(this, trigger);
  }

  /** Whether the job will never change again. */
  public boolean isFinal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
