package io.tern.worker.agent;

import io.tern.protocol.Assignment;
import io.tern.protocol.AttemptFinished;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.WorkerOrders;
import io.tern.protocol.RegisterRequest;
import io.tern.protocol.RegisterResponse;
import io.tern.worker.scheduler.Backoff;
import io.tern.worker.scheduler.SchedulerClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's conversation with the scheduler: registers (retrying with capped backoff until the
 * scheduler answers), then heartbeats every interval the scheduler asked for (jittered by ±10 %, and
 * at once after an attempt ends). Each heartbeat lists the running attempts; its answer carries new
 * assignments, which are started (within the worker's slots), and attempts to kill. An answer with
 * {@code known=false} means the scheduler has forgotten this worker: every attempt is abandoned and
 * the worker registers again.
 *
 * <p>All of the agent's own work runs on the injected executor, which must be single-threaded.
 */
public final class WorkerAgent {

  private static final Logger log = LoggerFactory.getLogger(WorkerAgent.class);
  private static final Duration MIN_HEARTBEAT_INTERVAL = Duration.ofMillis(50);

  private final RegisterRequest identity;
  private final int slots;
  private final SchedulerClient scheduler;
  private final AttemptStarter starter;
  private final ScheduledExecutorService executor;
  private final Clock clock;
  private final Backoff registerBackoff;
  private final DoubleSupplier random;
  private final Map<Long, RunningAttempt> attempts = new ConcurrentHashMap<>();
  /** Attempts ordered to be killed or vacated (and told so): listed in polls so the order is not repeated. */
  private final Set<Long> stopping = ConcurrentHashMap.newKeySet();

  private volatile boolean running;
  private volatile Long workerId;
  private volatile Instant lastContact;
  private Duration heartbeatInterval = Duration.ofSeconds(2);
  private int registerFailures;
  private int heartbeatFailures;
  private ScheduledFuture<?> nextRegister;
  private ScheduledFuture<?> nextHeartbeat;

  /**
   * @param identity what the worker registers as
   * @param scheduler the scheduler
   * @param starter starts assigned attempts
   * @param executor single-threaded executor for the agent's own work
   * @param clock the time source
   * @param registerBackoff delays between registration attempts
   * @param random numbers in [0, 1) for the heartbeat jitter
   */
  public WorkerAgent(RegisterRequest identity, SchedulerClient scheduler, AttemptStarter starter,
      ScheduledExecutorService executor, Clock clock, Backoff registerBackoff, DoubleSupplier random) {
    this.identity = identity;
    this.slots = identity.slots();
    this.scheduler = scheduler;
    this.starter = starter;
    this.executor = executor;
    this.clock = clock;
    this.registerBackoff = registerBackoff;
    this.random = random;
  }

  /** Starts registering; returns at once. */
  public void start() {
    running = true;
    executor.execute(guarded(this::register));
  }

  /**
   * Stops talking to the scheduler and abandons every attempt (kills its process, deletes its
   * directory), waiting up to {@code timeout} for them to be gone, then deregisters so that the
   * scheduler places their jobs again at once.
   */
  public void stop(Duration timeout) {
    running = false;
    CompletableFuture<Void> cancelled = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        cancel(nextRegister);
        cancel(nextHeartbeat);
        cancelled.complete(null);
      });
    } catch (RuntimeException rejected) {
      cancelled.complete(null);
    }
    List<CompletableFuture<Void>> gone = abandonAll();
    try {
      CompletableFuture.allOf(gone.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("{} attempt(s) still ending after {}", gone.stream().filter(f -> !f.isDone()).count(), timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      log.warn("an attempt ended badly while stopping", e.getCause());
    }
    deregister();
  }

  /** Tells the scheduler this worker is gone, so its jobs are placed again without waiting for the timeout. */
  private void deregister() {
    Long id = workerId;
    if (id == null) {
      return;
    }
    workerId = null;
    try {
      scheduler.deregister(id);
      log.info("deregistered worker id {}", id);
    } catch (RuntimeException e) {
      log.warn("could not deregister (the scheduler will notice the silence): {}", e.getMessage());
    }
  }

  /** The id the scheduler gave this worker, or null while not registered. */
  public Long workerId() {
    return workerId;
  }

  /** When the scheduler last answered, or null if it never did. */
  public Instant lastContact() {
    return lastContact;
  }

  /** The attempts currently on this worker, by id. */
  public List<Long> attemptIds() {
    return attempts.keySet().stream().sorted().toList();
  }

  /** Those of {@link #attemptIds()} already ordered to be killed or vacated, by id. */
  public List<Long> stoppingIds() {
    return stopping.stream().filter(attempts::containsKey).sorted().toList();
  }

  private void register() {
    if (!running) {
      return;
    }
    RegisterResponse answer;
    try {
      answer = scheduler.register(identity);
    } catch (RuntimeException e) {
      registerFailures++;
      Duration delay = registerBackoff.delay(registerFailures);
      log.warn("cannot register as '{}' (try {}), retrying in {} ms: {}",
          identity.name(), registerFailures, delay.toMillis(), e.getMessage());
      nextRegister = executor.schedule(guarded(this::register), delay.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    registerFailures = 0;
    lastContact = clock.instant();
    workerId = answer.workerId();
    heartbeatInterval = max(Duration.ofMillis(answer.heartbeatIntervalMillis()), MIN_HEARTBEAT_INTERVAL);
    log.info("registered as '{}' with id {}, heartbeat every {} ms",
        identity.name(), workerId, heartbeatInterval.toMillis());
    scheduleHeartbeat(Duration.ZERO);
  }

  private void heartbeat() {
    Long id = workerId;
    if (!running || id == null) {
      return;
    }
    WorkerOrders answer;
    try {
      answer = scheduler.heartbeat(id, new Heartbeat(statuses()));
    } catch (RuntimeException e) {
      heartbeatFailures++;
      log.warn("heartbeat {} failed (last contact {}): {}", heartbeatFailures, lastContact, e.getMessage());
      scheduleHeartbeat(jittered(heartbeatInterval));
      return;
    }
    heartbeatFailures = 0;
    lastContact = clock.instant();
    if (!answer.known()) {
      log.warn("the scheduler does not know worker id {}: abandoning {} attempt(s) and registering again",
          id, attempts.size());
      workerId = null;
      abandonAll();
      register();
      return;
    }
    apply(id, answer);
    scheduleHeartbeat(jittered(heartbeatInterval));
  }

  /**
   * Applies what a long-poll for orders brought ({@link OrderWatch}), on the agent's thread; the
   * future completes once the new attempts are registered (so the next poll lists them). Orders for
   * an id this worker no longer has, or an answer with {@code known=false}, are ignored: heartbeats
   * deal with those.
   */
  CompletableFuture<Void> applyOrders(long id, WorkerOrders answer) {
    CompletableFuture<Void> applied = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          Long current = workerId;
          if (running && answer.known() && current != null && current == id) {
            apply(id, answer);
          }
          applied.complete(null);
        } catch (RuntimeException e) {
          applied.completeExceptionally(e);
        }
      });
    } catch (RuntimeException rejected) {
      applied.completeExceptionally(rejected);
    }
    return applied;
  }

  /** Whether the agent is running (started and not stopped). */
  boolean running() {
    return running;
  }

  private void apply(long id, WorkerOrders answer) {
    for (Long kill : nullSafe(answer.kill())) {
      RunningAttempt attempt = attempts.get(kill);
      if (attempt != null) {
        log.info("killing attempt {} on the scheduler's order", kill);
        attempt.kill();
        stopping.add(kill);
      }
    }
    for (Long vacate : nullSafe(answer.vacate())) {
      RunningAttempt attempt = attempts.get(vacate);
      if (attempt != null) {
        attempt.vacate();
        stopping.add(vacate);
      }
    }
    for (Assignment assignment : nullSafe(answer.assignments())) {
      startAttempt(id, assignment);
    }
  }

  private void startAttempt(long id, Assignment assignment) {
    long attemptId = assignment.attemptId();
    if (!running || attempts.containsKey(attemptId)) {
      return;
    }
    int used = attempts.values().stream().mapToInt(RunningAttempt::slots).sum();
    if (used + assignment.slots() > slots) {
      reject(id, assignment, "worker '" + identity.name() + "' has no free slot: " + used + " of " + slots
          + " in use, the attempt needs " + assignment.slots());
      return;
    }
    RunningAttempt attempt;
    try {
      attempt = starter.start(id, assignment);
    } catch (RuntimeException e) {
      log.error("cannot start attempt {}", attemptId, e);
      reject(id, assignment, "worker '" + identity.name() + "' could not start the attempt: " + e.getMessage());
      return;
    }
    attempts.put(attemptId, attempt);
    attempt.done().whenComplete((ok, failure) -> {
      boolean removed = attempts.remove(attemptId, attempt);
      stopping.remove(attemptId);
      if (removed && running) {
        heartbeatSoon();
      }
    });
  }

  private void reject(long id, Assignment assignment, String why) {
    log.warn("refusing attempt {}: {}", assignment.attemptId(), why);
    try {
      scheduler.finished(id, assignment.attemptId(), new AttemptFinished(AttemptFinished.FAILED, null, why, null));
    } catch (RuntimeException e) {
      log.warn("could not report refused attempt {}: {}", assignment.attemptId(), e.getMessage());
    }
  }

  private List<Heartbeat.AttemptStatus> statuses() {
    List<Heartbeat.AttemptStatus> list = new ArrayList<>();
    for (RunningAttempt attempt : attempts.values()) {
      list.add(attempt.status());
    }
    list.sort(Comparator.comparingLong(Heartbeat.AttemptStatus::attemptId));
    return list;
  }

  private List<CompletableFuture<Void>> abandonAll() {
    List<CompletableFuture<Void>> gone = new ArrayList<>();
    for (RunningAttempt attempt : List.copyOf(attempts.values())) {
      attempts.remove(attempt.attemptId(), attempt);
      stopping.remove(attempt.attemptId());
      attempt.abandon();
      gone.add(attempt.done());
    }
    return gone;
  }

  /** Heartbeats at once (from any thread), for instance because an attempt ended. */
  void heartbeatSoon() {
    try {
      executor.execute(guarded(() -> {
        if (running && workerId != null) {
          scheduleHeartbeat(Duration.ZERO);
        }
      }));
    } catch (RuntimeException rejected) {
      // executor shut down: the worker is stopping
    }
  }

  private void scheduleHeartbeat(Duration delay) {
    cancel(nextHeartbeat);
    nextHeartbeat = executor.schedule(guarded(this::heartbeat), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The interval, scaled by a random factor in [0.9, 1.1]. */
  Duration jittered(Duration interval) {
    double factor = 0.9 + 0.2 * random.getAsDouble();
    return Duration.ofMillis(Math.round(interval.toMillis() * factor));
  }

  private Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("worker agent task failed; heartbeating again in {} ms", heartbeatInterval.toMillis(), e);
        if (running && workerId != null) {
          scheduleHeartbeat(heartbeatInterval);
        } else if (running) {
          nextRegister = executor.schedule(guarded(this::register), registerBackoff.max().toMillis(),
              TimeUnit.MILLISECONDS);
        }
      }
    };
  }

  private static void cancel(ScheduledFuture<?> future) {
    if (future != null) {
      future.cancel(false);
    }
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
