package io.tern.scheduler.protocol;

import io.tern.scheduler.worker.WorkerOrdersChanged;

import io.tern.protocol.WorkerOrders;
import java.time.Duration;
import java.util.Collection;
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
 * Workers' long-polls for orders ({@code POST /internal/v1/workers/{w}/orders}): a worker with nothing
 * new to do waits here, without holding a request thread, until it has an order — an attempt placed
 * on it (so a job placed after a worker was lost starts elsewhere at once, not at the next
 * heartbeat), or an attempt of its own to kill (a cancel) or to vacate (a migration, a drain).
 *
 * <p>A parked poll is answered when this replica gives its worker an order (after the transaction
 * commits: {@link WorkerOrdersChanged}), or when a recheck every {@value #RECHECK_MILLIS} ms finds one
 * (an order given by another replica), or with no orders when its wait is over. Each answer is what a
 * heartbeat would answer ({@link WorkerRegistry#orders}). Only news ends a wait: an attempt the worker
 * does not list as its own, or a kill or vacate of an attempt it lists and does not list as stopping —
 * so an order already applied cannot answer poll after poll. A worker that does not send
 * {@code stopping} (older than it) waits for new assignments only.
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
   * The worker's orders: at once when it has news (or is unknown), else when it gets some, else an
   * empty answer after {@code wait} (capped at {@link #MAX_WAIT}).
   *
   * @param running the attempts the worker has
   * @param stopping those of them it is already killing or vacating; null: wait for assignments only
   */
  public DeferredResult<WorkerOrders> await(long workerId, Set<Long> running, Set<Long> stopping, Duration wait) {
    WorkerOrders now = registry.orders(workerId, running);
    ScheduledExecutorService current = executor;
    boolean news = !now.assignments().isEmpty() || stopsNews(now.kill(), running, stopping)
        || stopsNews(now.vacate(), running, stopping);
    if (!now.known() || news || wait.isZero() || wait.isNegative() || current == null) {
      DeferredResult<WorkerOrders> done = new DeferredResult<>();
      done.setResult(now);
      return done;
    }
    long millis = Math.min(wait.toMillis(), MAX_WAIT.toMillis());
    DeferredResult<WorkerOrders> result =
        new DeferredResult<>(millis, () -> new WorkerOrders(true, List.of(), List.of(), List.of()));
    Waiter waiter = new Waiter(workerId, Set.copyOf(running), stopping == null ? null : Set.copyOf(stopping), result);
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

  /** Workers got orders (committed): answer those that wait for them. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
  public void onOrders(WorkerOrdersChanged changed) {
    ScheduledExecutorService current = executor;
    if (current != null) {
      current.execute(() -> check(changed.workerIds()));
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
      Map<Long, WorkerRegistry.OpenOrders> open = registry.openOrders(waiting);
      for (Map.Entry<Long, WorkerRegistry.OpenOrders> entry : open.entrySet()) {
        WorkerRegistry.OpenOrders orders = entry.getValue();
        for (Waiter waiter : waiters.getOrDefault(entry.getKey(), Set.of())) {
          boolean news = !waiter.running().containsAll(orders.placed())
              || stopsNews(orders.kill(), waiter.running(), waiter.stopping())
              || stopsNews(orders.vacate(), waiter.running(), waiter.stopping());
          if (news && !waiter.result().isSetOrExpired()) {
            waiter.result().setResult(registry.orders(waiter.workerId(), waiter.running()));
          }
        }
      }
    } catch (RuntimeException e) {
      log.debug("checking long-polling workers {} failed; the next recheck tries again: {}", waiting, e.toString());
    }
  }

  /** Whether an order to stop one of {@code ids} is news to a worker that runs {@code running}. */
  private static boolean stopsNews(Collection<Long> ids, Set<Long> running, Set<Long> stopping) {
    if (stopping == null || ids == null) {
      return false;
    }
    for (Long id : ids) {
      if (running.contains(id) && !stopping.contains(id)) {
        return true;
      }
    }
    return false;
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
        waiter.result().setResult(new WorkerOrders(true, List.of(), List.of(), List.of()));
      }
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }

  private record Waiter(long workerId, Set<Long> running, Set<Long> stopping,
      DeferredResult<WorkerOrders> result) {

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
