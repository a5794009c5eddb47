package io.tern.scheduler.job;

/** Events that move a job through its lifecycle (see {@link JobState#LIFECYCLE}). */
public enum JobTrigger {
  /** The placement created an attempt on a worker. */
  PLACED,
  /** The current attempt finished with a result. */
  ATTEMPT_SUCCEEDED,
  /** The current attempt failed and the retry policy allows another try (after a backoff). */
  ATTEMPT_FAILED_RETRYING,
  /** The current attempt failed and no retries are left. */
  ATTEMPT_FAILED_FINAL,
  /** The current attempt was lost (worker gone or re-registered): requeue, no retry cost. */
  ATTEMPT_LOST,
  /** The current attempt was killed although nobody cancelled the job: requeue, no retry cost. */
  ATTEMPT_KILLED,
  /** A user asked to cancel the job. */
  CANCEL_REQUESTED,
  /** The attempt of a cancelling job ended (killed, failed or lost). */
  ATTEMPT_ENDED_AFTER_CANCEL,
  /** A user or operator held a queued job. */
  HOLD,
  /** The attempt was moved off its worker (drain, migrate, rebalance): requeue, no retry cost. */
  ATTEMPT_VACATED,
  /** The attempt of a job being held ended (checkpointed and stopped, killed or lost). */
  ATTEMPT_ENDED_FOR_HOLD,
  /** A held job was released. */
  RELEASE
}
