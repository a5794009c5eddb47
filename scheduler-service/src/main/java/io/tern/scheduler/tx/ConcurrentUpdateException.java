package io.tern.scheduler.tx;

import io.tern.scheduler.api.ProblemException;
import io.tern.scheduler.api.ProblemTypes;
import org.springframework.http.HttpStatus;

/**
 * A conditional update changed zero rows: another transaction changed the same row first (its
 * {@code version} moved on). Answered with 409.
 */
public class ConcurrentUpdateException extends ProblemException {

  /** Wraps the optimistic-locking failure that was seen last. */
  public ConcurrentUpdateException(String what, Throwable cause) {
    super(HttpStatus.CONFLICT, ProblemTypes.CONCURRENT_UPDATE, "Concurrent update",
        what + " was changed by another request at the same time; retry.", cause);
  }
}
