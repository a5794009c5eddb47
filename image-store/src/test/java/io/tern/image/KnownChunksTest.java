package io.tern.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KnownChunksTest {

  private static final String H1 = "1".repeat(64);
  private static final String H2 = "2".repeat(64);
  private static final String H3 = "3".repeat(64);

  private static final String OWNER = "team-a";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));

  @Test
  void forgetsAChunkOnceItsTimeToLiveHasPassed() {
    KnownChunks known = new KnownChunks(clock, Duration.ofMinutes(10), 100);
    known.add(OWNER, new ChunkRef(H1, 10, "zstd", 7));

    clock.advance(Duration.ofMinutes(9));
    assertThat(known.contains(OWNER, H1)).isTrue();

    clock.advance(Duration.ofMinutes(1));
    assertThat(known.contains(OWNER, H1)).isFalse();
  }

  @Test
  void theTimeToLiveCountsFromWhenThePackWasWrittenNotFromWhenItWasRecordedOrUsed() {
    KnownChunks known = new KnownChunks(clock, Duration.ofMinutes(10), 100);
    Instant packWritten = clock.instant();
    clock.advance(Duration.ofMinutes(4)); // a slow upload: recorded only when the PUT returned
    ChunkRef packed = new ChunkRef(H1, 10, "raw", 10, "ab".repeat(16), 0);
    known.add(OWNER, packed, packWritten);

    clock.advance(Duration.ofMinutes(5));
    assertThat(known.find(OWNER, H1)).contains(packed); // a lookup does not renew the entry
    clock.advance(Duration.ofMinutes(1));
    assertThat(known.contains(OWNER, H1)).isFalse();
  }

  @Test
  void evictsTheOldestEntriesBeyondCapacity() {
    KnownChunks known = new KnownChunks(clock, Duration.ofMinutes(10), 2);
    known.add(OWNER, new ChunkRef(H1, 10, "zstd", 7));
    known.add(OWNER, new ChunkRef(H2, 10, "zstd", 7));
    known.add(OWNER, new ChunkRef(H3, 10, "zstd", 7));

    assertThat(known.contains(OWNER, H1)).isFalse();
    assertThat(known.contains(OWNER, H2)).isTrue();
    assertThat(known.contains(OWNER, H3)).isTrue();
  }

  @Test
  void aRemovedChunkIsNoLongerVouchedFor() {
    KnownChunks known = new KnownChunks(clock, Duration.ofMinutes(10), 2);
    known.add(OWNER, new ChunkRef(H1, 10, "zstd", 7));
    known.remove(H1);

    assertThat(known.contains(OWNER, H1)).isFalse();
  }

  @Test
  void remembersHowAChunkIsStored() {
    KnownChunks known = new KnownChunks(clock, Duration.ofMinutes(10), 2);
    ChunkRef compressed = new ChunkRef(H1, 65536, "zstd", 1234);
    known.add(OWNER, compressed);

    assertThat(known.find(OWNER, H1)).contains(compressed);
  }

  @Test
  void vouchesForAChunkOnlyInTheScopeThatStoredIt() {
    KnownChunks known = new KnownChunks(clock, Duration.ofMinutes(10), 100);
    known.add(OWNER, new ChunkRef(H1, 10, "zstd", 7));

    assertThat(known.contains(OWNER, H1)).isTrue();
    assertThat(known.contains("team-b", H1)).isFalse();

    known.add("team-b", new ChunkRef(H1, 10, "zstd", 7));
    known.remove(H1);
    assertThat(known.contains(OWNER, H1)).isFalse();
    assertThat(known.contains("team-b", H1)).isFalse();
  }
}
