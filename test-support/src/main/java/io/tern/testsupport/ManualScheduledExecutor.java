package io.tern.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A single-threaded {@link ScheduledExecutorService} driven by a {@link ManualClock}: nothing runs until
 * the test calls {@link #advance} or {@link #runDue}, and then tasks run on the test's thread in order
 * of their due time. A periodic task is scheduled again one period after each run (at a fixed rate, since
 * a task runs exactly at its due time).
 */
public final class ManualScheduledExecutor extends AbstractExecutorService implements ScheduledExecutorService {

  private final ManualClock clock;
  private final PriorityQueue<Task<?>> queue =
      new PriorityQueue<>(Comparator.<Task<?>, Instant>comparing(t -> t.due).thenComparingLong(t -> t.order));
  private long counter;
  private boolean shutdown;

  public ManualScheduledExecutor(ManualClock clock) {
    this.clock = clock;
  }

  /** Moves the clock forward step by step, running every task that falls due on the way. */
  public void advance(Duration duration) {
    Instant end = clock.instant().plus(duration);
    while (true) {
      Task<?> next = peekLive();
      if (next == null || next.due.isAfter(end)) {
        break;
      }
      if (next.due.isAfter(clock.instant())) {
        clock.advance(Duration.between(clock.instant(), next.due));
      }
      queue.poll().run();
    }
    if (end.isAfter(clock.instant())) {
      clock.advance(Duration.between(clock.instant(), end));
    }
  }

  /** Runs every task already due. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** Delays of the tasks waiting to run, from now, in order. */
  public List<Duration> pendingDelays() {
    List<Duration> delays = new ArrayList<>();
    queue.stream().filter(t -> !t.isCancelled()).sorted(queue.comparator())
        .forEach(t -> delays.add(Duration.between(clock.instant(), t.due)));
    return delays;
  }

  private Task<?> peekLive() {
    while (!queue.isEmpty() && queue.peek().isCancelled()) {
      queue.poll();
    }
    return queue.peek();
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return schedule(() -> {
      command.run();
      return null;
    }, delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("shut down");
    }
    Task<V> task = new Task<>(callable, clock.instant().plusNanos(unit.toNanos(delay)), counter++);
    queue.add(task);
    return task;
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.MILLISECONDS);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    if (period <= 0) {
      throw new IllegalArgumentException("period must be positive");
    }
    Periodic periodic = new Periodic(command, unit.toNanos(period));
    periodic.next = schedule(periodic::run, initialDelay, unit);
    return periodic;
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    queue.clear();
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown && queue.isEmpty();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  private final class Periodic implements ScheduledFuture<Object> {
    final Runnable command;
    final long periodNanos;
    volatile ScheduledFuture<?> next;
    volatile boolean cancelled;

    Periodic(Runnable command, long periodNanos) {
      this.command = command;
      this.periodNanos = periodNanos;
    }

    void run() {
      if (cancelled) {
        return;
      }
      command.run();
      if (!cancelled && !shutdown) {
        next = schedule(this::run, periodNanos, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return next.getDelay(unit);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      cancelled = true;
      next.cancel(false);
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return cancelled;
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException("a periodic task has no result");
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException("a periodic task has no result");
    }
  }

  private final class Task<V> implements ScheduledFuture<V> {
    final Callable<V> callable;
    final Instant due;
    final long order;
    final CompletableFuture<V> result = new CompletableFuture<>();

    Task(Callable<V> callable, Instant due, long order) {
      this.callable = callable;
      this.due = due;
      this.order = order;
    }

    void run() {
      if (result.isDone()) {
        return;
      }
      try {
        result.complete(callable.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(clock.instant(), due));
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return result.cancel(false);
    }

    @Override
    public boolean isCancelled() {
      return result.isCancelled();
    }

    @Override
    public boolean isDone() {
      return result.isDone();
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
      return result.get();
    }

    @Override
    public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
      return result.get(timeout, unit);
    }
  }
}
