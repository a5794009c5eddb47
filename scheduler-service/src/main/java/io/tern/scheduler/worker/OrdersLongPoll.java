package io.tern.scheduler.worker;

import io.tern.protocol.HeartbeatResponse;
import io.tern.scheduler.placement.AttemptsPlaced;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Workers' long-polls for new work ({@code POST /internal/v1/workers/{w}/orders}): a worker that has
 * nothing new to start waits here, without holding a request thread, until an attempt is placed on it
 * — so a job placed after a worker was lost starts elsewhere at once, not at the next heartbeat.
 *
 * <p>A parked poll is answered when this replica places an attempt on its worker (after the
 * placement commits), or when a recheck every {@value #RECHECK_MILLIS} ms finds one (an attempt
 * placed by another replica, the leader), or with no assignments when its wait is over. Each answer
 * is what a heartbeat would answer ({@link WorkerRegistry#orders}).
 */
@Component
public class OrdersLongPoll implements SmartLifecycle {

  /** Longest wait a worker may ask for. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(30);
  static final long RECHECK_MILLIS = 500;

  private static final Logger log = LoggerFactory.getLogger(OrdersLongPoll.class);

  private final WorkerRegistry registry;
  private final ConcurrentMap<Long, Set<Waiter>> waiters = new ConcurrentHashMap<>();
  private volatile ScheduledExecutorService executor;

  public OrdersLongPoll(WorkerRegistry registry) {
    this.registry = registry;
  }

  /**
   * The worker's orders: at once when it has an assignment it does not run yet (or is unknown), else
   * when one is placed on it, else an empty answer after {@code wait} (capped at {@link #MAX_WAIT}).
   */
  public DeferredResult<HeartbeatResponse> await(long workerId, Set<Long> running, Duration wait) {
    HeartbeatResponse now = registry.orders(workerId, running);
    ScheduledExecutorService current = executor;
    if (!now.known() || !now.assignments().isEmpty() || wait.isZero() || wait.isNegative() || current == null) {
      DeferredResult<HeartbeatResponse> done = new DeferredResult<>();
      done.setResult(now);
      return done;
    }
    long millis = Math.min(wait.toMillis(), MAX_WAIT.toMillis());
    DeferredResult<HeartbeatResponse> result =
        new DeferredResult<>(millis, () -> new HeartbeatResponse(true, List.of(), List.of(), List.of()));
    Waiter waiter = new Waiter(workerId, Set.copyOf(running), result);
    waiters.compute(workerId, (id, set) -> { // atomic with remove(): never adds to a set just dropped
      Set<Waiter> parked = set != null ? set : ConcurrentHashMap.newKeySet();
      parked.add(waiter);
      return parked;
    });
    result.onCompletion(() -> remove(waiter));
    // an attempt placed between the first look and now would otherwise wait for the next recheck
    current.execute(() -> check(Set.of(workerId)));
    return result;
  }

  /** Attempts were placed (and committed): answer the workers that wait for them. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
  public void onPlaced(AttemptsPlaced placed) {
    ScheduledExecutorService current = executor;
    if (current != null) {
      current.execute(() -> check(placed.workerIds()));
    }
  }

  /** How many polls are parked (for tests and metrics). */
  public int waiting() {
    return waiters.values().stream().mapToInt(Set::size).sum();
  }

  private void check(Set<Long> workerIds) {
    Set<Long> waiting = new HashSet<>(workerIds);
    waiting.retainAll(waiters.keySet());
    if (waiting.isEmpty()) {
      return;
    }
    try {
      Map<Long, Set<Long>> placed = registry.placedNotStarted(waiting);
      for (Map.Entry<Long, Set<Long>> entry : placed.entrySet()) {
        for (Waiter waiter : waiters.getOrDefault(entry.getKey(), Set.of())) {
          if (!waiter.running().containsAll(entry.getValue()) && !waiter.result().isSetOrExpired()) {
            waiter.result().setResult(registry.orders(waiter.workerId(), waiter.running()));
          }
        }
      }
    } catch (RuntimeException e) {
      log.debug("checking long-polling workers {} failed; the next recheck tries again: {}", waiting, e.toString());
    }
  }

  private void recheckAll() {
    if (!waiters.isEmpty()) {
      check(Set.copyOf(waiters.keySet()));
    }
  }

  private void remove(Waiter waiter) {
    waiters.computeIfPresent(waiter.workerId(), (id, set) -> {
      set.remove(waiter);
      return set.isEmpty() ? null : set;
    });
  }

  @Override
  public synchronized void start() {
    ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "tern-orders");
      thread.setDaemon(true);
      return thread;
    });
    started.scheduleWithFixedDelay(this::recheckAll, RECHECK_MILLIS, RECHECK_MILLIS, TimeUnit.MILLISECONDS);
    executor = started;
  }

  @Override
  public synchronized void stop() {
    ScheduledExecutorService current = executor;
    executor = null;
    if (current != null) {
      current.shutdownNow();
    }
    for (Set<Waiter> set : waiters.values()) {
      for (Waiter waiter : set) {
        waiter.result().setResult(new HeartbeatResponse(true, List.of(), List.of(), List.of()));
      }
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }

  private record Waiter(long workerId, Set<Long> running, DeferredResult<HeartbeatResponse> result) {

    @Override
    public boolean equals(Object other) {
      return this == other;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }
}
