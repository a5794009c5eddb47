package io.tern.scheduler.attempt;

/**
 * A worker call named an attempt that is not the job's current, unfinished attempt on that worker.
 * Answered 409 with a problem of type {@code .../stale-attempt}; the worker kills that attempt.
 */
public class StaleAttemptException extends RuntimeException {

  /** @param detail why the attempt is stale, for the worker's log */
  public StaleAttemptException(String detail) {
    super(detail);
  }
}
