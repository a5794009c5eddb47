package io.tern.worker.agent;

import io.tern.protocol.WorkerOrders;
import io.tern.protocol.OrdersRequest;
import io.tern.worker.scheduler.Backoff;
import io.tern.worker.scheduler.SchedulerClient;
import io.tern.worker.scheduler.SchedulerRejectedException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one long-poll for orders open while the worker is registered ({@code POST …/orders}): the
 * scheduler answers it as soon as this worker has an order — an attempt placed on it, so a job placed
 * here (after another worker was lost, say) starts at once instead of at the next heartbeat; or an
 * attempt of its own to kill (a cancel) or to vacate (a migration, a drain), which otherwise would wait
 * up to one heartbeat interval. Each poll lists the attempts the worker has and those it is already
 * stopping, so an order already applied does not come back at once. Heartbeats go on unchanged and
 * still carry every order; this only makes orders arrive sooner. A scheduler that does not offer the
 * call (404) is left alone.
 *
 * <p>Polls run one at a time on the given executor, whose thread blocks in each poll (up to the
 * wait); the next poll is sent once the previous answer's attempts are registered with the agent.
 */
public final class OrderWatch {

  private static final Logger log = LoggerFactory.getLogger(OrderWatch.class);
  private static final Duration NOT_REGISTERED_RETRY = Duration.ofMillis(200);

  private final WorkerAgent agent;
  private final SchedulerClient scheduler;
  private final ScheduledExecutorService executor;
  private final Duration wait;
  private final Backoff backoff;
  private volatile boolean running;
  private int failures;

  /**
   * @param agent whose attempts are listed and which starts the assignments
   * @param scheduler the scheduler
   * @param executor a single thread of its own (it blocks in each poll)
   * @param wait how long the scheduler may hold a poll (it caps this at 30 s)
   * @param backoff delays between failed polls
   */
  public OrderWatch(WorkerAgent agent, SchedulerClient scheduler, ScheduledExecutorService executor, Duration wait,
      Backoff backoff) {
    this.agent = agent;
    this.scheduler = scheduler;
    this.executor = executor;
    this.wait = wait;
    this.backoff = backoff;
  }

  /** Starts polling; returns at once. */
  public void start() {
    running = true;
    executor.execute(this::poll);
  }

  /** Stops after the poll in flight, if any. */
  public void stop() {
    running = false;
  }

  private void poll() {
    if (!running || !agent.running()) {
      return;
    }
    Long id = agent.workerId();
    if (id == null) {
      schedule(NOT_REGISTERED_RETRY);
      return;
    }
    WorkerOrders answer;
    try {
      answer = scheduler.awaitOrders(id, new OrdersRequest(agent.attemptIds(), agent.stoppingIds()), wait);
    } catch (SchedulerRejectedException e) {
      if (e.status() == 404) {
        log.info("the scheduler does not offer long-polls for orders; assignments come with heartbeats");
        running = false;
        return;
      }
      retryLater(e);
      return;
    } catch (RuntimeException e) {
      retryLater(e);
      return;
    }
    failures = 0;
    if (!answer.known()) {
      // the scheduler does not know this id (LOST, or restarted without it): the heartbeat registers again
      schedule(NOT_REGISTERED_RETRY);
      return;
    }
    agent.applyOrders(id, answer).whenComplete((ok, failure) -> {
      if (failure != null) {
        log.warn("applying orders failed: {}", failure.toString());
      }
      schedule(Duration.ZERO);
    });
  }

  private void retryLater(RuntimeException e) {
    failures++;
    Duration delay = backoff.delay(failures);
    log.debug("long-poll for orders failed (try {}), again in {} ms: {}", failures, delay.toMillis(), e.getMessage());
    schedule(delay);
  }

  private void schedule(Duration delay) {
    if (!running) {
      return;
    }
    try {
      executor.schedule(this::poll, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException rejected) {
      running = false; // executor shut down: the worker is stopping
    }
  }
}
