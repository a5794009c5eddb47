package io.tern.scheduler.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  /** A random source that always answers {@code value}. */
  private static RandomGenerator fixed(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  @Test
  void withoutJitterTheBackoffDoublesFromOneSecondUpToSixty() {
    RetryPolicy policy = new RetryPolicy(fixed(0.5));
    assertThat(policy.backoff(0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.backoff(5)).isEqualTo(Duration.ofSeconds(32));
    assertThat(policy.backoff(6)).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.backoff(40)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void jitterStaysWithinTwentyPercent() {
    assertThat(new RetryPolicy(fixed(0.0)).backoff(3)).isEqualTo(Duration.ofMillis(6400));
    assertThat(new RetryPolicy(fixed(0.999999)).backoff(3)).isBetween(Duration.ofMillis(9599), Duration.ofMillis(9600));
    RetryPolicy random = new RetryPolicy(new Random(42));
    for (int i = 0; i < 1000; i++) {
      assertThat(random.backoff(2)).isBetween(Duration.ofMillis(3200), Duration.ofMillis(4800));
    }
  }

  @Test
  void retriesUntilMaxRetriesAreUsed() {
    RetryPolicy policy = new RetryPolicy(fixed(0.5));
    RetryPolicy.Decision first = policy.afterFailure(0, 3, NOW);
    assertThat(first).isEqualTo(new RetryPolicy.Retry(1, Duration.ofSeconds(1), NOW.plusSeconds(1)));
    RetryPolicy.Decision third = policy.afterFailure(2, 3, NOW);
    assertThat(third).isEqualTo(new RetryPolicy.Retry(3, Duration.ofSeconds(4), NOW.plusSeconds(4)));
    assertThat(policy.afterFailure(3, 3, NOW)).isEqualTo(new RetryPolicy.GiveUp(3));
  }

  @Test
  void zeroRetriesFailsAtTheFirstFailure() {
    assertThat(new RetryPolicy(fixed(0.5)).afterFailure(0, 0, NOW)).isEqualTo(new RetryPolicy.GiveUp(0));
  }
}
