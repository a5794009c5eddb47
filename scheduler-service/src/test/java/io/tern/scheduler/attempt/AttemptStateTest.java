package io.tern.scheduler.attempt;

import static io.tern.scheduler.attempt.AttemptState.FAILED;
import static io.tern.scheduler.attempt.AttemptState.KILLED;
import static io.tern.scheduler.attempt.AttemptState.LOST;
import static io.tern.scheduler.attempt.AttemptState.PENDING;
import static io.tern.scheduler.attempt.AttemptState.RUNNING;
import static io.tern.scheduler.attempt.AttemptState.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.scheduler.statemachine.IllegalTransitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the attempt lifecycle forbids. That every allowed transition is reached is shown by the behaviour
 * tests (support/LifecycleCoverage), not by restating the table here.
 */
class AttemptStateTest {

  @Test
  void aPendingAttemptCannotSucceedWithoutStarting() {
    assertThatThrownBy(() -> PENDING.on(AttemptTrigger.SUCCEEDED)).isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void aRunningAttemptCannotStartAgain() {
    assertThatThrownBy(() -> RUNNING.on(AttemptTrigger.STARTED))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage("The attempt is RUNNING and cannot take STARTED now.");
  }

  @ParameterizedTest
  @EnumSource(value = AttemptState.class, names = {"SUCCEEDED", "FAILED", "LOST", "KILLED"})
  void endedAttemptsAcceptNoEvent(AttemptState state) {
    assertThat(state.isFinal()).isTrue();
    for (AttemptTrigger trigger : AttemptTrigger.values()) {
      assertThatThrownBy(() -> state.on(trigger)).isInstanceOf(IllegalTransitionException.class);
    }
  }
}
