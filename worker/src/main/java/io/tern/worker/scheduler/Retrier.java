package io.tern.worker.scheduler;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats a scheduler call while the scheduler is unavailable, waiting a {@link Backoff} between tries
 * on a scheduled executor (no thread sleeps). Any other failure, a {@link StaleAttemptException} for
 * instance, ends the retries at once.
 */
public final class Retrier {

  private static final Logger log = LoggerFactory.getLogger(Retrier.class);

  private final ScheduledExecutorService timer;
  private final Backoff backoff;

  /**
   * @param timer runs the calls and waits between them
   * @param backoff delays between tries
   */
  public Retrier(ScheduledExecutorService timer, Backoff backoff) {
    this.timer = timer;
    this.backoff = backoff;
  }

  /**
   * Calls {@code call} until it succeeds, fails with something other than
   * {@link SchedulerUnavailableException}, or {@code keepGoing} turns false (then the future fails with
   * a {@link CancellationException}).
   *
   * @param what names the call in log messages
   */
  public <T> CompletableFuture<T> retry(String what, Supplier<T> call, BooleanSupplier keepGoing) {
    CompletableFuture<T> result = new CompletableFuture<>();
    attempt(what, call, keepGoing, result, 0);
    return result;
  }

  private <T> void attempt(String what, Supplier<T> call, BooleanSupplier keepGoing,
      CompletableFuture<T> result, int failures) {
    Duration delay = failures == 0 ? Duration.ZERO : backoff.delay(failures);
    try {
      timer.schedule(() -> {
        if (!keepGoing.getAsBoolean()) {
          result.completeExceptionally(new CancellationException(what + " given up"));
          return;
        }
        try {
          result.complete(call.get());
        } catch (SchedulerUnavailableException e) {
          log.warn("{} failed (try {}), retrying: {}", what, failures + 1, e.getMessage());
          attempt(what, call, keepGoing, result, failures + 1);
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      }, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException rejected) {
      result.completeExceptionally(rejected);
    }
  }
}
