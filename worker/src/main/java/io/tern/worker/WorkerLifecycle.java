package io.tern.worker;

import io.tern.worker.agent.OrphanedJobProcesses;
import io.tern.worker.agent.OrderWatch;
import io.tern.worker.agent.ShutdownDrain;
import io.tern.worker.agent.WorkerAgent;
import io.tern.worker.attempt.AttemptDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link WorkerAgent} when the application context is refreshed and stops it when the
 * context closes (SIGTERM). Stopping first drains the worker ({@link ShutdownDrain}): the scheduler
 * checkpoints each job and moves it elsewhere, bounded by {@code tern.worker.shutdown-deadline}. Then,
 * or at once when the drain is skipped, given up or cut short by {@link #stopNow()}, every job process
 * still here is killed and its attempt directory deleted (the scheduler restarts each such job from its
 * latest committed image), and the worker deregisters.
 */
public final class WorkerLifecycle implements SmartLifecycle {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final WorkerAgent agent;
  private final OrderWatch orders;
  private final AttemptDirectories directories;
  private final OrphanedJobProcesses orphans;
  private final ShutdownDrain drain;
  private volatile boolean running;

  /**
   * @param agent the agent to start and stop
   * @param orders the long-poll for orders, started after the agent and stopped before it
   * @param directories cleaned of attempts left over by an earlier run before the agent starts
   * @param orphans job processes of an earlier run, killed before their directories are deleted
   * @param drain the drain that runs first when the worker stops
   */
  public WorkerLifecycle(WorkerAgent agent, OrderWatch orders, AttemptDirectories directories,
      OrphanedJobProcesses orphans, ShutdownDrain drain) {
    this.drain = drain;
    this.agent = agent;
    this.orders = orders;
    this.directories = directories;
    this.orphans = orphans;
  }

  @Override
  public void start() {
    orphans.killAll(STOP_TIMEOUT);
    try {
      directories.deleteLeftovers();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean the attempt directories left by an earlier run", e);
    }
    agent.start();
    orders.start();
    running = true;
  }

  /**
   * Drains the worker (see {@link ShutdownDrain}), then stops: kills what is left, deregisters. Blocks
   * until done, at most the shutdown deadline plus {@link #STOP_TIMEOUT} and a request timeout.
   */
  @Override
  public void stop() {
    CompletableFuture<ShutdownDrain.Outcome> drained = drain.start();
    try {
      drained.get(drain.deadline().plus(STOP_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      drain.force();
    } catch (InterruptedException e) {
      drain.force();
      Thread.currentThread().interrupt();
    }
    orders.stop();
    agent.stop(STOP_TIMEOUT);
    running = false;
  }

  /** Cuts a drain in progress short (a second SIGTERM): {@link #stop()} goes on to kill what is left. */
  public void stopNow() {
    drain.force();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
