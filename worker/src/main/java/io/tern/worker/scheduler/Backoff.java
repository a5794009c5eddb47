package io.tern.worker.scheduler;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with "equal jitter": the n-th retry (n = 1, 2, ...) waits between half and
 * all of {@code min(max, initial * 2^(n-1))}, so a fleet of workers that lost the scheduler at the same
 * moment does not come back in lock step.
 */
public final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;

  /**
   * @param initial the base delay of the first retry
   * @param max the cap on any delay
   * @param random source of numbers in [0, 1) for the jitter
   */
  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
    }
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  /** The delay before retry number {@code retry} (1 for the first retry). */
  public Duration delay(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry numbers start at 1, got " + retry);
    }
    long ceiling = max.toMillis();
    long base = initial.toMillis();
    for (int i = 1; i < retry && base < ceiling; i++) {
      base *= 2;
    }
    base = Math.min(base, ceiling);
    long half = base / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (base - half + 1)));
  }

  /** The longest delay this backoff ever returns. */
  public Duration max() {
    return max;
  }
}
