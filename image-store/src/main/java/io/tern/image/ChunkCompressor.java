package io.tern.image;

/**
 * Decides how a new chunk is stored (ADR 0002): zstd level 1 when that saves at least {@value
 * #MIN_SAVING_PERCENT}% of its bytes, raw otherwise. A probe of the first {@value #PROBE_BYTES}
 * bytes is compressed first, so chunks that do not compress (noisy floating-point data) cost one
 * small probe instead of a full compression, and are restored without a decompression step.
 */
final class ChunkCompressor {

  /** A compressed chunk is kept only if it is at least this much smaller than the chunk. */
  static final int MIN_SAVING_PERCENT = 10;

  /** Bytes compressed to predict whether a chunk is worth compressing. */
  static final int PROBE_BYTES = 8 * 1024;

  /** Never compresses. */
  static final ChunkCompressor OFF = new ChunkCompressor(false);

  /** zstd when it pays. */
  static final ChunkCompressor ZSTD = new ChunkCompressor(true);

  private final boolean enabled;

  private ChunkCompressor(boolean enabled) {
    this.enabled = enabled;
  }

  /** The encoding to try for {@code chunk}; the caller still falls back to raw if the result is too big. */
  ChunkEncoding choose(byte[] chunk) {
    if (!enabled) {
      return ChunkEncoding.RAW;
    }
    if (chunk.length <= 2 * PROBE_BYTES) {
      return ChunkEncoding.ZSTD;
    }
    byte[] probe = java.util.Arrays.copyOf(chunk, PROBE_BYTES);
    int probed = ChunkEncoding.ZSTD.encode(probe).length;
    return probed <= maxWorthwhileSize(PROBE_BYTES) ? ChunkEncoding.ZSTD : ChunkEncoding.RAW;
  }

  /** The largest encoded size worth storing for a chunk of {@code size} bytes. */
  int maxWorthwhileSize(int size) {
    return (int) ((long) size * (100 - MIN_SAVING_PERCENT) / 100);
  }
}
