package io.tern.worker.it;

import io.tern.sdk.CheckpointableJob;
import io.tern.sdk.Codecs;
import io.tern.sdk.JobContext;
import io.tern.sdk.StateCodec;
import io.tern.sdk.StepResult;
import java.util.Map;

/**
 * A job that writes a numbered line at every step: {@code ctx.log("line <n>")} at even steps,
 * {@code System.out} at odd ones, and {@code System.err} every tenth step. Parameters: {@code steps},
 * {@code stepMillis}.
 */
public class ChattyJob implements CheckpointableJob<long[]> {

  @Override
  public long[] init(JobContext ctx) {
    return new long[1];
  }

  @Override
  public StepResult step(long[] done, JobContext ctx) {
    long n = done[0];
    if (n % 2 == 0) {
      ctx.log("line " + n);
    } else {
      System.out.println("line " + n);
    }
    if (n % 10 == 0) {
      System.err.println("err " + n);
    }
    done[0] = n + 1;
    try {
      Thread.sleep(ctx.longParam("stepMillis", 50));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return done[0] >= ctx.longParam("steps", 10) ? StepResult.DONE : StepResult.CONTINUE;
  }

  @Override
  public StateCodec<long[]> codec() {
    return Codecs.of("tern.it.lines", 1, (s, out) -> out.writeLong(s[0]), in -> new long[] {in.readLong()});
  }

  @Override
  public Map<String, Object> result(long[] done, JobContext ctx) {
    return Map.of("lines", done[0]);
  }
}
