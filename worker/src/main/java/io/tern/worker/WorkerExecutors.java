package io.tern.worker;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's threads, named after the worker so that two workers in one JVM (standalone mode) can be
 * told apart in a thread dump. Closed with the application context.
 */
public final class WorkerExecutors implements AutoCloseable {

  private final ScheduledExecutorService agent;
  private final ScheduledExecutorService orders;
  private final ScheduledExecutorService shutdown;
  private final ScheduledExecutorService timer;
  private final ExecutorService launcher;
  private final ExecutorService commits;
  private final ExecutorService artifacts;

  /** Artifacts downloaded (or verified) at once. */
  static final int ARTIFACT_DOWNLOADS = 2;

  /**
   * @param workerName names the threads
   * @param slots sizes the checkpoint pools: one thread per slot
   */
  public WorkerExecutors(String workerName, int slots) {
    this.agent = scheduled(1, threads(workerName + "-agent"));
    this.orders = scheduled(1, threads(workerName + "-orders"));
    this.shutdown = scheduled(1, threads(workerName + "-shutdown"));
    this.timer = scheduled(slots + 1, threads(workerName + "-checkpoint"));
    this.launcher = Executors.newCachedThreadPool(threads(workerName + "-attempt"));
    this.commits = Executors.newFixedThreadPool(slots, threads(workerName + "-commit"));
    this.artifacts = Executors.newFixedThreadPool(ARTIFACT_DOWNLOADS, threads(workerName + "-artifact"));
  }

  /** Single thread for the agent's register/heartbeat loop. */
  public ScheduledExecutorService agent() {
    return agent;
  }

  /** Single thread for the long-poll for orders (blocks in each poll). */
  public ScheduledExecutorService orders() {
    return orders;
  }

  /** Single thread for the drain when the worker stops. */
  public ScheduledExecutorService shutdown() {
    return shutdown;
  }

  /** Checkpoint ticks, snapshots and report retries. */
  public ScheduledExecutorService timer() {
    return timer;
  }

  /** Start-up and end of attempts. */
  public ExecutorService launcher() {
    return launcher;
  }

  /** Image writes and commits. */
  public ExecutorService commits() {
    return commits;
  }

  /** Downloads and checks of job artifacts. */
  public ExecutorService artifacts() {
    return artifacts;
  }

  @Override
  public void close() {
    for (ExecutorService executor : List.of(agent, orders, shutdown, timer, launcher, commits, artifacts)) {
      executor.shutdownNow();
    }
  }

  private static ScheduledExecutorService scheduled(int threads, ThreadFactory factory) {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, factory);
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
