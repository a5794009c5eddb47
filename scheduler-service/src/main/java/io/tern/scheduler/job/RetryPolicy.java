package io.tern.scheduler.job;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * Decides what happens after a job's own failure (exception or process death): retry after an
 * exponential backoff {@code min(60 s, 1 s · 2^n)} with ±20 % jitter, where {@code n} is the number
 * of retries already used, or give up once {@code maxRetries} retries were used. Lost attempts are
 * not failures and never reach this policy.
 */
public final class RetryPolicy {

  /** Default number of retries of a job. */
  public static final int DEFAULT_MAX_RETRIES = 3;

  static final Duration BASE = Duration.ofSeconds(1);
  static final Duration CAP = Duration.ofSeconds(60);
  static final double JITTER = 0.2;

  private final RandomGenerator random;

  /** @param random source of jitter (inject a seeded one in tests) */
  public RetryPolicy(RandomGenerator random) {
    this.random = random;
  }

  /** Outcome of a failure: retry no earlier than {@code notBefore}, or fail for good. */
  public sealed interface Decision {}

  /** Try again; {@code retryNumber} is 1 for the first retry. */
  public record Retry(int retryNumber, Duration backoff, Instant notBefore) implements Decision {}

  /** No retries left. */
  public record GiveUp(int retriesUsed) implements Decision {}

  /**
   * Decides after a failure.
   *
   * @param retriesUsed retries the job already used before this failure
   * @param maxRetries the job's limit
   * @param now time of the failure
   */
  public Decision afterFailure(int retriesUsed, int maxRetries, Instant now) {
    if (retriesUsed >= maxRetries) {
      return new GiveUp(retriesUsed);
    }
    Duration backoff = backoff(retriesUsed);
    return new Retry(retriesUsed + 1, backoff, now.plus(backoff));
  }

  /** Backoff before retry number {@code n + 1}: {@code min(60 s, 1 s · 2^n)} ± 20 %. */
  public Duration backoff(int n) {
    long baseMillis = n >= 6 ? CAP.toMillis() : Math.min(CAP.toMillis(), BASE.toMillis() << n);
    double factor = 1.0 + JITTER * (2 * random.nextDouble() - 1);
    return Duration.ofMillis(Math.round(baseMillis * factor));
  }
}
