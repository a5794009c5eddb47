package io.tern.worker.attempt;

import io.tern.worker.statemachine.TransitionTable.Transition;
import java.util.function.Consumer;

/**
 * The current {@link AttemptState} of one attempt, moved only along {@link AttemptState#LIFECYCLE}.
 * Thread-safe: events are applied one at a time.
 */
final class AttemptLifecycle {

  private final Consumer<Transition<AttemptState, AttemptEvent>> observer;
  private volatile AttemptState state = AttemptState.LAUNCHING;

  /** @param observer told of every transition taken, after it is taken */
  AttemptLifecycle(Consumer<Transition<AttemptState, AttemptEvent>> observer) {
    this.observer = observer;
  }

  /** The current state. */
  AttemptState state() {
    return state;
  }

  /**
   * Applies {@code event}.
   *
   * @throws io.tern.worker.statemachine.IllegalTransitionException when the table does not allow it
   */
  Transition<AttemptState, AttemptEvent> on(AttemptEvent event) {
    Transition<AttemptState, AttemptEvent> transition;
    synchronized (this) {
      transition = AttemptState.LIFECYCLE.take(state, event);
      state = transition.to();
    }
    observer.accept(transition);
    return transition;
  }
}
