package io.tern.scheduler.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SubmitRatePolicyTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T12:00:00Z"));
  private final SubmitRatePolicy rate = new SubmitRatePolicy(clock);

  @Test
  void aBurstIsAllowedThenTheOwnerWaitsForTheRefillItIsTold() {
    assertThat(rate.take("alice", 1, 6, 3)).isEmpty();
    assertThat(rate.take("alice", 1, 6, 3)).isEmpty();
    assertThat(rate.take("alice", 1, 6, 3)).isEmpty();

    assertThat(rate.take("alice", 1, 6, 3)).hasValue(10); // 6 a minute: one every 10 s
    clock.advance(Duration.ofSeconds(4));
    assertThat(rate.take("alice", 1, 6, 3)).hasValue(6);
    clock.advance(Duration.ofSeconds(6));
    assertThat(rate.take("alice", 1, 6, 3)).isEmpty();
    assertThat(rate.take("alice", 1, 6, 3)).hasValue(10);
  }

  @Test
  void ownersHaveTheirOwnBucketsAndFullBucketsAreForgotten() {
    assertThat(rate.take("alice", 2, 60, 2)).isEmpty();
    assertThat(rate.take("alice", 1, 60, 2)).hasValue(1);
    assertThat(rate.take("bob", 1, 60, 2)).isEmpty();
    assertThat(rate.trackedOwners()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(2));
    assertThat(rate.take("carol", 1, 60, 2)).isEmpty();
    assertThat(rate.trackedOwners()).as("alice and bob are full again").isEqualTo(1);
  }

  @Test
  void aBucketNeverHoldsMoreThanItsBurstHowLongItRests() {
    assertThat(rate.take("alice", 1, 60, 2)).isEmpty();
    clock.advance(Duration.ofHours(5));
    assertThat(rate.take("alice", 2, 60, 2)).isEmpty();
    assertThat(rate.take("alice", 1, 60, 2)).hasValue(1);
  }
}
