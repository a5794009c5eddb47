package io.tern.scheduler.statemachine;

import io.tern.scheduler.api.ProblemException;
import io.tern.scheduler.api.ProblemTypes;
import org.springframework.http.HttpStatus;

/** An event arrived in a state whose lifecycle table does not allow it (409 when a request caused it). */
public class IllegalTransitionException extends ProblemException {

  private final String lifecycle;
  private final Enum<?> from;
  private final Enum<?> event;

  /** Creates the exception for {@code event} in state {@code from} of {@code lifecycle}. */
  public IllegalTransitionException(String lifecycle, Enum<?> from, Enum<?> event) {
    super(HttpStatus.CONFLICT, ProblemTypes.STATE_CONFLICT, "State conflict",
        "The " + lifecycle + " is " + from + " and cannot take " + event + " now.");
    this.lifecycle = lifecycle;
    this.from = from;
    this.event = event;
  }

  /** Name of the lifecycle ("job", "attempt"). */
  public String lifecycle() {
    return lifecycle;
  }

  /** The state the object was in. */
  public Enum<?> from() {
    return from;
  }

  /** The refused event. */
  public Enum<?> event() {
    return event;
  }
}
