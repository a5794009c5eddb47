package io.tern.image;

/**
 * Chunk size limits for content-defined chunking. {@link #DEFAULT} is the policy every image is
 * written with; the other constructors exist for tests.
 *
 * <p>Changing the policy (or the gear table of {@link ContentDefinedChunker}) never breaks reading
 * old images — a manifest lists its chunks explicitly — but new images then share fewer chunks
 * with old ones.
 *
 * @param minSize no chunk except the last is smaller
 * @param normalSize the size chunking aims at; a power of two
 * @param maxSize no chunk is larger
 */
public record ChunkingPolicy(int minSize, int normalSize, int maxSize) {

  /** Minimum chunk size of {@link #DEFAULT}: 16 KiB. */
  public static final int DEFAULT_MIN_SIZE = 16 * 1024;

  /** Normal (target) chunk size of {@link #DEFAULT}: 64 KiB. */
  public static final int DEFAULT_NORMAL_SIZE = 64 * 1024;

  /** Maximum chunk size of {@link #DEFAULT}: 256 KiB. */
  public static final int DEFAULT_MAX_SIZE = 256 * 1024;

  /**
   * The policy images are written with: 16 KiB / 64 KiB / 256 KiB. Small chunks make incremental
   * checkpoints small after scattered changes; packs (ADR 0004) keep the number of S3 requests
   * independent of the chunk size.
   */
  public static final ChunkingPolicy DEFAULT =
      new ChunkingPolicy(DEFAULT_MIN_SIZE, DEFAULT_NORMAL_SIZE, DEFAULT_MAX_SIZE);

  /** Fine-grained chunks: the same as {@link #DEFAULT} since packs made small chunks cheap. */
  public static final ChunkingPolicy FINE = DEFAULT;

  /**
   * Coarse chunks, 256 KiB / 1 MiB / 4 MiB: what images were written with before packs (ADR 0002);
   * fewer manifest entries, but an incremental checkpoint after scattered changes uploads 5–10× more.
   */
  public static final ChunkingPolicy COARSE = new ChunkingPolicy(256 * 1024, 1024 * 1024, 4 * 1024 * 1024);

  /** Validates the limits. */
  public ChunkingPolicy {
    if (minSize < 64) {
      throw new IllegalArgumentException("minSize must be at least 64 bytes, was " + minSize);
    }
    if (Integer.bitCount(normalSize) != 1) {
      throw new IllegalArgumentException("normalSize must be a power of two, was " + normalSize);
    }
    if (!(minSize < normalSize && normalSize < maxSize)) {
      throw new IllegalArgumentException(
          "need minSize < normalSize < maxSize, got " + minSize + " / " + normalSize + " / " + maxSize);
    }
  }

  /** log2 of {@link #normalSize()}. */
  int normalBits() {
    return Integer.numberOfTrailingZeros(normalSize);
  }
}
