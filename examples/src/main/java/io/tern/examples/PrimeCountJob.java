package io.tern.examples;

import io.tern.sdk.CheckpointableJob;
import io.tern.sdk.Codecs;
import io.tern.sdk.JobContext;
import io.tern.sdk.StateCodec;
import io.tern.sdk.StepResult;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the primes up to {@code limit} with a segmented sieve of Eratosthenes (odd numbers only),
 * one segment per step. The small primes up to √limit are recomputed from the parameters after a
 * restore instead of being saved (memory exclusion): the state is three longs.
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code limit} — count primes ≤ limit (default 2 000 000 000; at most 10^12)</li>
 *   <li>{@code segmentSize} — numbers sieved per step (default 2 097 152, i.e. a 1 MiB sieve)</li>
 *   <li>{@code minStepMillis} — each step lasts at least this long, the rest spent waiting (default 0);
 *       it does not change the result</li>
 * </ul>
 *
 * <p>Result: {@code limit} (long), {@code count} (long, π(limit)), {@code largestPrime} (long, or
 * null when limit &lt; 2).
 */
public class PrimeCountJob implements CheckpointableJob<PrimeCountJob.State> {

  /** The job's whole state. */
  public static final class State {
    /** The next odd number to sieve. */
    long next;
    long count;
    long largestPrime;
  }

  private long limit;
  private int segmentSize;
  private long minStepMillis;
  private int[] basePrimes;
  private byte[] sieve;

  @Override
  public State init(JobContext ctx) {
    configure(ctx);
    State s = new State();
    s.next = 3;
    if (limit >= 2) {
      s.count = 1; // the prime 2; the sieve covers odd numbers
      s.largestPrime = 2;
    }
    return s;
  }

  @Override
  public StepResult step(State s, JobContext ctx) {
    if (basePrimes == null) {
      configure(ctx);
    }
    if (s.next > limit) {
      return StepResult.DONE;
    }
    long stepStarted = System.nanoTime();
    long low = s.next;
    long high = Math.min(limit, low + segmentSize - 1); // inclusive
    int slots = (int) ((high - low) / 2 + 1); // odd numbers low, low+2, ..., <= high
    Arrays.fill(sieve, 0, slots, (byte) 0);
    for (int p : basePrimes) {
      long square = (long) p * p;
      if (square > high) {
        break;
      }
      long first = Math.max(square, (low + p - 1) / p * p);
      if ((first & 1) == 0) {
        first += p;
      }
      for (long i = (first - low) / 2; i < slots; i += p) {
        sieve[(int) i] = 1;
      }
    }
    for (int i = 0; i < slots; i++) {
      if (sieve[i] == 0) {
        s.count++;
        s.largestPrime = low + 2L * i;
      }
    }
    s.next = low + 2L * slots;
    StepPacing.waitOutTheStep(stepStarted, minStepMillis);
    return s.next > limit ? StepResult.DONE : StepResult.CONTINUE;
  }

  @Override
  public StateCodec<State> codec() {
    return Codecs.of("tern.examples.primes", 1,
        (s, out) -> {
          out.writeLong(s.next);
          out.writeLong(s.count);
          out.writeLong(s.largestPrime);
        },
        in -> {
          State s = new State();
          s.next = in.readLong();
          s.count = in.readLong();
          s.largestPrime = in.readLong();
          return s;
        });
  }

  @Override
  public Map<String, Object> result(State s, JobContext ctx) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("limit", ctx.longParam("limit", 2_000_000_000L));
    r.put("count", s.count);
    r.put("largestPrime", s.count == 0 ? null : s.largestPrime);
    return r;
  }

  @Override
  public double progress(State s) {
    return limit <= 0 ? Double.NaN : Math.min(1.0, (double) s.next / limit);
  }

  private void configure(JobContext ctx) {
    limit = ctx.longParam("limit", 2_000_000_000L);
    if (limit > 1_000_000_000_000L) {
      throw new IllegalArgumentException("parameter 'limit' must be at most 10^12, got " + limit);
    }
    long size = ctx.longParam("segmentSize", 1 << 21);
    if (size < 2 || size > (1 << 30)) {
      throw new IllegalArgumentException("parameter 'segmentSize' must be between 2 and 2^30, got " + size);
    }
    segmentSize = (int) size;
    minStepMillis = ctx.longParam("minStepMillis", 0);
    if (minStepMillis < 0) {
      throw new IllegalArgumentException("parameter 'minStepMillis' must not be negative, got " + minStepMillis);
    }
    sieve = new byte[segmentSize / 2 + 1];
    basePrimes = oddPrimesUpTo((int) Math.sqrt((double) Math.max(limit, 0)) + 1);
  }

  /** Odd primes ≤ n, by a plain sieve. */
  static int[] oddPrimesUpTo(int n) {
    boolean[] composite = new boolean[n + 1];
    int[] primes = new int[Math.max(16, n / 2)];
    int count = 0;
    for (int i = 3; i <= n; i += 2) {
      if (!composite[i]) {
        primes[count++] = i;
        for (long j = (long) i * i; j <= n; j += 2L * i) {
          composite[(int) j] = true;
        }
      }
    }
    return Arrays.copyOf(primes, count);
  }
}
