package io.tern.scheduler.statemachine;

/** An event arrived in a state whose lifecycle table does not allow it. */
public class IllegalTransitionException extends RuntimeException {

  private final String lifecycle;
  private final Enum<?> from;
  private final Enum<?> event;

  /** Creates the exception for {@code event} in state {@code from} of {@code lifecycle}. */
  public IllegalTransitionException(String lifecycle, Enum<?> from, Enum<?> event) {
    super(lifecycle + " in state " + from + " cannot take event " + event);
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
