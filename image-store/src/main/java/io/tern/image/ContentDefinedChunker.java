package io.tern.image;

/**
 * Finds content-defined chunk boundaries with a gear rolling hash and normalised chunking (the
 * FastCDC scheme): a boundary depends only on the 64 bytes before it, so inserting or deleting
 * bytes moves the boundaries near the edit and leaves all later ones where they were.
 *
 * <p>For each byte the hash is updated as {@code h = (h << 1) + GEAR[b]}; the top bits of {@code h}
 * depend on the last 64 bytes. Before {@code normalSize} a cut needs {@code normalBits + 2} zero
 * top bits (cuts are rare), after it {@code normalBits - 2} (cuts become likely), which concentrates
 * chunk sizes around the normal size. No cut is taken before {@code minSize}; one is forced at
 * {@code maxSize}.
 *
 * <p>Stateless and thread-safe.
 */
final class ContentDefinedChunker {

  private static final long[] GEAR = gearTable();

  private final ChunkingPolicy policy;
  private final long strictMask;
  private final long looseMask;

  ContentDefinedChunker(ChunkingPolicy policy) {
    this.policy = policy;
    int bits = policy.normalBits();
    this.strictMask = topBits(bits + 2);
    this.looseMask = topBits(Math.max(1, bits - 2));
  }

  ChunkingPolicy policy() {
    return policy;
  }

  /**
   * The length of the chunk that starts at {@code data[from]}, given {@code available} bytes from
   * there. The caller must supply at least {@code maxSize} bytes unless the input ends earlier
   * ({@code available} is then everything that is left).
   */
  int cutPoint(byte[] data, int from, int available) {
    if (available <= policy.minSize()) {
      return available;
    }
    int end = Math.min(available, policy.maxSize());
    int normal = Math.min(end, policy.normalSize());
    long hash = 0;
    int i = policy.minSize();
    for (; i < normal; i++) {
      hash = (hash << 1) + GEAR[data[from + i] & 0xff];
      if ((hash & strictMask) == 0) {
        return i + 1;
      }
    }
    for (; i < end; i++) {
      hash = (hash << 1) + GEAR[data[from + i] & 0xff];
      if ((hash & looseMask) == 0) {
        return i + 1;
      }
    }
    return end;
  }

  private static long topBits(int count) {
    return -1L << (64 - count);
  }

  /**
   * 256 fixed pseudo-random 64-bit values (SplitMix64 from a fixed seed). Must never change: the
   * values decide where chunks are cut, and so which chunks images share.
   */
  private static long[] gearTable() {
    long[] table = new long[256];
    long state = 0x7465726e2d636463L; // "tern-cdc"
    for (int i = 0; i < table.length; i++) {
      state += 0x9e3779b97f4a7c15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      table[i] = z ^ (z >>> 31);
    }
    return table;
  }
}
