package io.tern.worker.scheduler;

/**
 * The scheduler answered 409 {@code .../stale-attempt}: the attempt is no longer the job's current
 * attempt on this worker (the job was moved, cancelled or this worker was declared lost). Its process
 * must be killed; its reports and checkpoints will never be accepted.
 */
public class StaleAttemptException extends RuntimeException {

  private final long attemptId;

  /** Creates the exception for {@code attemptId} with the scheduler's explanation. */
  public StaleAttemptException(long attemptId, String detail) {
    super("attempt " + attemptId + " is stale: " + detail);
    this.attemptId = attemptId;
  }

  /** The attempt the scheduler refused. */
  public long attemptId() {
    return attemptId;
  }
}
