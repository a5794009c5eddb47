package io.tern.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Realistic job state, as the bytes a {@code Codecs} array codec writes (little-endian): what the
 * compression comparison and the benchmarks feed the image store.
 */
enum StateSamples {

  /** Simulation values: every mantissa bit random (e.g. particle positions, Monte Carlo sums). */
  NOISY_DOUBLES {
    @Override
    void fill(ByteBuffer out, SplittableRandom random) {
      while (out.remaining() >= 8) {
        out.putDouble(1000.0 + 50.0 * gaussian(random));
      }
    }
  },
  /** PageRank-like ranks: positive, small, heavy-tailed, close to 1/N; smooth between neighbours. */
  SMOOTH_DOUBLES {
    @Override
    void fill(ByteBuffer out, SplittableRandom random) {
      double n = 1_000_000;
      while (out.remaining() >= 8) {
        double pareto = Math.pow(1 - random.nextDouble(), -1 / 1.5);
        out.putDouble((0.15 + 0.85 * pareto) / n);
      }
    }
  },
  /** Counters and offsets: increasing longs with small random steps. */
  COUNTER_LONGS {
    @Override
    void fill(ByteBuffer out, SplittableRandom random) {
      long value = 1_000_000_000L;
      while (out.remaining() >= 8) {
        value += random.nextInt(1000);
        out.putLong(value);
      }
    }
  },
  /** Small ints: labels, degrees, bucket counts below 10 000. */
  SMALL_INTS {
    @Override
    void fill(ByteBuffer out, SplittableRandom random) {
      while (out.remaining() >= 4) {
        out.putInt(random.nextInt(10_000));
      }
    }
  },
  /** A freshly allocated array nobody has written yet. */
  ZEROS {
    @Override
    void fill(ByteBuffer out, SplittableRandom random) {
      out.position(out.limit());
    }
  };

  abstract void fill(ByteBuffer out, SplittableRandom random);

  /** {@code size} bytes of this kind of state. */
  byte[] bytes(int size, long seed) {
    byte[] data = new byte[size];
    fill(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), new SplittableRandom(seed));
    return data;
  }

  /** {@code count} doubles of this kind (for the double-array kinds). */
  double[] doubles(int count, long seed) {
    byte[] bytes = bytes(count * 8, seed);
    double[] values = new double[count];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
    return values;
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
