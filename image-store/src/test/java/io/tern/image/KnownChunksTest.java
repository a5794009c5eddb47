package io.tern.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class KnownChunksTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

  @Test
  void forgetsAChunkOnceItsTimeToLiveHasPassed() {
    KnownChunks known = new KnownChunks(clock, Duration.ofMinutes(10), 100);
    known.add("h1");

    clock.advance(Duration.ofMinutes(9));
    assertThat(known.contains("h1")).isTrue();

    clock.advance(Duration.ofMinutes(1));
    assertThat(known.contains("h1")).isFalse();
  }

  @Test
  void evictsTheOldestEntriesBeyondCapacity() {
    KnownChunks known = new KnownChunks(clock, Duration.ofMinutes(10), 2);
    known.add("h1");
    known.add("h2");
    known.add("h3");

    assertThat(known.contains("h1")).isFalse();
    assertThat(known.contains("h2")).isTrue();
    assertThat(known.contains("h3")).isTrue();
  }

  @Test
  void aRemovedChunkIsNoLongerVouchedFor() {
    KnownChunks known = new KnownChunks(clock, Duration.ofMinutes(10), 2);
    known.add("h1");
    known.remove("h1");

    assertThat(known.contains("h1")).isFalse();
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
