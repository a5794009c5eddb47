package io.tern.worker.attempt;

import static io.tern.worker.attempt.AttemptState.LIFECYCLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.worker.statemachine.IllegalTransitionException;
import io.tern.worker.statemachine.TransitionTable.Transition;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** What the attempt lifecycle table must forbid, and what it must guarantee whatever the order of events. */
class AttemptStateTest {

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({
      "RUNNING, JOB_STARTED",         // a job starts once
      "VACATING, JOB_STARTED",
      "ENDING, PROCESS_ENDED",        // a process ends once
      "ENDED, PROCESS_ENDED",
      "RUNNING, DONE",                // nothing is reported done before the process ended
      "LAUNCHING, DONE",
      "KILLING, DONE",
      "ENDED, DONE",                  // reported once
      "ENDING, JOB_STARTED",          // an ended attempt never runs again
      "ENDED, JOB_STARTED",
  })
  void forbids(AttemptState from, AttemptEvent event) {
    assertThat(LIFECYCLE.allows(from, event)).isFalse();
    assertThatThrownBy(() -> LIFECYCLE.take(from, event))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage("attempt on the worker in state " + from + " cannot take event " + event);
  }

  @Test
  void aDisownedAttemptIsNeverReportableAgain() {
    for (Transition<AttemptState, AttemptEvent> t : LIFECYCLE.transitions()) {
      if (!t.from().reportable()) {
        assertThat(t.to().reportable()).as(t.toString()).isFalse();
      }
    }
  }

  @Test
  void onlyALaunchingAttemptStartsItsJobAndOnlyARunningOneVacates() {
    for (Transition<AttemptState, AttemptEvent> t : LIFECYCLE.transitions()) {
      if (t.to() == AttemptState.RUNNING) {
        assertThat(t.from()).as(t.toString()).isEqualTo(AttemptState.LAUNCHING);
      }
      if (t.to() == AttemptState.VACATING) {
        assertThat(t.from()).as(t.toString()).isIn(AttemptState.RUNNING, AttemptState.VACATING);
      }
    }
  }

  @Test
  void nothingLeavesEnded() {
    assertThat(LIFECYCLE.transitions()).filteredOn(t -> t.from() == AttemptState.ENDED)
        .allSatisfy(t -> assertThat(t.to()).isEqualTo(AttemptState.ENDED));
  }

  @ParameterizedTest
  @EnumSource(AttemptState.class)
  void everyStateCanEnd(AttemptState start) {
    Set<AttemptState> reached = EnumSet.of(start);
    Deque<AttemptState> todo = new ArrayDeque<>(reached);
    while (!todo.isEmpty()) {
      AttemptState s = todo.poll();
      for (Transition<AttemptState, AttemptEvent> t : LIFECYCLE.transitions()) {
        if (t.from() == s && reached.add(t.to())) {
          todo.add(t.to());
        }
      }
    }
    assertThat(reached).contains(AttemptState.ENDED);
  }

  @ParameterizedTest
  @EnumSource(value = AttemptState.class, names = {"ENDING", "ENDING_DISOWNED", "ENDED"}, mode = EnumSource.Mode.EXCLUDE)
  void aKillOrderAlwaysLeadsToAStoppedProcess(AttemptState from) {
    AttemptState to = LIFECYCLE.take(from, AttemptEvent.KILL_ORDERED).to();
    assertThat(to).isIn(AttemptState.KILLING, AttemptState.DISOWNED);
  }
}
