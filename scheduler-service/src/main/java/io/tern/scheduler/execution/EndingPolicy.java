package io.tern.scheduler.execution;

/**
 * Decides what an attempt's end means for its job (plain Java, no framework). One table for every
 * way an attempt can end, read top to bottom; {@link AttemptEndings} applies the verdict.
 *
 * <pre>
 * attempt not the job's current one (or job final) → IGNORE
 * SUCCEEDED                                       → COMPLETE
 * job CANCELLING                                  → CANCEL
 * FAILED, a retry left, hold requested            → HOLD_AFTER_RETRY   (the retry is used)
 * FAILED, a retry left                            → RETRY
 * FAILED, no retry left                           → GIVE_UP
 * KILLED or LOST, hold requested                  → HOLD
 * KILLED on the scheduler's order (stop reason)   → REQUEUE_MOVED      (vacate, drain, rebalance)
 * KILLED otherwise                                → REQUEUE_KILLED
 * LOST                                            → REQUEUE_LOST
 * </pre>
 *
 * Only FAILED uses one of the job's retries; a kill or a lost worker is not the job's fault.
 */
public final class EndingPolicy {

  private EndingPolicy() {}

  /** How an attempt ended. */
  public enum Ending { SUCCEEDED, FAILED, KILLED, LOST }

  /** What happens to the job. */
  public enum Verdict {
    /** The attempt is stale or the job already final: the job does not change. */
    IGNORE,
    COMPLETE,
    CANCEL,
    /** Hold without using a retry. */
    HOLD,
    /** The attempt failed while a hold was requested: the retry is counted, the job HELD. */
    HOLD_AFTER_RETRY,
    RETRY,
    GIVE_UP,
    /** Requeued to restart elsewhere from its latest image (no retry used). */
    REQUEUE_MOVED,
    REQUEUE_KILLED,
    REQUEUE_LOST
  }

  /** The facts about the job that decide the verdict. */
  public record Facts(boolean current, boolean cancelling, boolean holdRequested, boolean stoppedByScheduler,
      boolean retryLeft) {}

  /** The verdict for an attempt that ended as {@code ending}. */
  public static Verdict decide(Ending ending, Facts f) {
    if (!f.current()) {
      return Verdict.IGNORE;
    }
    if (ending == Ending.SUCCEEDED) {
      return Verdict.COMPLETE;
    }
    if (f.cancelling()) {
      return Verdict.CANCEL;
    }
    return switch (ending) {
      case FAILED -> !f.retryLeft() ? Verdict.GIVE_UP : f.holdRequested() ? Verdict.HOLD_AFTER_RETRY : Verdict.RETRY;
      case KILLED -> f.holdRequested() ? Verdict.HOLD
          : f.stoppedByScheduler() ? Verdict.REQUEUE_MOVED : Verdict.REQUEUE_KILLED;
      case LOST -> f.holdRequested() ? Verdict.HOLD : Verdict.REQUEUE_LOST;
      case SUCCEEDED -> throw new AssertionError("handled above");
    };
  }
}
