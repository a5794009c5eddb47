package io.tern.worker.statemachine;

/** An event arrived in a state whose lifecycle table does not list it. */
public class IllegalTransitionException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final String lifecycle;
  private final Enum<?> from;
  private final Enum<?> event;

  /** {@code event} arrived in state {@code from} of {@code lifecycle}. */
  public IllegalTransitionException(String lifecycle, Enum<?> from, Enum<?> event) {
    super(lifecycle + " in state " + from + " cannot take event " + event);
    this.lifecycle = lifecycle;
    this.from = from;
    this.event = event;
  }

  /** The lifecycle's name. */
  public String lifecycle() {
    return lifecycle;
  }

  /** The state it was in. */
  public Enum<?> from() {
    return from;
  }

  /** The refused event. */
  public Enum<?> event() {
    return event;
  }
}
