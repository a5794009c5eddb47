package io.tern.scheduler.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per owner: {@code burst} submissions at once, refilled at {@code perMinute} a
 * minute. Held in memory, so each scheduler replica keeps its own buckets. Buckets full again are
 * forgotten, so memory follows the owners submitting right now.
 */
public final class SubmitRatePolicy {

  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public SubmitRatePolicy(Clock clock) {
    this.clock = clock;
  }

  /**
   * Takes {@code count} submissions from {@code owner}'s bucket.
   *
   * @return empty when taken; otherwise the whole seconds to wait until they would be (nothing is taken)
   */
  public OptionalLong take(String owner, int count, int perMinute, int burst) {
    Instant now = clock.instant();
    long[] wait = {0};
    buckets.compute(owner, (k, bucket) -> {
      double tokens = bucket == null ? burst : bucket.tokensAt(now, perMinute, burst);
      if (tokens + 1e-9 >= count) {
        return new Bucket(tokens - count, now);
      }
      double missing = count - tokens;
      wait[0] = Math.max(1, (long) Math.ceil(missing * 60.0 / perMinute));
      return new Bucket(tokens, now);
    });
    if (wait[0] > 0) {
      return OptionalLong.of(wait[0]);
    }
    buckets.entrySet().removeIf(e -> e.getValue().tokensAt(now, perMinute, burst) + 1e-9 >= burst);
    return OptionalLong.empty();
  }

  /** Owners with a bucket that is not full. */
  int trackedOwners() {
    return buckets.size();
  }

  private record Bucket(double tokens, Instant at) {
    double tokensAt(Instant now, int perMinute, int burst) {
      double elapsedMinutes = Math.max(0, Duration.between(at, now).toNanos()) / 60e9;
      return Math.min(burst, tokens + elapsedMinutes * perMinute);
    }
  }
}
