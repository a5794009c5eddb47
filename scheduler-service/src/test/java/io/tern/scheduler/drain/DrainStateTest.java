package io.tern.scheduler.drain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.scheduler.statemachine.IllegalTransitionException;
import org.junit.jupiter.api.Test;

/**
 * What the drain lifecycle forbids. That every allowed transition is reached is shown by the behaviour
 * tests (support/LifecycleCoverage), not by restating the table here.
 */
class DrainStateTest {

  @Test
  void anEndedDrainTakesNoEvent() {
    for (DrainState ended : new DrainState[] {DrainState.COMPLETED, DrainState.CANCELLED}) {
      for (DrainTrigger t : DrainTrigger.values()) {
        assertThatThrownBy(() -> ended.on(t)).isInstanceOf(IllegalTransitionException.class);
      }
    }
  }
}
