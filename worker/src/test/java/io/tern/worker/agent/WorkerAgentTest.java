package io.tern.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.protocol.Assignment;
import io.tern.protocol.AttemptFinished;
import io.tern.protocol.AttemptStarted;
import io.tern.protocol.CheckpointBeginResponse;
import io.tern.protocol.CheckpointCommit;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.WorkerOrders;
import io.tern.protocol.RegisterRequest;
import io.tern.protocol.RegisterResponse;
import io.tern.testsupport.ManualClock;
import io.tern.testsupport.ManualScheduledExecutor;
import io.tern.worker.scheduler.Backoff;
import io.tern.worker.scheduler.SchedulerClient;
import io.tern.worker.scheduler.SchedulerUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkerAgentTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final long INTERVAL = 2000;

  private final ManualClock clock = new ManualClock(T0);
  private final ManualScheduledExecutor executor = new ManualScheduledExecutor(clock);
  private final FakeScheduler scheduler = new FakeScheduler();
  private final Map<Long, FakeAttempt> started = new LinkedHashMap<>();
  private double jitter = 0.5;
  private WorkerAgent agent;

  @BeforeEach
  void setUp() {
    agent = new WorkerAgent(new RegisterRequest("w1", 2, 4096, Map.of(), "test"), scheduler,
        (workerId, assignment) -> {
          FakeAttempt attempt = new FakeAttempt(assignment);
          started.put(assignment.attemptId(), attempt);
          return attempt;
        },
        executor, clock, new Backoff(Duration.ofMillis(250), Duration.ofSeconds(2), () -> 0.999_999), () -> jitter);
  }

  @Test
  void retriesRegistrationWithCappedBackoffUntilTheSchedulerAnswers() {
    scheduler.registerFailures = 5;
    agent.start();
    executor.runDue();

    List<Long> delays = new ArrayList<>();
    while (agent.workerId() == null) {
      Duration next = executor.pendingDelays().get(0);
      delays.add(next.toMillis());
      executor.advance(next);
    }

    assertThat(delays).containsExactly(250L, 500L, 1000L, 2000L, 2000L);
    assertThat(scheduler.registrations).isEqualTo(6);
    assertThat(agent.workerId()).isEqualTo(7L);
    assertThat(agent.lastContact()).isEqualTo(T0.plusMillis(5750));
  }

  @Test
  void heartbeatsAtOnceAfterRegisteringThenEveryJitteredInterval() {
    jitter = 0.0;
    register();
    assertThat(scheduler.heartbeats).hasSize(1);

    executor.advance(Duration.ofMillis(1799));
    assertThat(scheduler.heartbeats).hasSize(1);
    executor.advance(Duration.ofMillis(1));
    assertThat(scheduler.heartbeats).hasSize(2);

    jitter = 0.999_999;
    executor.advance(Duration.ofMillis(1800)); // schedules the next one 2200 ms later
    assertThat(executor.pendingDelays()).containsExactly(Duration.ofMillis(2200));
  }

  @Test
  void keepsHeartbeatingWhileTheSchedulerIsDown() {
    jitter = 0.0;
    register();
    scheduler.heartbeatDown = true;
    executor.advance(Duration.ofMillis(1800 * 3));
    assertThat(scheduler.heartbeatCalls).isEqualTo(4);

    scheduler.heartbeatDown = false;
    executor.advance(Duration.ofMillis(1800));
    assertThat(scheduler.heartbeats).hasSize(2);
    assertThat(agent.lastContact()).isEqualTo(T0.plusMillis(1800 * 4));
  }

  @Test
  void startsAssignmentsOnceAndListsThemWithStepAndProgress() {
    register();
    scheduler.nextResponse(new WorkerOrders(true, List.of(assignment(11, 1)), List.of()));
    heartbeat();
    assertThat(started).containsOnlyKeys(11L);

    started.get(11L).step = 42;
    started.get(11L).progress = 0.25;
    scheduler.nextResponse(new WorkerOrders(true, List.of(assignment(11, 1)), List.of()));
    heartbeat();

    assertThat(started).hasSize(1);
    assertThat(scheduler.lastHeartbeat().attempts())
        .containsExactly(new Heartbeat.AttemptStatus(11, "RUNNING", 42, 0.25));
  }

  @Test
  void refusesAnAssignmentThatDoesNotFitTheFreeSlots() {
    register();
    scheduler.nextResponse(new WorkerOrders(true, List.of(assignment(11, 1), assignment(12, 2)), List.of()));
    heartbeat();

    assertThat(started).containsOnlyKeys(11L);
    assertThat(scheduler.finished).containsOnlyKeys(12L);
    assertThat(scheduler.finished.get(12L).outcome()).isEqualTo(AttemptFinished.FAILED);
    assertThat(scheduler.finished.get(12L).error()).contains("no free slot");
  }

  @Test
  void killsTheAttemptsInTheKillList() {
    register();
    scheduler.nextResponse(new WorkerOrders(true, List.of(assignment(11, 1), assignment(12, 1)), List.of()));
    heartbeat();
    scheduler.nextResponse(new WorkerOrders(true, List.of(), List.of(12L, 99L)));
    heartbeat();

    assertThat(started.get(11L).killed).isFalse();
    assertThat(started.get(12L).killed).isTrue();
  }

  @Test
  void vacatesTheAttemptsInTheVacateListAndKillsNothing() {
    register();
    scheduler.nextResponse(new WorkerOrders(true, List.of(assignment(11, 1), assignment(12, 1)), List.of()));
    heartbeat();
    scheduler.nextResponse(new WorkerOrders(true, List.of(), List.of(), List.of(12L, 98L)));
    heartbeat();

    assertThat(started.get(12L).vacated).isTrue();
    assertThat(started.get(11L).vacated).isFalse();
    assertThat(started.get(12L).killed).isFalse();
  }

  @Test
  void heartbeatsAtOnceWhenAnAttemptEnds() {
    register();
    scheduler.nextResponse(new WorkerOrders(true, List.of(assignment(11, 1)), List.of()));
    heartbeat();
    int before = scheduler.heartbeats.size();

    started.get(11L).done.complete(null);
    executor.runDue();

    assertThat(scheduler.heartbeats).hasSize(before + 1);
    assertThat(scheduler.lastHeartbeat().attempts()).isEmpty();
    assertThat(agent.attemptIds()).isEmpty();
  }

  @Test
  void abandonsEverythingAndRegistersAgainWhenTheSchedulerDoesNotKnowTheWorker() {
    register();
    scheduler.nextResponse(new WorkerOrders(true, List.of(assignment(11, 1)), List.of()));
    heartbeat();
    scheduler.workerId = 8;
    scheduler.nextResponse(new WorkerOrders(false, List.of(), List.of()));
    heartbeat();

    assertThat(started.get(11L).abandoned).isTrue();
    assertThat(started.get(11L).killed).isFalse();
    assertThat(scheduler.registrations).isEqualTo(2);
    assertThat(agent.workerId()).isEqualTo(8L);
    executor.runDue();
    assertThat(scheduler.heartbeatWorkerIds).endsWith(8L);
    assertThat(scheduler.lastHeartbeat().attempts()).isEmpty();
  }

  @Test
  void stopAbandonsAttemptsAndEndsTheHeartbeats() {
    register();
    scheduler.nextResponse(new WorkerOrders(true, List.of(assignment(11, 1)), List.of()));
    heartbeat();
    started.get(11L).done.complete(null);
    scheduler.nextResponse(new WorkerOrders(true, List.of(assignment(12, 1)), List.of()));
    executor.runDue();
    FakeAttempt running = started.get(12L);
    running.abandonCompletes = true;

    agent.stop(Duration.ofSeconds(1));
    int calls = scheduler.heartbeatCalls;
    executor.advance(Duration.ofMinutes(1));

    assertThat(running.abandoned).isTrue();
    assertThat(scheduler.heartbeatCalls).isEqualTo(calls);
  }

  @Test
  void stopDeregistersOnceItsAttemptsAreGoneSoTheirJobsMoveAtOnce() {
    register();
    scheduler.nextResponse(new WorkerOrders(true, List.of(assignment(11, 1)), List.of()));
    heartbeat();
    FakeAttempt running = started.get(11L);
    running.abandonCompletes = true;
    scheduler.onDeregister = () -> assertThat(running.abandoned).as("processes killed before deregistering").isTrue();

    agent.stop(Duration.ofSeconds(1));

    assertThat(scheduler.deregistered).containsExactly(7L);
  }

  @Test
  void stopEndsEvenWhenTheSchedulerCannotBeToldTheTimeoutThenDetectsIt() {
    register();
    scheduler.deregisterDown = true;

    agent.stop(Duration.ofSeconds(1));

    assertThat(scheduler.deregistered).isEmpty();
  }

  @Test
  void aWorkerThatNeverRegisteredDoesNotDeregister() {
    scheduler.registerFailures = 100;
    agent.start();
    executor.runDue();

    agent.stop(Duration.ofSeconds(1));

    assertThat(scheduler.deregistered).isEmpty();
  }

  @Test
  void aLongPollStartsItsAssignmentAtOnceAndTheNextPollListsIt() {
    register();
    int heartbeatsBefore = scheduler.heartbeats.size();
    scheduler.orderAnswers.add(new WorkerOrders(true, List.of(assignment(21, 1)), List.of()));
    OrderWatch watch = orderWatch();
    watch.start();
    executor.runDue();

    assertThat(started).containsOnlyKeys(21L);
    assertThat(scheduler.heartbeats).hasSize(heartbeatsBefore); // no heartbeat was needed
    assertThat(scheduler.orderRequests).containsExactly(List.of(), List.of(21L));
  }

  @Test
  void aLongPollsKillAndVacateAreAppliedAtOnceAndTheNextPollListsThemAsStopping() {
    register();
    scheduler.nextResponse(new WorkerOrders(true, List.of(assignment(51, 1), assignment(52, 1)), List.of()));
    heartbeat();
    scheduler.orderAnswers.add(new WorkerOrders(true, List.of(), List.of(51L), List.of(52L)));
    OrderWatch watch = orderWatch();
    watch.start();
    executor.runDue();

    assertThat(started.get(51L).killed).isTrue();
    assertThat(started.get(52L).vacated).isTrue();
    assertThat(started.get(51L).vacated || started.get(52L).killed).isFalse();
    // the first poll stopped nothing yet; the next one says what is being stopped, so the scheduler
    // does not answer it at once with the same orders
    assertThat(scheduler.orderRequests).containsExactly(List.of(51L, 52L), List.of(51L, 52L));
    assertThat(scheduler.stoppingRequests).containsExactly(List.of(), List.of(51L, 52L));

    // an attempt that has ended is listed neither as the worker's nor as stopping
    scheduler.orderAnswers.add(new WorkerOrders(true, List.of(), List.of()));
    started.get(51L).done.complete(null);
    executor.advance(Duration.ofSeconds(5));
    assertThat(scheduler.orderRequests.get(scheduler.orderRequests.size() - 1)).containsExactly(52L);
    assertThat(scheduler.stoppingRequests.get(scheduler.stoppingRequests.size() - 1)).containsExactly(52L);
  }

  @Test
  void aLongPollThatFailsIsRetriedWithBackoffAndOrdersForAForgottenWorkerAreIgnored() {
    register();
    scheduler.orderAnswers.add(new WorkerOrders(false, List.of(assignment(31, 1)), List.of()));
    OrderWatch watch = orderWatch();
    watch.start();
    executor.runDue();
    assertThat(started).isEmpty();

    int polls = scheduler.orderRequests.size();
    executor.advance(Duration.ofMillis(200)); // after known=false: again shortly; then no answer → backoff
    assertThat(scheduler.orderRequests).hasSize(polls + 1);
    scheduler.orderAnswers.add(new WorkerOrders(true, List.of(assignment(32, 1)), List.of()));
    executor.advance(Duration.ofMillis(1000));
    assertThat(started).containsOnlyKeys(32L);
  }

  @Test
  void aSchedulerWithoutLongPollsIsLeftAloneAndHeartbeatsStillBringAssignments() {
    register();
    scheduler.orderAnswers.add(new io.tern.worker.scheduler.SchedulerRejectedException(404, "not found"));
    OrderWatch watch = orderWatch();
    watch.start();
    executor.runDue();
    executor.advance(Duration.ofSeconds(30));
    assertThat(scheduler.orderRequests).hasSize(1);

    scheduler.nextResponse(new WorkerOrders(true, List.of(assignment(41, 1)), List.of()));
    heartbeat();
    assertThat(started).containsOnlyKeys(41L);
  }

  private OrderWatch orderWatch() {
    return new OrderWatch(agent, scheduler, executor, Duration.ofSeconds(25),
        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5), () -> 0.5));
  }

  private void register() {
    agent.start();
    executor.runDue();
    assertThat(agent.workerId()).isNotNull();
  }

  private void heartbeat() {
    executor.advance(Duration.ofMillis((long) (INTERVAL * 1.1)));
  }

  private static Assignment assignment(long attemptId, int slots) {
    return new Assignment(attemptId, 100 + attemptId, 1, "io.tern.examples.MonteCarloPiJob", Map.of(), slots, 256,
        60_000, null);
  }

  private static final class FakeAttempt implements RunningAttempt {
    final Assignment assignment;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile long step;
    volatile double progress = Double.NaN;
    volatile boolean killed;
    volatile boolean vacated;
    volatile boolean abandoned;
    volatile boolean abandonCompletes;

    FakeAttempt(Assignment assignment) {
      this.assignment = assignment;
    }

    @Override
    public long attemptId() {
      return assignment.attemptId();
    }

    @Override
    public int slots() {
      return assignment.slots();
    }

    @Override
    public Heartbeat.AttemptStatus status() {
      return new Heartbeat.AttemptStatus(attemptId(), "RUNNING", step, progress);
    }

    @Override
    public void kill() {
      killed = true;
    }

    @Override
    public void vacate() {
      vacated = true;
    }

    @Override
    public void abandon() {
      abandoned = true;
      if (abandonCompletes) {
        done.complete(null);
      }
    }

    @Override
    public CompletableFuture<Void> done() {
      return done;
    }
  }

  private static final class FakeScheduler implements SchedulerClient {
    int registerFailures;
    int registrations;
    long workerId = 7;
    boolean heartbeatDown;
    int heartbeatCalls;
    final List<Heartbeat> heartbeats = new ArrayList<>();
    final List<Long> heartbeatWorkerIds = new ArrayList<>();
    final Deque<WorkerOrders> responses = new ArrayDeque<>();
    final Deque<Object> orderAnswers = new ArrayDeque<>();
    final List<List<Long>> orderRequests = new ArrayList<>();
    final List<List<Long>> stoppingRequests = new ArrayList<>();
    final Map<Long, AttemptFinished> finished = new LinkedHashMap<>();
    final List<Long> deregistered = new ArrayList<>();
    Runnable onDeregister = () -> {};
    boolean deregisterDown;

    void nextResponse(WorkerOrders response) {
      responses.add(response);
    }

    Heartbeat lastHeartbeat() {
      return heartbeats.get(heartbeats.size() - 1);
    }

    @Override
    public RegisterResponse register(RegisterRequest request) {
      registrations++;
      if (registerFailures-- > 0) {
        throw new SchedulerUnavailableException("connection refused", null);
      }
      return new RegisterResponse(workerId, INTERVAL, "tern_ws_test-secret");
    }

    @Override
    public WorkerOrders heartbeat(long workerId, Heartbeat heartbeat) {
      heartbeatCalls++;
      if (heartbeatDown) {
        throw new SchedulerUnavailableException("503", null);
      }
      heartbeats.add(heartbeat);
      heartbeatWorkerIds.add(workerId);
      WorkerOrders next = responses.poll();
      return next != null ? next : new WorkerOrders(true, List.of(), List.of());
    }

    /** Answers long-polls from {@code orderAnswers} (a response or an exception to throw); fails when it is empty. */
    @Override
    public WorkerOrders awaitOrders(long workerId, io.tern.protocol.OrdersRequest running, Duration wait) {
      orderRequests.add(running.attempts());
      stoppingRequests.add(running.stopping());
      Object next = orderAnswers.poll();
      if (next instanceof RuntimeException e) {
        throw e;
      }
      if (next == null) {
        throw new SchedulerUnavailableException("no answer scripted", null);
      }
      return (WorkerOrders) next;
    }

    @Override
    public void started(long workerId, long attemptId, AttemptStarted started) {}

    @Override
    public CheckpointBeginResponse beginCheckpoint(long workerId, long attemptId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void commitCheckpoint(long workerId, long attemptId, long seq, CheckpointCommit commit) {}

    @Override
    public void abortCheckpoint(long workerId, long attemptId, long seq) {}

    @Override
    public void finished(long workerId, long attemptId, AttemptFinished finished) {
      this.finished.put(attemptId, finished);
    }

    @Override
    public void deregister(long workerId) {
      if (deregisterDown) {
        throw new SchedulerUnavailableException("connection refused", null);
      }
      onDeregister.run();
      deregistered.add(workerId);
    }
  }
}
