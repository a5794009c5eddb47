package io.tern.worker.agent;

import io.tern.protocol.ShutdownDrainRequest;
import io.tern.protocol.ShutdownDrainResponse;
import io.tern.worker.scheduler.Backoff;
import io.tern.worker.scheduler.SchedulerClient;
import io.tern.worker.scheduler.SchedulerRejectedException;
import io.tern.worker.scheduler.SchedulerUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker that is told to stop drains itself first: it asks the scheduler to drain it ({@code POST
 * …/drain}: the worker is cordoned, and each of its attempts is checkpointed and vacated, its job
 * placed elsewhere from that image as a migration) and waits until no attempt is left on it. The
 * heartbeats and the long-poll for orders go on meanwhile: they carry the vacate orders. It gives up —
 * and the caller falls back to stopping at once, each job restarting from its latest committed image —
 * when the shutdown deadline passes, when the scheduler cannot be reached for {@link
 * #SCHEDULER_PATIENCE} (to ask for the drain, or later while waiting), when it refuses, or when
 * {@link #force()} is called (a second SIGTERM).
 *
 * <p>Single use: {@link #start()} once. Its work runs on the given executor; time comes from the clock.
 */
public final class ShutdownDrain {

  /** How a shutdown drain ended. */
  public enum Outcome {
    /** The shutdown deadline is zero: no drain. */
    SKIPPED,
    /** The worker had no attempt (or was not registered): nothing to move. */
    NOTHING_TO_DRAIN,
    /** Every attempt left the worker. */
    DRAINED,
    /** Attempts were still on the worker at the deadline. */
    DEADLINE_PASSED,
    /** The scheduler could not be reached for {@link #SCHEDULER_PATIENCE}. */
    SCHEDULER_UNREACHABLE,
    /** The scheduler refused the drain (an older scheduler without the call, for instance). */
    REFUSED,
    /** Told to stop at once. */
    FORCED;

    /** Whether every attempt left the worker the graceful way (or there was none). */
    public boolean graceful() {
      return this == NOTHING_TO_DRAIN || this == DRAINED;
    }
  }

  /** How long the scheduler may stay unreachable before the drain is given up. */
  public static final Duration SCHEDULER_PATIENCE = Duration.ofSeconds(15);
  /** Timeout of the request for the drain. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
  /** How often the worker looks whether its attempts are gone. */
  static final Duration WATCH_INTERVAL = Duration.ofMillis(200);

  private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

  private final Supplier<Long> workerId;
  private final Supplier<List<Long>> attempts;
  private final Supplier<Instant> lastContact;
  private final SchedulerClient scheduler;
  private final ScheduledExecutorService executor;
  private final Clock clock;
  private final Duration deadline;
  private final Backoff backoff;
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
  private Instant deadlineAt;
  private Instant askUntil;
  private int failures;

  /**
   * @param workerId the worker's id, null while not registered
   * @param attempts the attempts still on the worker
   * @param lastContact when the scheduler last answered a heartbeat (null if never)
   * @param scheduler the scheduler
   * @param executor runs the requests and the watch (one thread is enough)
   * @param clock the time source
   * @param deadline {@code tern.worker.shutdown-deadline}; zero skips the drain
   * @param backoff delays between requests the scheduler did not answer
   */
  public ShutdownDrain(Supplier<Long> workerId, Supplier<List<Long>> attempts, Supplier<Instant> lastContact,
      SchedulerClient scheduler, ScheduledExecutorService executor, Clock clock, Duration deadline, Backoff backoff) {
    this.workerId = workerId;
    this.attempts = attempts;
    this.lastContact = lastContact;
    this.scheduler = scheduler;
    this.executor = executor;
    this.clock = clock;
    this.deadline = deadline;
    this.backoff = backoff;
  }

  /** Starts the drain; the future completes with how it ended, at the deadline at the latest. */
  public CompletableFuture<Outcome> start() {
    if (deadline.isZero()) {
      outcome.complete(Outcome.SKIPPED);
      return outcome;
    }
    Instant now = clock.instant();
    deadlineAt = now.plus(deadline);
    askUntil = now.plus(SCHEDULER_PATIENCE.compareTo(deadline) < 0 ? SCHEDULER_PATIENCE : deadline);
    run(this::ask, Duration.ZERO);
    return outcome;
  }

  /** Gives up at once (a second SIGTERM): the future completes with {@link Outcome#FORCED}. */
  public void force() {
    end(Outcome.FORCED, "told to stop at once");
  }

  /** {@code tern.worker.shutdown-deadline}. */
  public Duration deadline() {
    return deadline;
  }

  /** How the drain ended, once it has. */
  public CompletableFuture<Outcome> outcome() {
    return outcome;
  }

  private void ask() {
    Long id = workerId.get();
    List<Long> left = attempts.get();
    if (id == null || left.isEmpty()) {
      end(Outcome.NOTHING_TO_DRAIN, id == null ? "not registered" : "no job to move");
      return;
    }
    Instant now = clock.instant();
    long seconds = Math.max(1, (Duration.between(now, deadlineAt).toMillis() + 999) / 1000);
    ShutdownDrainResponse answer;
    try {
      answer = scheduler.drainForShutdown(id, new ShutdownDrainRequest((int) seconds), CALL_TIMEOUT);
    } catch (SchedulerUnavailableException e) {
      failures++;
      Duration delay = backoff.delay(failures);
      if (!now.plus(delay).isBefore(askUntil)) {
        end(Outcome.SCHEDULER_UNREACHABLE, "the scheduler could not be asked for a drain within "
            + Duration.between(deadlineAt.minus(deadline), askUntil).toSeconds() + " s (" + e.getMessage() + ")");
        return;
      }
      log.warn("cannot ask the scheduler to drain this worker (try {}), again in {} ms: {}", failures,
          delay.toMillis(), e.getMessage());
      run(this::ask, delay);
      return;
    } catch (SchedulerRejectedException e) {
      end(Outcome.REFUSED, "the scheduler refused the drain: " + e.getMessage());
      return;
    }
    log.info("shutting down: drain {} {} moves {} job(s) off this worker; waiting until {} at the latest"
            + " (a second SIGTERM stops at once)",
        answer.drainId(), answer.started() ? "(started now)" : "(already in progress)", answer.attempts(), deadlineAt);
    watch();
  }

  private void watch() {
    if (outcome.isDone()) {
      return;
    }
    Instant now = clock.instant();
    List<Long> left = attempts.get();
    if (left.isEmpty()) {
      end(Outcome.DRAINED, "every job left this worker");
    } else if (!now.isBefore(deadlineAt)) {
      end(Outcome.DEADLINE_PASSED, left.size() + " attempt(s) still here at the shutdown deadline " + deadlineAt
          + ": " + left);
    } else if (silentSince(now)) {
      end(Outcome.SCHEDULER_UNREACHABLE, "no answer from the scheduler since " + lastContact.get() + "; "
          + left.size() + " attempt(s) still here: " + left);
    } else {
      run(this::watch, WATCH_INTERVAL);
    }
  }

  private boolean silentSince(Instant now) {
    Instant last = lastContact.get();
    return last != null && Duration.between(last, now).compareTo(SCHEDULER_PATIENCE) > 0;
  }

  private void end(Outcome result, String why) {
    if (!outcome.complete(result)) {
      return;
    }
    if (result.graceful()) {
      log.info("shutdown drain {}: {}", result, why);
    } else {
      log.warn("shutdown drain {}: {}; stopping now, the jobs left restart elsewhere from their latest image",
          result, why);
    }
  }

  private void run(Runnable task, Duration delay) {
    Runnable guarded = () -> {
      if (outcome.isDone()) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        end(Outcome.REFUSED, "the drain failed: " + e);
      }
    };
    try {
      executor.schedule(guarded, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException rejected) {
      end(Outcome.FORCED, "the worker's executor is shut down");
    }
  }
}
