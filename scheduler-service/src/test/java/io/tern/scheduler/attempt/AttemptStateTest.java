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
import io.tern.scheduler.statemachine.TransitionTable.Transition;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every attempt transition is exercised; the last check fails if a table entry was never visited. */
class AttemptStateTest {

  private static final Set<Transition<AttemptState, AttemptTrigger>> visited = new HashSet<>();

  private static void expect(AttemptState from, AttemptTrigger trigger, AttemptState to) {
    assertThat(from.on(trigger)).isEqualTo(to);
    visited.add(new Transition<>(from, trigger, to));
  }

  @Test
  void aPendingAttemptRunsOnceStarted() {
    expect(PENDING, AttemptTrigger.STARTED, RUNNING);
  }

  @Test
  void aPendingAttemptCanFailToStart() {
    expect(PENDING, AttemptTrigger.FAILED, FAILED);
  }

  @Test
  void aPendingAttemptIsLostWithItsWorker() {
    expect(PENDING, AttemptTrigger.LOST, LOST);
  }

  @Test
  void aPendingAttemptCanBeKilledBeforeItStarts() {
    expect(PENDING, AttemptTrigger.KILLED, KILLED);
  }

  @Test
  void aRunningAttemptEndsInEachWay() {
    expect(RUNNING, AttemptTrigger.SUCCEEDED, SUCCEEDED);
    expect(RUNNING, AttemptTrigger.FAILED, FAILED);
    expect(RUNNING, AttemptTrigger.LOST, LOST);
    expect(RUNNING, AttemptTrigger.KILLED, KILLED);
  }

  @Test
  void aPendingAttemptCannotSucceedWithoutStarting() {
    assertThatThrownBy(() -> PENDING.on(AttemptTrigger.SUCCEEDED)).isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void aRunningAttemptCannotStartAgain() {
    assertThatThrownBy(() -> RUNNING.on(AttemptTrigger.STARTED))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage("attempt in state RUNNING cannot take event STARTED");
  }

  @ParameterizedTest
  @EnumSource(value = AttemptState.class, names = {"SUCCEEDED", "FAILED", "LOST", "KILLED"})
  void endedAttemptsAcceptNoEvent(AttemptState state) {
    assertThat(state.isFinal()).isTrue();
    for (AttemptTrigger trigger : AttemptTrigger.values()) {
      assertThatThrownBy(() -> state.on(trigger)).isInstanceOf(IllegalTransitionException.class);
    }
  }

  @AfterAll
  static void everyTransitionWasExercised() {
    assertThat(visited).containsExactlyInAnyOrderElementsOf(AttemptState.LIFECYCLE.transitions());
  }
}
