package io.tern.systemtest;

import io.tern.sdk.CheckpointableJob;
import io.tern.sdk.Codecs;
import io.tern.sdk.JobContext;
import io.tern.sdk.StateCodec;
import io.tern.sdk.StepResult;
import java.util.Map;

/**
 * A job whose steps take a known time and whose result tells where it was restored: step {@code i}
 * (1-based) adds {@code i × multiplier} to a total, with the multiplier in force when the step ran.
 * An uninterrupted run gives {@code multiplier · n(n+1)/2}; a job resubmitted from the checkpoint at
 * step {@code k} with another multiplier {@code m2} gives {@code m1 · k(k+1)/2 + m2 · (n(n+1)/2 − k(k+1)/2)}.
 *
 * <p>Parameters: {@code steps} (n), {@code stepMillis} (time one step takes), {@code multiplier}.
 * The child process is in a worker's job classpath through {@code classpath-of:} this class.
 */
public final class StepCounterJob implements CheckpointableJob<StepCounterJob.State> {

  /** The whole state: the steps done and the running total. */
  public static final class State {
    long step;
    long total;
  }

  @Override
  public State init(JobContext ctx) {
    return new State();
  }

  @Override
  public StepResult step(State s, JobContext ctx) throws InterruptedException {
    Thread.sleep(ctx.longParam("stepMillis", 100)); // the work of one step
    s.step++;
    s.total += s.step * ctx.longParam("multiplier", 1);
    return s.step >= ctx.longParam("steps", 10) ? StepResult.DONE : StepResult.CONTINUE;
  }

  @Override
  public StateCodec<State> codec() {
    return Codecs.of("step-counter", 1, (s, out) -> {
      out.writeLong(s.step);
      out.writeLong(s.total);
    }, in -> {
      State s = new State();
      s.step = in.readLong();
      s.total = in.readLong();
      return s;
    });
  }

  @Override
  public Map<String, Object> result(State s, JobContext ctx) {
    return Map.of("steps", s.step, "total", s.total);
  }

  @Override
  public double progress(State s) {
    return Double.NaN;
  }

  /** The total of steps {@code 1..k} at multiplier {@code m}. */
  static long total(long k, long m) {
    return m * k * (k + 1) / 2;
  }
}
