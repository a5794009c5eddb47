package io.tern.examples;

import io.tern.sdk.CheckpointableJob;
import io.tern.sdk.Codecs;
import io.tern.sdk.JobContext;
import io.tern.sdk.StateCodec;
import io.tern.sdk.StepResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends one numbered line to the output file {@code lines.txt} at every step and prints it: the job
 * that shows outputs rolling back with the state. Deterministic: line {@code n} is {@code "line n "}
 * followed by a hex hash chained from the previous line's, so the file of any run, restored or not,
 * is byte for byte the one of an uninterrupted run ({@link #expectedLines(long, long)}).
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code lines} — lines to write (default 1000)</li>
 *   <li>{@code work} — hash rounds per line, the step's CPU cost (default 1000)</li>
 *   <li>{@code minStepMillis} — each step lasts at least this long, the rest spent waiting (default 0)</li>
 * </ul>
 *
 * <p>Result: {@code lines} (long), {@code last} (the last line's hash). State: the line count and the
 * last hash (40 bytes); the file itself is in {@link JobContext#outputDir()}.
 */
public class NumberedLinesJob implements CheckpointableJob<NumberedLinesJob.State> {

  /** The output file's name. */
  public static final String FILE = "lines.txt";

  /** The job's whole state besides its output file. */
  public static final class State {
    long written;
    long hash;
  }

  @Override
  public State init(JobContext ctx) {
    if (ctx.longParam("lines", 1000) < 1) {
      throw new IllegalArgumentException("parameter 'lines' must be positive");
    }
    return new State();
  }

  @Override
  public StepResult step(State s, JobContext ctx) {
    long started = System.nanoTime();
    s.written++;
    s.hash = next(s.hash, s.written, ctx.longParam("work", 1000));
    String line = line(s.written, s.hash);
    try {
      Files.writeString(ctx.outputDir().resolve(FILE), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.print(line);
    StepPacing.waitOutTheStep(started, ctx.longParam("minStepMillis", 0));
    return s.written >= ctx.longParam("lines", 1000) ? StepResult.DONE : StepResult.CONTINUE;
  }

  /** The first {@code lines} lines an uninterrupted run writes with {@code work} rounds per line. */
  public static String expectedLines(long lines, long work) {
    StringBuilder text = new StringBuilder();
    long hash = 0;
    for (long n = 1; n <= lines; n++) {
      hash = next(hash, n, work);
      text.append(line(n, hash));
    }
    return text.toString();
  }

  private static String line(long n, long hash) {
    return "line " + n + " " + HexFormat.of().toHexDigits(hash) + "\n";
  }

  private static long next(long hash, long n, long work) {
    long h = hash ^ n;
    for (long i = 0; i < work; i++) {
      h = SplitMix64.mix(h + i);
    }
    return h;
  }

  @Override
  public StateCodec<State> codec() {
    return Codecs.of("tern.examples.lines", 1,
        (s, out) -> {
          out.writeLong(s.written);
          out.writeLong(s.hash);
        },
        in -> {
          State s = new State();
          s.written = in.readLong();
          s.hash = in.readLong();
          return s;
        });
  }

  @Override
  public Map<String, Object> result(State s, JobContext ctx) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("lines", s.written);
    r.put("last", HexFormat.of().toHexDigits(s.hash));
    return r;
  }
}
