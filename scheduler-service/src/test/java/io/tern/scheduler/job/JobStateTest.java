package io.tern.scheduler.job;

import static io.tern.scheduler.job.JobState.CANCELLED;
import static io.tern.scheduler.job.JobState.CANCELLING;
import static io.tern.scheduler.job.JobState.COMPLETED;
import static io.tern.scheduler.job.JobState.FAILED;
import static io.tern.scheduler.job.JobState.QUEUED;
import static io.tern.scheduler.job.JobState.RUNNING;
import static io.tern.scheduler.job.JobTrigger.ATTEMPT_ENDED_AFTER_CANCEL;
import static io.tern.scheduler.job.JobTrigger.ATTEMPT_FAILED_FINAL;
import static io.tern.scheduler.job.JobTrigger.ATTEMPT_FAILED_RETRYING;
import static io.tern.scheduler.job.JobTrigger.ATTEMPT_KILLED;
import static io.tern.scheduler.job.JobTrigger.ATTEMPT_LOST;
import static io.tern.scheduler.job.JobTrigger.ATTEMPT_SUCCEEDED;
import static io.tern.scheduler.job.JobTrigger.CANCEL_REQUESTED;
import static io.tern.scheduler.job.JobTrigger.PLACED;
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

/** Every job transition is exercised; the last check fails if a table entry was never visited. */
class JobStateTest {

  private static final Set<Transition<JobState, JobTrigger>> visited = new HashSet<>();

  private static void expect(JobState from, JobTrigger trigger, JobState to) {
    assertThat(from.on(trigger)).isEqualTo(to);
    visited.add(new Transition<>(from, trigger, to));
  }

  @Test
  void aQueuedJobStartsRunningWhenPlaced() {
    expect(QUEUED, PLACED, RUNNING);
  }

  @Test
  void aQueuedJobIsCancelledAtOnce() {
    expect(QUEUED, CANCEL_REQUESTED, CANCELLED);
  }

  @Test
  void aRunningJobCompletesWhenItsAttemptSucceeds() {
    expect(RUNNING, ATTEMPT_SUCCEEDED, COMPLETED);
  }

  @Test
  void aFailureWithRetriesLeftRequeues() {
    expect(RUNNING, ATTEMPT_FAILED_RETRYING, QUEUED);
  }

  @Test
  void aFailureWithoutRetriesLeftFails() {
    expect(RUNNING, ATTEMPT_FAILED_FINAL, FAILED);
  }

  @Test
  void aLostAttemptRequeues() {
    expect(RUNNING, ATTEMPT_LOST, QUEUED);
  }

  @Test
  void anUnexpectedKillRequeues() {
    expect(RUNNING, ATTEMPT_KILLED, QUEUED);
  }

  @Test
  void cancellingARunningJobWaitsForItsAttempt() {
    expect(RUNNING, CANCEL_REQUESTED, CANCELLING);
  }

  @Test
  void cancellingTwiceChangesNothing() {
    expect(CANCELLING, CANCEL_REQUESTED, CANCELLING);
  }

  @Test
  void aResultThatArrivesDuringCancelIsKept() {
    expect(CANCELLING, ATTEMPT_SUCCEEDED, COMPLETED);
  }

  @Test
  void aCancellingJobIsCancelledWhenItsAttemptEnds() {
    expect(CANCELLING, ATTEMPT_ENDED_AFTER_CANCEL, CANCELLED);
  }

  @Test
  void aQueuedJobCanBeHeld() {
    expect(QUEUED, JobTrigger.HOLD, JobState.HELD);
  }

  @Test
  void aVacatedAttemptRequeuesItsJob() {
    expect(RUNNING, JobTrigger.ATTEMPT_VACATED, QUEUED);
  }

  @Test
  void aRunningJobBeingHeldIsHeldWhenItsAttemptEnds() {
    expect(RUNNING, JobTrigger.ATTEMPT_ENDED_FOR_HOLD, JobState.HELD);
  }

  @Test
  void aReleasedJobIsQueuedAgain() {
    expect(JobState.HELD, JobTrigger.RELEASE, QUEUED);
  }

  @Test
  void aHeldJobIsCancelledAtOnce() {
    expect(JobState.HELD, CANCEL_REQUESTED, CANCELLED);
  }

  @Test
  void aHeldJobIsNeitherPlacedNorFinal() {
    assertThat(JobState.HELD.isFinal()).isFalse();
    assertThatThrownBy(() -> JobState.HELD.on(PLACED)).isInstanceOf(IllegalTransitionException.class);
  }

  @ParameterizedTest
  @EnumSource(value = JobState.class, names = {"COMPLETED", "FAILED", "CANCELLED"})
  void finalStatesAcceptNoEvent(JobState state) {
    assertThat(state.isFinal()).isTrue();
    for (JobTrigger trigger : JobTrigger.values()) {
      assertThatThrownBy(() -> state.on(trigger))
          .isInstanceOf(IllegalTransitionException.class)
          .hasMessageContaining(state.name())
          .hasMessageContaining(trigger.name());
    }
  }

  @Test
  void aQueuedJobCannotSucceed() {
    assertThatThrownBy(() -> QUEUED.on(ATTEMPT_SUCCEEDED)).isInstanceOf(IllegalTransitionException.class);
    assertThat(JobState.LIFECYCLE.allows(QUEUED, ATTEMPT_LOST)).isFalse();
  }

  @AfterAll
  static void everyTransitionWasExercised() {
    assertThat(visited).containsExactlyInAnyOrderElementsOf(JobState.LIFECYCLE.transitions());
  }
}
