package io.tern.scheduler.placement;

import io.tern.scheduler.config.SchedulerProperties;
import io.tern.scheduler.leader.LeaderElection;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs placement rounds on one thread of its own, on the leader replica only ({@link LeaderElection}):
 * every {@code tern.scheduler.placement-interval}, and as soon as possible after {@link
 * #requestRound()} (a submit, an attempt end). Requests made
 * inside a transaction take effect after it commits. Owned by the application context: started
 * after it is refreshed, stopped when it closes.
 */
@Component
public class PlacementLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PlacementLoop.class);

  private final PlacementService placement;
  private final SchedulerProperties properties;
  private final LeaderElection leader;
  private final AtomicBoolean roundRequested = new AtomicBoolean();
  private ThreadPoolTaskScheduler executor;
  private ScheduledFuture<?> periodic;

  public PlacementLoop(PlacementService placement, SchedulerProperties properties, LeaderElection leader) {
    this.placement = placement;
    this.properties = properties;
    this.leader = leader;
  }

  /** Asks for a placement round soon (after the current transaction commits, if any). */
  public void requestRound() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              submitRound();
            }
          });
    } else {
      submitRound();
    }
  }

  private void submitRound() {
    ThreadPoolTaskScheduler current = executor;
    if (current != null && roundRequested.compareAndSet(false, true)) {
      current.execute(this::requestedRound);
    }
  }

  private void requestedRound() {
    roundRequested.set(false);
    runRound();
  }

  private void runRound() {
    if (!leader.isLeader()) {
      return;
    }
    try {
      int placed = placement.placeQueuedJobs();
      if (placed > 0) {
        log.debug("Placed {} job(s)", placed);
      }
    } catch (RuntimeException e) {
      log.warn("Placement round failed; the next round retries: {}", e.toString());
    }
  }

  @Override
  public synchronized void start() {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setPoolSize(1);
    scheduler.setThreadNamePrefix("tern-placement-");
    scheduler.setWaitForTasksToCompleteOnShutdown(true);
    scheduler.setAwaitTerminationSeconds(10);
    scheduler.initialize();
    executor = scheduler;
    periodic = scheduler.scheduleWithFixedDelay(this::runRound, properties.placementInterval());
  }

  @Override
  public synchronized void stop() {
    if (periodic != null) {
      periodic.cancel(false);
    }
    if (executor != null) {
      executor.shutdown();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}
