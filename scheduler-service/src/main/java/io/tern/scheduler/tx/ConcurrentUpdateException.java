package io.tern.scheduler.tx;

/**
 * A conditional update changed zero rows: another transaction changed the same row first (its
 * {@code version} moved on). Answered with 409.
 */
public class ConcurrentUpdateException extends RuntimeException {

  /** Wraps the optimistic-locking failure that was seen last. */
  public ConcurrentUpdateException(String what, Throwable cause) {
    super(what + " was changed by another request at the same time; retry.", cause);
  }
}
