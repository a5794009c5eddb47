package io.tern.worker.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesUpToTheCap() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.999_999);

    assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.delay(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.delay(5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void jitterKeepsAtLeastHalfOfTheDelay() {
    Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.0);

    assertThat(low.delay(1)).isEqualTo(Duration.ofMillis(50));
    assertThat(low.delay(3)).isEqualTo(Duration.ofMillis(200));
    assertThat(low.delay(10)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), () -> 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> 0).delay(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
