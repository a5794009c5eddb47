package io.tern.scheduler.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.scheduler.statemachine.IllegalTransitionException;
import io.tern.scheduler.statemachine.TransitionTable.Transition;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every drain transition is exercised; the last check fails if a table entry was never visited. */
class DrainStateTest {

  private static final Set<Transition<DrainState, DrainTrigger>> visited = new HashSet<>();

  private static void expect(DrainState from, DrainTrigger trigger, DrainState to) {
    assertThat(from.on(trigger)).isEqualTo(to);
    visited.add(new Transition<>(from, trigger, to));
  }

  @Test
  void aDrainCompletesWhenEveryJobIsOffTheWorker() {
    expect(DrainState.DRAINING, DrainTrigger.ALL_MOVED, DrainState.COMPLETED);
  }

  @Test
  void aDrainInProgressCanBeCancelled() {
    expect(DrainState.DRAINING, DrainTrigger.CANCEL, DrainState.CANCELLED);
  }

  @Test
  void anEndedDrainTakesNoEvent() {
    for (DrainState ended : new DrainState[] {DrainState.COMPLETED, DrainState.CANCELLED}) {
      for (DrainTrigger t : DrainTrigger.values()) {
        assertThatThrownBy(() -> ended.on(t)).isInstanceOf(IllegalTransitionException.class);
      }
    }
  }

  @AfterAll
  static void everyTransitionWasExercised() {
    assertThat(visited).containsExactlyInAnyOrderElementsOf(DrainState.LIFECYCLE.transitions());
  }
}
