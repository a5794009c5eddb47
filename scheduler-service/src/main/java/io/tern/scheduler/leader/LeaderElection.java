package io.tern.scheduler.leader;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tern.scheduler.config.SchedulerProperties;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * Elects one leader among the scheduler replicas that share a PostgreSQL database: the replica that
 * holds a session-level advisory lock on a connection of its own. The leader places jobs and detects
 * lost workers; every replica serves the API. When the leader dies, PostgreSQL ends its session and
 * frees the lock, and another replica takes it within one check interval; a leader that loses its
 * connection (database restart, network) steps down at its next check. A replica that stops cleanly
 * releases the lock at once: as soon as its application context starts to close ({@link
 * ContextClosedEvent}, before any bean stops — before the web server's graceful shutdown waits for
 * requests in flight), so another replica leads within one check interval.
 *
 * <p>Placement additionally takes a transaction-level advisory lock per round, so even a leader that
 * has not yet noticed its demotion cannot place a job twice (docs/reliability.md).
 */
@Component
public class LeaderElection implements SmartLifecycle, ApplicationListener<ContextClosedEvent> {

  /** The advisory lock key: "ternlead". */
  static final long LOCK_KEY = 0x7465726e6c656164L;

  private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

  private final DataSource dataSource;
  private final ApplicationContext context;
  private final SchedulerProperties properties;
  private volatile boolean leader;
  private volatile long terms;
  private Connection connection;
  private ScheduledExecutorService executor;

  public LeaderElection(DataSource dataSource, SchedulerProperties properties, ObjectProvider<MeterRegistry> meters,
      ApplicationContext context) {
    this.dataSource = dataSource;
    this.context = context;
    this.properties = properties;
    meters.ifAvailable(registry -> Gauge.builder("tern_scheduler_leader", this, e -> e.isLeader() ? 1 : 0)
        .description("1 on the scheduler replica that places jobs and detects lost workers, 0 on the others")
        .register(registry));
  }

  /** Whether this replica is the leader now. */
  public boolean isLeader() {
    return leader;
  }

  /** How many times this replica became leader (a new term restarts the failure detector's grace period). */
  public long terms() {
    return terms;
  }

  /** One election round: take the lock if free, or check that the session holding it is alive. */
  synchronized void check() {
    try {
      if (connection == null) {
        connection = dataSource.getConnection();
        connection.setAutoCommit(true);
      }
      if (leader) {
        if (!connection.isValid(timeoutSeconds())) {
          throw new SQLException("the connection holding the leader lock is gone");
        }
        return;
      }
      try (Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery("select pg_try_advisory_lock(" + LOCK_KEY + ")")) {
        if (result.next() && result.getBoolean(1)) {
          terms++;
          leader = true;
          log.info("This scheduler replica is now the leader (it places jobs and detects lost workers)");
        }
      }
    } catch (SQLException | RuntimeException e) {
      if (leader) {
        log.warn("This scheduler replica is no longer the leader: {}", e.toString());
      }
      leader = false;
      closeConnection();
    }
  }

  private int timeoutSeconds() {
    return (int) Math.max(1, properties.livenessCheckInterval().toSeconds());
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // already broken; closing only returns it to the pool, which discards it
      }
      connection = null;
    }
  }

  private synchronized void release() {
    if (leader && connection != null) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("select pg_advisory_unlock(" + LOCK_KEY + ")");
        log.info("Leadership released");
      } catch (SQLException e) {
        log.debug("Releasing the leader lock failed (the session ends anyway): {}", e.toString());
      }
    }
    leader = false;
    closeConnection();
  }

  @Override
  public synchronized void start() {
    executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "tern-leader-election");
      thread.setDaemon(true);
      return thread;
    });
    check();
    long interval = Math.max(500, properties.livenessCheckInterval().toMillis() / 2);
    executor.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
  }

  /** The scheduler is shutting down (SIGTERM): gives up leadership before anything else stops. */
  @Override
  public void onApplicationEvent(ContextClosedEvent event) {
    if (event.getApplicationContext() == context) {
      stop();
    }
  }

  @Override
  public void stop() {
    ScheduledExecutorService current;
    synchronized (this) {
      current = executor;
      executor = null;
    }
    if (current != null) {
      current.shutdownNow();
      try {
        current.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    release();
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }

  /** Starts before, and stops after, the loops that act only on the leader. */
  @Override
  public int getPhase() {
    return 0;
  }
}
