package io.tern.scheduler.drain;

import io.tern.scheduler.settings.OperationsProperties;
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
 * Advances drains on a thread of its own: every {@code tern.operations.loop-interval}, and soon after
 * {@link #requestRound()} (a drain started). Of several scheduler replicas one advances at a time
 * (an advisory lock in {@link DrainProgress}).
 */
@Component
public class DrainLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DrainLoop.class);

  private final DrainProgress progress;
  private final OperationsProperties properties;
  private final AtomicBoolean requested = new AtomicBoolean();
  private ThreadPoolTaskScheduler executor;
  private ScheduledFuture<?> periodic;

  public DrainLoop(DrainProgress progress, OperationsProperties properties) {
    this.progress = progress;
    this.properties = properties;
  }

  /** Asks for a round soon (after the current transaction commits, if any). */
  public void requestRound() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          submit();
        }
      });
    } else {
      submit();
    }
  }

  private void submit() {
    ThreadPoolTaskScheduler current = executor;
    if (current != null && requested.compareAndSet(false, true)) {
      current.execute(() -> {
        requested.set(false);
        round();
      });
    }
  }

  private void round() {
    try {
      progress.advanceAll();
    } catch (RuntimeException e) {
      log.warn("Drain round failed; the next round retries: {}", e.toString());
    }
  }

  @Override
  public synchronized void start() {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setPoolSize(1);
    scheduler.setThreadNamePrefix("tern-drain-");
    scheduler.setWaitForTasksToCompleteOnShutdown(true);
    scheduler.setAwaitTerminationSeconds(10);
    scheduler.initialize();
    executor = scheduler;
    periodic = scheduler.scheduleWithFixedDelay(this::round, properties.loopInterval());
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
