package io.tern.scheduler.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.image.ChunkReuseWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The writer's reuse rule ({@link ChunkReuseWindow}) against the collector's delete rule
 * ({@link ChunkSweepRule}) on a controllable clock: a chunk a commit in flight may rely on is never
 * deleted, and a chunk whose commit can no longer happen is (ADR 0003).
 */
class ChunkCollectionRaceTest {

  private static final Duration REUSE_WINDOW = Duration.ofMinutes(10);
  private static final Duration COMMIT_TIMEOUT = Duration.ofMinutes(15);
  private static final Duration GRACE = REUSE_WINDOW.plus(COMMIT_TIMEOUT);
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final String CHUNK = "chunks/ab/" + "ab".repeat(32);

  @Test
  void aChunkReusedOnTheStrengthOfItsAgeIsNotDeletedWhileTheCommitMayStillHappen() {
    // Every (object age at reuse, collection start) pair on a one-minute grid: whenever the writer
    // reused the chunk and its commit deadline has not passed when the collection starts (so the
    // manifest may not be among the retained ones yet), the collector must keep the chunk.
    for (int ageMinutes = 0; ageMinutes <= 30; ageMinutes++) {
      Instant lastModified = T0;
      Instant reuseAt = T0.plus(Duration.ofMinutes(ageMinutes));
      boolean reused = new ChunkReuseWindow(Clock.fixed(reuseAt, ZoneOffset.UTC), REUSE_WINDOW).mayReuse(lastModified);
      Instant commitDeadline = reuseAt.plus(COMMIT_TIMEOUT); // the PENDING row is at most this old
      for (int startMinutes = 0; startMinutes <= 60; startMinutes++) {
        Instant collectionStart = reuseAt.plus(Duration.ofMinutes(startMinutes));
        boolean commitMayBeInFlight = !collectionStart.isAfter(commitDeadline);
        boolean deleted = new ChunkSweepRule(collectionStart, GRACE, Set.of()).mayDelete(CHUNK, lastModified);
        if (reused && commitMayBeInFlight) {
          assertThat(deleted)
              .as("object %d min old at reuse, collection %d min later", ageMinutes, startMinutes)
              .isFalse();
        }
      }
    }
  }

  @Test
  void anObjectOlderThanTheReuseWindowIsUploadedAgainInsteadOfReused() {
    ChunkReuseWindow window =
        new ChunkReuseWindow(Clock.fixed(T0.plus(REUSE_WINDOW), ZoneOffset.UTC), REUSE_WINDOW);
    assertThat(window.mayReuse(T0)).isFalse();
    assertThat(window.mayReuse(T0.plusSeconds(1))).isTrue();
  }

  @Test
  void anUnreferencedChunkIsDeletedOnceNoCommitCanReferenceItAnyMore() {
    Instant reuseAt = T0.plus(REUSE_WINDOW).minusSeconds(1);
    Instant afterDeadline = reuseAt.plus(COMMIT_TIMEOUT).plusSeconds(2);
    assertThat(new ChunkSweepRule(afterDeadline, GRACE, Set.of()).mayDelete(CHUNK, T0)).isTrue();
  }

  @Test
  void aReferencedChunkIsNeverDeletedWhateverItsAge() {
    Instant muchLater = T0.plus(Duration.ofDays(365));
    assertThat(new ChunkSweepRule(muchLater, GRACE, Set.of(CHUNK)).mayDelete(CHUNK, T0)).isFalse();
  }
}
