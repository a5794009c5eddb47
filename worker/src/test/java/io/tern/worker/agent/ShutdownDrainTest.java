package io.tern.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.protocol.AttemptFinished;
import io.tern.protocol.AttemptStarted;
import io.tern.protocol.CheckpointBeginResponse;
import io.tern.protocol.CheckpointCommit;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.RegisterRequest;
import io.tern.protocol.RegisterResponse;
import io.tern.protocol.ShutdownDrainRequest;
import io.tern.protocol.ShutdownDrainResponse;
import io.tern.protocol.WorkerOrders;
import io.tern.testsupport.ManualClock;
import io.tern.testsupport.ManualScheduledExecutor;
import io.tern.worker.agent.ShutdownDrain.Outcome;
import io.tern.worker.scheduler.Backoff;
import io.tern.worker.scheduler.SchedulerClient;
import io.tern.worker.scheduler.SchedulerRejectedException;
import io.tern.worker.scheduler.SchedulerUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ShutdownDrainTest {

  private static final Instant T0 = Instant.parse("2026-12-06T05:00:00Z");
  private static final Duration DEADLINE = Duration.ofMinutes(2);

  private final ManualClock clock = new ManualClock(T0);
  private final ManualScheduledExecutor executor = new ManualScheduledExecutor(clock);
  private final DrainScheduler scheduler = new DrainScheduler();
  private final List<Long> attempts = new ArrayList<>(List.of(11L, 12L, 13L));
  private Long workerId = 7L;
  /** When the scheduler last answered a heartbeat: now, unless a test silences it. */
  private java.util.function.Supplier<Instant> lastContact = clock::instant;

  private ShutdownDrain drain(Duration deadline) {
    return new ShutdownDrain(() -> workerId, () -> List.copyOf(attempts), () -> lastContact.get(), scheduler, executor, clock,
        deadline, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4), () -> 0.999_999));
  }

  @Test
  void asksTheSchedulerOnceWithTheDeadlineAndEndsWhenTheLastAttemptHasLeft() {
    CompletableFuture<Outcome> outcome = drain(DEADLINE).start();
    executor.runDue();

    assertThat(scheduler.requests).containsExactly("7:120");
    executor.advance(Duration.ofSeconds(5));
    attempts.remove(11L);
    attempts.remove(12L);
    executor.advance(Duration.ofSeconds(5));
    assertThat(outcome).isNotDone();

    attempts.clear();
    executor.advance(ShutdownDrain.WATCH_INTERVAL);
    assertThat(outcome).isCompletedWithValue(Outcome.DRAINED);
    assertThat(scheduler.requests).as("asked once").hasSize(1);
    assertThat(executor.pendingDelays()).as("nothing left to run").isEmpty();
  }

  @Test
  void givesUpAtTheDeadlineWhenAttemptsAreStillThere() {
    CompletableFuture<Outcome> outcome = drain(DEADLINE).start();
    executor.advance(DEADLINE.minusMillis(1));
    assertThat(outcome).isNotDone();

    executor.advance(ShutdownDrain.WATCH_INTERVAL);
    assertThat(outcome).isCompletedWithValue(Outcome.DEADLINE_PASSED);
  }

  @Test
  void retriesAnUnreachableSchedulerThenGivesUpAfterItsPatienceNotAtTheDeadline() {
    scheduler.unavailable = Integer.MAX_VALUE;
    CompletableFuture<Outcome> outcome = drain(DEADLINE).start();
    executor.runDue();

    // tries at 0, 1, 3, 7 and 11 s; the next one (15 s) would be past the patience
    executor.advance(Duration.ofMillis(10_999));
    assertThat(outcome).isNotDone();
    executor.advance(Duration.ofMillis(1));
    assertThat(outcome).isCompletedWithValue(Outcome.SCHEDULER_UNREACHABLE);
    assertThat(scheduler.requests).hasSize(5);
    assertThat(clock.instant()).isBefore(T0.plus(DEADLINE));
  }

  @Test
  void aSchedulerThatAnswersAfterAFailureDrainsTheWorkerWithTheTimeLeft() {
    scheduler.unavailable = 1;
    CompletableFuture<Outcome> outcome = drain(DEADLINE).start();
    executor.runDue();
    executor.advance(Duration.ofSeconds(1));

    assertThat(scheduler.requests).containsExactly("7:120", "7:119");
    attempts.clear();
    executor.advance(ShutdownDrain.WATCH_INTERVAL);
    assertThat(outcome).isCompletedWithValue(Outcome.DRAINED);
  }

  @Test
  void aSchedulerSilentForItsPatienceWhileJobsLeaveEndsTheWait() {
    CompletableFuture<Outcome> outcome = drain(DEADLINE).start();
    executor.runDue();
    Instant lastAnswer = clock.instant();
    lastContact = () -> lastAnswer;
    executor.advance(ShutdownDrain.SCHEDULER_PATIENCE);
    assertThat(outcome).isNotDone();

    executor.advance(Duration.ofSeconds(1));
    assertThat(outcome).isCompletedWithValue(Outcome.SCHEDULER_UNREACHABLE);
  }

  @Test
  void aRefusalEndsTheDrainAtOnce() {
    scheduler.refuse = true;
    CompletableFuture<Outcome> outcome = drain(DEADLINE).start();
    executor.runDue();
    assertThat(outcome).isCompletedWithValue(Outcome.REFUSED);
  }

  @Test
  void aWorkerWithoutJobsOrNotRegisteredHasNothingToDrainAndAsksNothing() {
    attempts.clear();
    CompletableFuture<Outcome> empty = drain(DEADLINE).start();
    executor.runDue();
    assertThat(empty).isCompletedWithValue(Outcome.NOTHING_TO_DRAIN);

    attempts.add(5L);
    workerId = null;
    CompletableFuture<Outcome> unregistered = drain(DEADLINE).start();
    executor.runDue();
    assertThat(unregistered).isCompletedWithValue(Outcome.NOTHING_TO_DRAIN);
    assertThat(scheduler.requests).isEmpty();
  }

  @Test
  void aZeroDeadlineSkipsTheDrain() {
    assertThat(drain(Duration.ZERO).start()).isCompletedWithValue(Outcome.SKIPPED);
    assertThat(executor.pendingDelays()).isEmpty();
    assertThat(scheduler.requests).isEmpty();
  }

  @Test
  void forceEndsAWaitingDrainAtOnceAndNothingRunsAfterIt() {
    ShutdownDrain drain = drain(DEADLINE);
    CompletableFuture<Outcome> outcome = drain.start();
    executor.runDue();
    drain.force();

    assertThat(outcome).isCompletedWithValue(Outcome.FORCED);
    attempts.clear();
    executor.advance(Duration.ofSeconds(1));
    assertThat(outcome).isCompletedWithValue(Outcome.FORCED);
    assertThat(executor.pendingDelays()).isEmpty();
  }

  /** A scheduler that answers drain requests (or fails them as told). */
  private static final class DrainScheduler implements SchedulerClient {
    final List<String> requests = new ArrayList<>();
    int unavailable;
    boolean refuse;

    @Override
    public ShutdownDrainResponse drainForShutdown(long workerId, ShutdownDrainRequest request, Duration timeout) {
      requests.add(workerId + ":" + request.deadlineSeconds());
      if (unavailable > 0) {
        unavailable--;
        throw new SchedulerUnavailableException("connection refused", null);
      }
      if (refuse) {
        throw new SchedulerRejectedException(404, "no such call");
      }
      return new ShutdownDrainResponse(3, true, 3);
    }

    @Override
    public RegisterResponse register(RegisterRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public WorkerOrders heartbeat(long workerId, Heartbeat heartbeat) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void started(long workerId, long attemptId, AttemptStarted started) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CheckpointBeginResponse beginCheckpoint(long workerId, long attemptId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void commitCheckpoint(long workerId, long attemptId, long seq, CheckpointCommit commit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void abortCheckpoint(long workerId, long attemptId, long seq) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void finished(long workerId, long attemptId, AttemptFinished finished) {
      throw new UnsupportedOperationException();
    }
  }
}
