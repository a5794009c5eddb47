package io.tern.scheduler.protocol;

import io.tern.scheduler.config.SchedulerProperties;
import io.tern.scheduler.leader.LeaderElection;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The failure detector: on the leader replica only, every {@code tern.scheduler.liveness-check-interval},
 * runs {@link WorkerLiveness#markSilentWorkersLost}. A new leader term, or a gap in the checks longer
 * than the detector tolerates (the database or this replica stalled), starts a grace period of one
 * timeout before anyone is declared LOST ({@link DetectorWatch}): heartbeats that could not be
 * recorded meanwhile must not make live workers look dead.
 */
@Component
public class WorkerLivenessLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WorkerLivenessLoop.class);

  private final WorkerLiveness liveness;
  private final LeaderElection leader;
  private final SchedulerProperties properties;
  private final Clock clock;
  private DetectorWatch watch = DetectorWatch.NEW;
  private long watchedTerm = -1;
  private ScheduledExecutorService executor;

  public WorkerLivenessLoop(WorkerLiveness liveness, LeaderElection leader, SchedulerProperties properties,
      Clock clock) {
    this.liveness = liveness;
    this.leader = leader;
    this.properties = properties;
    this.clock = clock;
  }

  /** One check; does nothing on a replica that is not the leader. */
  synchronized void check() {
    if (!leader.isLeader()) {
      return;
    }
    if (leader.terms() != watchedTerm) {
      watchedTerm = leader.terms();
      watch = DetectorWatch.NEW;
    }
    try {
      watch = watch.checkedAt(clock.instant(), maxGap());
      liveness.markSilentWorkersLost(watch);
    } catch (RuntimeException e) {
      log.warn("Liveness check failed; the next one retries: {}", e.toString());
    }
  }

  /** A longer pause between two checks than this means the detector was not running. */
  private Duration maxGap() {
    Duration threeChecks = properties.livenessCheckInterval().multipliedBy(3);
    Duration halfTimeout = properties.workerTimeout().dividedBy(2);
    return threeChecks.compareTo(halfTimeout) >= 0 ? threeChecks : halfTimeout;
  }

  @Override
  public synchronized void start() {
    executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "tern-liveness");
      thread.setDaemon(true);
      return thread;
    });
    long interval = properties.livenessCheckInterval().toMillis();
    executor.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}
