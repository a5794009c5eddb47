package io.tern.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class KnownChunksTest {

  private static final String H1 = "1".repeat(64);
  private static final String H2 = "2".repeat(64);
  private static final String H3 = "3".repeat(64);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

  @Test
  void forgetsAChunkOnceItsTimeToLiveHasPassed() {
    KnownChunks known = new KnownChunks(clock, Duration.ofMinutes(10), 100);
    known.add(new ChunkRef(H1, 10, "zstd", 7));

    clock.advance(Duration.ofMinutes(9));
    assertThat(known.contains(H1)).isTrue();

    clock.advance(Duration.ofMinutes(1));
    assertThat(known.contains(H1)).isFalse();
  }

  @Test
  void evictsTheOldestEntriesBeyondCapacity() {
    KnownChunks known = new KnownChunks(clock, Duration.ofMinutes(10), 2);
    known.add(new ChunkRef(H1, 10, "zstd", 7));
    known.add(new ChunkRef(H2, 10, "zstd", 7));
    known.add(new ChunkRef(H3, 10, "zstd", 7));

    assertThat(known.contains(H1)).isFalse();
    assertThat(known.contains(H2)).isTrue();
    assertThat(known.contains(H3)).isTrue();
  }

  @Test
  void aRemovedChunkIsNoLongerVouchedFor() {
    KnownChunks known = new KnownChunks(clock, Duration.ofMinutes(10), 2);
    known.add(new ChunkRef(H1, 10, "zstd", 7));
    known.remove(H1);

    assertThat(known.contains(H1)).isFalse();
  }

  @Test
  void remembersHowAChunkIsStored() {
    KnownChunks known = new KnownChunks(clock, Duration.ofMinutes(10), 2);
    ChunkRef compressed = new ChunkRef(H1, 65536, "zstd", 1234);
    known.add(compressed);

    assertThat(known.find(H1)).contains(compressed);
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
