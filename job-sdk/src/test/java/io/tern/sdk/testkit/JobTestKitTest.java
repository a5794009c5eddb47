package io.tern.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.sdk.fixtures.FailingJob;
import io.tern.sdk.fixtures.InstanceCounterJob;
import io.tern.sdk.fixtures.LossyCodecJob;
import io.tern.sdk.fixtures.MixingJob;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobTestKitTest {

  private static final Map<String, String> PARAMS = Map.of("steps", "50", "size", "64");

  @Test
  void anUninterruptedRunReportsTheResultAndTheStepCount() {
    JobTestKit.RunResult run = JobTestKit.runUninterrupted(MixingJob::new, PARAMS);

    assertThat(run.steps()).isEqualTo(50);
    assertThat(run.result()).containsEntry("steps", 50L).containsKey("checksum");
    assertThat(run.restoredAfterSteps()).isEmpty();
  }

  @Test
  void restoresHappenAfterTheRequestedStepsIncludingRightAfterInit() {
    JobTestKit.RunResult run = JobTestKit.runWithRestores(MixingJob::new, PARAMS, List.of(0L, 10L, 49L, 500L));

    assertThat(run.restoredAfterSteps()).containsExactly(0L, 10L, 49L);
    assertThat(run.result()).isEqualTo(JobTestKit.runUninterrupted(MixingJob::new, PARAMS).result());
  }

  @Test
  void aCorrectJobSurvivesRandomRestores() {
    JobTestKit.RunResult reference = JobTestKit.assertSurvivesRestores(MixingJob::new, PARAMS, 7L, 10);

    assertThat(reference.result()).containsEntry("steps", 50L);
  }

  @Test
  void randomRestorePointsAreDistinctReproducibleAndWithinTheRun() {
    List<Long> a = JobTestKit.randomSteps(50, 99L, 10);

    assertThat(a).hasSize(10).doesNotHaveDuplicates().allSatisfy(s -> assertThat(s).isBetween(0L, 49L));
    assertThat(JobTestKit.randomSteps(50, 99L, 10)).isEqualTo(a);
    assertThat(JobTestKit.randomSteps(3, 99L, 10)).containsExactly(0L, 1L, 2L);
  }

  @Test
  void aJobKeepingDataOutsideItsStateFailsNamingTheStepWhereStatesDiverge() {
    assertThatThrownBy(() -> JobTestKit.assertSurvivesRestores(InstanceCounterJob::new, Map.of(), 3L, 4))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("does not survive")
        .hasMessageMatching("(?s).*the state after step \\d+ differs.*");
  }

  @Test
  void aCodecThatDropsDataFailsTheAssertion() {
    assertThatThrownBy(() -> JobTestKit.assertSurvivesRestores(LossyCodecJob::new, Map.of(), 5L, 3))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("does not survive")
        .hasMessageContaining("restored after steps");
  }

  @Test
  void aJobThatThrowsIsReportedWithItsStep() {
    assertThatThrownBy(() -> JobTestKit.runUninterrupted(FailingJob::new, Map.of("failAt", "4")))
        .isInstanceOfSatisfying(JobTestKit.JobFailedException.class, e -> assertThat(e.step()).isEqualTo(4))
        .hasRootCauseMessage("boom at step 4");
  }
}
