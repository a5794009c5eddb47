package io.tern.scheduler.protocol;

import io.tern.scheduler.api.ProblemException;
import io.tern.scheduler.api.ProblemTypes;
import org.springframework.http.HttpStatus;

/**
 * A worker registered with the join token under the name of a live worker (409): only that worker,
 * with its current secret, may register the name again until it is LOST.
 */
public class WorkerNameInUseException extends ProblemException {

  public WorkerNameInUseException(String name) {
    super(HttpStatus.CONFLICT, ProblemTypes.of("worker-name-in-use"), "Worker name in use",
        "A live worker is registered as '" + name + "'. Only that worker may register the name again (with its id"
            + " and secret as HTTP Basic); with the join token the name is free once the worker shut down or"
            + " missed its heartbeats for longer than the worker timeout.");
  }
}
