package com.example.collatz;

import io.tern.sdk.CheckpointableJob;
import io.tern.sdk.Codecs;
import io.tern.sdk.JobContext;
import io.tern.sdk.StateCodec;
import io.tern.sdk.StepResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds the starting number in [{@code from}, {@code to}) whose Collatz chain (n → n/2 when n is
 * even, n → 3n+1 when odd, until 1) takes the most steps; the smallest such number on a tie.
 *
 * <p>The state is what the job cannot recompute: the next number to try and the best found so far
 * (three numbers). The table of chain lengths of small numbers that makes the search fast is left
 * out of the state ("memory exclusion"): after a restore the job starts with an empty table and
 * refills it; chain lengths do not depend on it, so the result is the same.
 *
 * <p>Parameters (all optional): {@code from} (default 1), {@code to} (exclusive, default
 * 100 000 000), {@code numbersPerStep} (default 200 000), {@code cacheSize} (chain lengths kept for
 * numbers below it, default 1 000 000).
 *
 * <p>Result: {@code from}, {@code to}, {@code longestChainStart}, {@code longestChainSteps},
 * {@code version} (of this code, see {@link #VERSION}).
 */
public class LongestCollatzChainJob implements CheckpointableJob<LongestCollatzChainJob.State> {

  /** The version of this job's code, returned in its result. */
  public static final String VERSION = "1";

  /** The job's whole state. */
  public static final class State {
    long next;
    long bestStart;
    int bestSteps;
  }

  private long from;
  private long to;
  private int numbersPerStep;
  private int[] stepsOf; // stepsOf[n] = chain length of n, 0 when not known yet; rebuilt after a restore

  @Override
  public State init(JobContext ctx) {
    configure(ctx);
    State s = new State();
    s.next = from;
    s.bestStart = from;
    s.bestSteps = -1;
    return s;
  }

  @Override
  public StepResult step(State s, JobContext ctx) {
    if (stepsOf == null) {
      configure(ctx); // a restored attempt: the job instance is new, the parameters are the same
    }
    long end = Math.min(to, s.next + numbersPerStep);
    for (long n = s.next; n < end; n++) {
      int steps = chainSteps(n);
      if (steps > s.bestSteps) {
        s.bestSteps = steps;
        s.bestStart = n;
      }
    }
    s.next = end;
    return end >= to ? StepResult.DONE : StepResult.CONTINUE;
  }

  @Override
  public StateCodec<State> codec() {
    return Codecs.of("com.example.collatz.state", 1,
        (s, out) -> {
          out.writeLong(s.next);
          out.writeLong(s.bestStart);
          out.writeInt(s.bestSteps);
        },
        in -> {
          State s = new State();
          s.next = in.readLong();
          s.bestStart = in.readLong();
          s.bestSteps = in.readInt();
          return s;
        });
  }

  @Override
  public Map<String, Object> result(State s, JobContext ctx) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("from", from);
    r.put("to", to);
    r.put("longestChainStart", s.bestStart);
    r.put("longestChainSteps", s.bestSteps);
    r.put("version", VERSION);
    return r;
  }

  @Override
  public double progress(State s) {
    return to <= from ? Double.NaN : (double) (s.next - from) / (to - from);
  }

  /** Steps from n down to 1; uses and fills the table of small numbers' chain lengths. */
  int chainSteps(long n) {
    long x = n;
    int steps = 0;
    while (x != 1) {
      if (x < stepsOf.length && stepsOf[(int) x] != 0) {
        steps += stepsOf[(int) x];
        break;
      }
      x = (x & 1) == 0 ? x >>> 1 : Math.addExact(Math.multiplyExact(3L, x), 1L);
      steps++;
    }
    if (n < stepsOf.length) {
      stepsOf[(int) n] = steps;
    }
    return steps;
  }

  private void configure(JobContext ctx) {
    from = ctx.longParam("from", 1);
    to = ctx.longParam("to", 100_000_000L);
    if (from < 1) {
      throw new IllegalArgumentException("parameter 'from' must be at least 1, got " + from);
    }
    if (to <= from || to > 1_000_000_000_000L) {
      throw new IllegalArgumentException("parameter 'to' must be above 'from' and at most 10^12, got " + to);
    }
    numbersPerStep = ctx.intParam("numbersPerStep", 200_000);
    if (numbersPerStep < 1) {
      throw new IllegalArgumentException("parameter 'numbersPerStep' must be at least 1, got " + numbersPerStep);
    }
    int cacheSize = ctx.intParam("cacheSize", 1_000_000);
    if (cacheSize < 2 || cacheSize > 100_000_000) {
      throw new IllegalArgumentException("parameter 'cacheSize' must be between 2 and 10^8, got " + cacheSize);
    }
    stepsOf = new int[(int) Math.min(cacheSize, to)];
  }
}
