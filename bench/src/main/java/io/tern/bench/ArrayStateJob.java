package io.tern.bench;

import io.tern.sdk.CheckpointableJob;
import io.tern.sdk.Codecs;
import io.tern.sdk.JobContext;
import io.tern.sdk.StateCodec;
import io.tern.sdk.StepResult;

/**
 * A job whose whole state is one {@code double[]} of {@code sizeMiB} MiB, changed a little by every
 * step; it never finishes by itself. For measuring the snapshot pause of a real job process.
 */
public final class ArrayStateJob implements CheckpointableJob<double[]> {

  private long steps;

  @Override
  public double[] init(JobContext ctx) {
    int values = (int) (ctx.longParam("sizeMiB", 16) * (1 << 20) / 8);
    return StateSamples.NOISY_DOUBLES.doubles(values, 7);
  }

  @Override
  public StepResult step(double[] state, JobContext ctx) {
    for (int i = 0; i < 1024; i++) {
      int at = (int) Math.floorMod((steps * 1024 + i) * 2654435761L, (long) state.length);
      state[at] += 1.0;
    }
    steps++;
    return StepResult.CONTINUE;
  }

  @Override
  public StateCodec<double[]> codec() {
    return Codecs.doubleArray();
  }
}
