package io.tern.examples;

import io.tern.sdk.CheckpointableJob;
import io.tern.sdk.Codecs;
import io.tern.sdk.JobContext;
import io.tern.sdk.StateCodec;
import io.tern.sdk.StepResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Estimates π by throwing random points into the unit square and counting those inside the quarter
 * circle. Deterministic: the same parameters give the same result, with or without restores.
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code samples} — points to throw (default 100 000 000)</li>
 *   <li>{@code samplesPerStep} — points per step (default 1 000 000)</li>
 *   <li>{@code seed} — seed of the generator (default 42)</li>
 *   <li>{@code minStepMillis} — each step lasts at least this long, the rest spent waiting (default 0):
 *       the shape of a job that waits on I/O or another service, for demos and fault tests that need
 *       a long job without burning CPU; it does not change the result</li>
 * </ul>
 *
 * <p>Result: {@code samples} (long), {@code inside} (long), {@code pi} (double, 4·inside/samples).
 *
 * <p>State (a few bytes): the generator's state, the points thrown and the points inside.
 */
public class MonteCarloPiJob implements CheckpointableJob<MonteCarloPiJob.State> {

  /** The job's whole state. */
  public static final class State {
    long rng;
    long done;
    long inside;
  }

  @Override
  public State init(JobContext ctx) {
    if (samples(ctx) < 1) {
      throw new IllegalArgumentException("parameter 'samples' must be positive");
    }
    State s = new State();
    s.rng = ctx.longParam("seed", 42);
    return s;
  }

  @Override
  public StepResult step(State s, JobContext ctx) {
    long stepStarted = System.nanoTime();
    long total = samples(ctx);
    long perStep = ctx.longParam("samplesPerStep", 1_000_000);
    if (perStep < 1) {
      throw new IllegalArgumentException("parameter 'samplesPerStep' must be positive");
    }
    long n = Math.min(perStep, total - s.done);
    SplitMix64 rng = new SplitMix64(s.rng);
    long inside = 0;
    for (long i = 0; i < n; i++) {
      double x = rng.nextDouble();
      double y = rng.nextDouble();
      if (x * x + y * y < 1.0) {
        inside++;
      }
    }
    s.rng = rng.state();
    s.inside += inside;
    s.done += n;
    waitOutTheStep(stepStarted, ctx.longParam("minStepMillis", 0));
    return s.done >= total ? StepResult.DONE : StepResult.CONTINUE;
  }

  static void waitOutTheStep(long stepStartedNanos, long minStepMillis) {
    if (minStepMillis < 0) {
      throw new IllegalArgumentException("parameter 'minStepMillis' must not be negative");
    }
    long remaining = minStepMillis * 1_000_000 - (System.nanoTime() - stepStartedNanos);
    if (remaining > 0) {
      try {
        java.util.concurrent.TimeUnit.NANOSECONDS.sleep(remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public StateCodec<State> codec() {
    return Codecs.of("tern.examples.pi", 1,
        (s, out) -> {
          out.writeLong(s.rng);
          out.writeLong(s.done);
          out.writeLong(s.inside);
        },
        in -> {
          State s = new State();
          s.rng = in.readLong();
          s.done = in.readLong();
          s.inside = in.readLong();
          return s;
        });
  }

  @Override
  public Map<String, Object> result(State s, JobContext ctx) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("samples", s.done);
    r.put("inside", s.inside);
    r.put("pi", 4.0 * s.inside / s.done);
    return r;
  }

  @Override
  public double progress(State s) {
    return progressTotal == 0 ? Double.NaN : (double) s.done / progressTotal;
  }

  private long progressTotal;

  private long samples(JobContext ctx) {
    progressTotal = ctx.longParam("samples", 100_000_000);
    return progressTotal;
  }
}
