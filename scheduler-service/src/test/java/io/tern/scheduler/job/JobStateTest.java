package io.tern.scheduler.job;

import static io.tern.scheduler.job.JobState.CANCELLED;
import static io.tern.scheduler.job.JobState.COMPLETED;
import static io.tern.scheduler.job.JobState.FAILED;
import static io.tern.scheduler.job.JobState.QUEUED;
import static io.tern.scheduler.job.JobTrigger.ATTEMPT_LOST;
import static io.tern.scheduler.job.JobTrigger.ATTEMPT_SUCCEEDED;
import static io.tern.scheduler.job.JobTrigger.PLACED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.scheduler.statemachine.IllegalTransitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the job lifecycle forbids. That every allowed transition is reached is shown by the behaviour
 * tests (support/LifecycleCoverage), not by restating the table here.
 */
class JobStateTest {

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
}
