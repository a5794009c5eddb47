package io.tern.examples;

/**
 * SplitMix64 pseudo-random generator whose whole state is one {@code long}, so it can be saved in a
 * checkpoint and resumed exactly ({@link java.util.SplittableRandom} cannot be saved).
 */
final class SplitMix64 {

  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long state;

  SplitMix64(long state) {
    this.state = state;
  }

  /** The generator's full state. */
  long state() {
    return state;
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** A double uniformly distributed in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** The SplitMix64 output function: a good 64-bit hash. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
