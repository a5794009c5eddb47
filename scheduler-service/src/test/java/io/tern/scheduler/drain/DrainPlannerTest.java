package io.tern.scheduler.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.scheduler.attempt.DesiredState;
import io.tern.scheduler.drain.DrainPlanner.DrainedAttempt;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrainPlannerTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private final DrainPlanner planner = new DrainPlanner();

  private static DrainedAttempt running(long id) {
    return new DrainedAttempt(id, true, DesiredState.RUN);
  }

  private static DrainedAttempt vacating(long id) {
    return new DrainedAttempt(id, true, DesiredState.VACATE);
  }

  private static DrainedAttempt gone(long id) {
    return new DrainedAttempt(id, false, DesiredState.VACATE);
  }

  @Test
  void gracefulMovesAtMostTheFreeMigrationSlotsInOrder() {
    DrainPlanner.Step step =
        planner.next(DrainMode.GRACEFUL, null, List.of(running(1), running(2), running(3), running(4)), 0, 2, NOW);
    assertThat(step.vacate()).containsExactly(1L, 2L);
    assertThat(step.stopNow()).isEmpty();
    assertThat(step.complete()).isFalse();
  }

  @Test
  void movesInFlightElsewhereCountAgainstTheCap() {
    DrainPlanner.Step step = planner.next(DrainMode.GRACEFUL, null, List.of(vacating(1), running(2), running(3)), 2, 2, NOW);
    assertThat(step.vacate()).isEmpty();
    step = planner.next(DrainMode.GRACEFUL, null, List.of(gone(1), vacating(2), running(3)), 1, 2, NOW);
    assertThat(step.vacate()).containsExactly(3L);
  }

  @Test
  void completeOnlyWhenNoAttemptIsLeftOnTheWorker() {
    assertThat(planner.next(DrainMode.GRACEFUL, null, List.of(gone(1), vacating(2)), 1, 2, NOW).complete()).isFalse();
    assertThat(planner.next(DrainMode.GRACEFUL, null, List.of(gone(1), gone(2)), 0, 2, NOW).complete()).isTrue();
    assertThat(planner.next(DrainMode.GRACEFUL, null, List.of(), 0, 2, NOW).complete()).isTrue();
  }

  @Test
  void atTheDeadlineEverythingLeftIsStoppedAndTheDrainEnds() {
    Instant deadline = NOW.minusMillis(1);
    DrainPlanner.Step step =
        planner.next(DrainMode.GRACEFUL, deadline, List.of(gone(1), vacating(2), running(3)), 1, 1, NOW);
    assertThat(step.stopNow()).containsExactly(2L, 3L);
    assertThat(step.vacate()).isEmpty();
    assertThat(step.deadlinePassed()).isTrue();
    assertThat(step.complete()).isTrue();
  }

  @Test
  void beforeTheDeadlineNothingIsForced() {
    DrainPlanner.Step step = planner.next(DrainMode.GRACEFUL, NOW.plusSeconds(1), List.of(vacating(2)), 1, 1, NOW);
    assertThat(step.stopNow()).isEmpty();
    assertThat(step.deadlinePassed()).isFalse();
  }

  @Test
  void immediateStopsEverythingAtOnceWithoutACheckpoint() {
    DrainPlanner.Step step = planner.next(DrainMode.IMMEDIATE, null, List.of(running(1), running(2), gone(3)), 0, 1, NOW);
    assertThat(step.stopNow()).containsExactly(1L, 2L);
    assertThat(step.vacate()).isEmpty();
    assertThat(step.complete()).isTrue();
    assertThat(step.deadlinePassed()).isFalse();
  }
}
