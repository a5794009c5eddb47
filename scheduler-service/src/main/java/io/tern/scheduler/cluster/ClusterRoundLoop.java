package io.tern.scheduler.cluster;

import io.tern.scheduler.config.SchedulerProperties;
import io.tern.scheduler.leader.LeaderElection;
import io.tern.scheduler.signal.ClusterChanged;
import io.tern.scheduler.signal.RebalanceDue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Drives the scheduling rounds ({@link ClusterRound}) on one thread of its own, on the leader replica
 * only ({@link LeaderElection}): every {@code tern.scheduler.placement-interval}, and as soon as
 * possible after a {@link ClusterChanged} has committed. A {@link RebalanceDue} runs a round that also
 * rebalances on the thread that published it, on whichever replica Quartz picked; the round's lock
 * keeps it apart from the leader's rounds. Owned by the application context: started after it is
 * refreshed, stopped when it closes.
 */
@Component
public class ClusterRoundLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ClusterRoundLoop.class);

  private final ClusterRound round;
  private final SchedulerProperties properties;
  private final LeaderElection leader;
  private final AtomicBoolean requested = new AtomicBoolean();
  private ThreadPoolTaskScheduler executor;
  private ScheduledFuture<?> periodic;

  public ClusterRoundLoop(ClusterRound round, SchedulerProperties properties, LeaderElection leader) {
    this.round = round;
    this.properties = properties;
    this.leader = leader;
  }

  /** Runs a round soon: after the publishing transaction committed, or at once without one. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  public void onClusterChanged(ClusterChanged changed) {
    ThreadPoolTaskScheduler current = executor;
    if (current != null && requested.compareAndSet(false, true)) {
      current.execute(() -> {
        requested.set(false);
        leaderRound();
      });
    }
  }

  /** Runs a round that also rebalances, now, on the caller's thread. */
  @EventListener
  public void onRebalanceDue(RebalanceDue due) {
    RoundOutcome outcome = round.runWithRebalance();
    if (outcome.vacated() > 0) {
      log.info("Round with rebalancing: {} attempt(s) asked to move", outcome.vacated());
    }
    logRejections(outcome);
  }

  private void leaderRound() {
    if (!leader.isLeader()) {
      return;
    }
    try {
      RoundOutcome outcome = round.runIfFree();
      if (outcome.changed()) {
        log.debug("Round: {}", outcome);
      }
      logRejections(outcome);
    } catch (RuntimeException e) {
      log.warn("Scheduling round failed; the next round retries: {}", e.toString());
    }
  }

  private static void logRejections(RoundOutcome outcome) {
    outcome.rejected().forEach(r -> log.debug("Round: {}", r));
  }

  @Override
  public synchronized void start() {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setPoolSize(1);
    scheduler.setThreadNamePrefix("tern-rounds-");
    scheduler.setWaitForTasksToCompleteOnShutdown(true);
    scheduler.setAwaitTerminationSeconds(10);
    scheduler.initialize();
    executor = scheduler;
    periodic = scheduler.scheduleWithFixedDelay(this::leaderRound, properties.placementInterval());
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
