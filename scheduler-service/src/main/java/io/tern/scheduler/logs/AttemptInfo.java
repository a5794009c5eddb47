package io.tern.scheduler.logs;

import java.time.Instant;

/**
 * What the log's markers say about one attempt.
 *
 * @param number the attempt number
 * @param worker the worker's name, or null when the caller may not see it
 * @param state the attempt's state ({@code PENDING}, {@code RUNNING}, or how it ended)
 * @param placedAt when it was placed
 * @param startedAt when its job started, or null
 * @param endedAt when it ended, or null while it runs
 * @param restoredFromSeq the checkpoint it restored from (or is to restore from), or null for a fresh start
 * @param restoredFromJob the job of that checkpoint when it is another job's (a resubmission), else null
 * @param restoredStep the step of that checkpoint, when known
 * @param endReason why it ended (its error or the reason it was stopped), or null
 */
public record AttemptInfo(int number, String worker, String state, Instant placedAt, Instant startedAt, Instant endedAt,
    Long restoredFromSeq, Long restoredFromJob, Long restoredStep, String endReason) {

  /** Whether the attempt is over. */
  public boolean ended() {
    return endedAt != null;
  }

  /** Whether the attempt has not started yet. */
  public boolean pending() {
    return "PENDING".equals(state);
  }
}
