package io.tern.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.image.RestoreStream.Segment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a restore cuts a manifest's chunk list into ranged GETs ({@link Segment#of}). */
class RestoreSegmentTest {

  private static final String PACK_A = "aa".repeat(16);
  private static final String PACK_B = "bb".repeat(16);
  private static final int MAX = 1000;

  @Test
  void chunksStoredBackToBackInOnePackAreReadWithOneRequest() {
    List<ChunkRef> chunks = List.of(packed(1, PACK_A, 0, 100), packed(2, PACK_A, 100, 300), packed(3, PACK_A, 400, 50));

    List<Segment> segments = Segment.of(chunks, MAX);

    assertThat(segments).containsExactly(new Segment(0, chunks));
    assertThat(segments.get(0).storedBytes()).isEqualTo(450);
  }

  @Test
  void aGapOrABackwardJumpInsideAPackStartsANewSegment() {
    ChunkRef first = packed(1, PACK_A, 0, 100);
    ChunkRef afterGap = packed(2, PACK_A, 150, 100);
    ChunkRef backwards = packed(3, PACK_A, 0, 100); // a chunk repeated earlier in the image
    ChunkRef next = packed(4, PACK_A, 100, 50);

    List<Segment> segments = Segment.of(List.of(first, afterGap, backwards, next), MAX);

    assertThat(segments).containsExactly(
        new Segment(0, List.of(first)), new Segment(1, List.of(afterGap)), new Segment(2, List.of(backwards, next)));
  }

  @Test
  void anotherPackStartsANewSegmentEvenAtTheAdjacentOffset() {
    ChunkRef inA = packed(1, PACK_A, 0, 100);
    ChunkRef inB = packed(2, PACK_B, 100, 100);

    assertThat(Segment.of(List.of(inA, inB), MAX))
        .containsExactly(new Segment(0, List.of(inA)), new Segment(1, List.of(inB)));
  }

  @Test
  void aSegmentNeverExceedsTheLimitUnlessOneChunkDoes() {
    ChunkRef a = packed(1, PACK_A, 0, 600);
    ChunkRef b = packed(2, PACK_A, 600, 400); // exactly fills the limit with a
    ChunkRef c = packed(3, PACK_A, 1000, 1);
    ChunkRef huge = packed(4, PACK_A, 1001, 5000);
    ChunkRef d = packed(5, PACK_A, 6001, 10);

    assertThat(Segment.of(List.of(a, b, c, huge, d), MAX)).containsExactly(
        new Segment(0, List.of(a, b)), new Segment(2, List.of(c)), new Segment(3, List.of(huge)),
        new Segment(4, List.of(d)));
  }

  @Test
  void aSegmentAlsoEndsBeforeItsDecodedBytesWouldExceedTheLimit() {
    // well-compressed chunks: 100 stored bytes each hold 400
    ChunkRef a = new ChunkRef(hash(1), 400, "zstd", 100, PACK_A, 0);
    ChunkRef b = new ChunkRef(hash(2), 400, "zstd", 100, PACK_A, 100);
    ChunkRef c = new ChunkRef(hash(3), 400, "zstd", 100, PACK_A, 200);

    List<Segment> segments = Segment.of(List.of(a, b, c), MAX);

    assertThat(segments).containsExactly(new Segment(0, List.of(a, b)), new Segment(2, List.of(c)));
    assertThat(segments.get(0).logicalBytes()).isEqualTo(800);
  }

  @Test
  void everyLegacyChunkObjectIsASegmentOfItsOwn() {
    ChunkRef legacyRaw = new ChunkRef(hash(1), 100);
    ChunkRef legacyZstd = new ChunkRef(hash(2), 100, "zstd", 40);
    ChunkRef inPack = packed(3, PACK_A, 0, 100);

    assertThat(Segment.of(List.of(legacyRaw, legacyZstd, inPack, legacyRaw), MAX)).containsExactly(
        new Segment(0, List.of(legacyRaw)), new Segment(1, List.of(legacyZstd)), new Segment(2, List.of(inPack)),
        new Segment(3, List.of(legacyRaw)));
  }

  @Test
  void anEmptyImageHasNoSegments() {
    assertThat(Segment.of(List.of(), MAX)).isEmpty();
  }

  @Test
  void theSegmentsCoverEveryChunkOnceInManifestOrder() {
    List<ChunkRef> chunks = new java.util.ArrayList<>();
    long offset = 0;
    for (int i = 0; i < 50; i++) {
      String pack = i < 30 ? PACK_A : PACK_B;
      if (i == 30) {
        offset = 0;
      }
      int stored = 37 + i * 3;
      chunks.add(packed(i, pack, offset, stored));
      offset += stored;
    }

    List<Segment> segments = Segment.of(chunks, MAX);

    int next = 0;
    for (Segment segment : segments) {
      assertThat(segment.firstIndex()).isEqualTo(next);
      assertThat(segment.chunks()).isEqualTo(chunks.subList(next, next + segment.chunks().size()));
      assertThat(segment.storedBytes()).isLessThanOrEqualTo(MAX);
      assertThat(segment.chunks()).extracting(ChunkRef::pack).containsOnly(segment.chunks().get(0).pack());
      next += segment.chunks().size();
    }
    assertThat(next).isEqualTo(chunks.size());
  }

  private static ChunkRef packed(int n, String pack, long offset, int storedSize) {
    return new ChunkRef(hash(n), storedSize, "raw", storedSize, pack, offset);
  }

  private static String hash(int n) {
    return String.format("%064x", n);
  }
}
