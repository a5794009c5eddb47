package io.tern.scheduler.attempt;

import io.tern.scheduler.api.ProblemException;
import io.tern.scheduler.api.ProblemTypes;
import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * A worker call named an attempt that is not the job's current, unfinished attempt on that worker.
 * Answered 409 with a problem of type {@code .../stale-attempt}; the worker kills that attempt.
 */
public class StaleAttemptException extends ProblemException {

  /** The problem type a worker recognises: its attempt is stale and must die. */
  public static final URI TYPE = ProblemTypes.of("stale-attempt");

  /** @param detail why the attempt is stale, for the worker's log */
  public StaleAttemptException(String detail) {
    super(HttpStatus.CONFLICT, TYPE, "Stale attempt", detail);
  }
}
