package io.tern.worker;

import io.tern.worker.agent.OrphanedJobProcesses;
import io.tern.worker.agent.OrderWatch;
import io.tern.worker.agent.WorkerAgent;
import io.tern.worker.attempt.AttemptDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link WorkerAgent} when the application context is refreshed and stops it when the
 * context closes: every job process is killed and its attempt directory deleted; the scheduler
 * restarts each job from its latest committed image.
 */
public final class WorkerLifecycle implements SmartLifecycle {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final WorkerAgent agent;
  private final OrderWatch orders;
  private final AttemptDirectories directories;
  private final OrphanedJobProcesses orphans;
  private volatile boolean running;

  /**
   * @param agent the agent to start and stop
   * @param orders the long-poll for orders, started after the agent and stopped before it
   * @param directories cleaned of attempts left over by an earlier run before the agent starts
   * @param orphans job processes of an earlier run, killed before their directories are deleted
   */
  public WorkerLifecycle(WorkerAgent agent, OrderWatch orders, AttemptDirectories directories,
      OrphanedJobProcesses orphans) {
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

  @Override
  public void stop() {
    orders.stop();
    agent.stop(STOP_TIMEOUT);
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
