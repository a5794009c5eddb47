package io.tern.sdk.testkit;

import io.tern.sdk.CheckpointableJob;
import io.tern.sdk.JobContext;
import io.tern.sdk.StateCodec;
import io.tern.sdk.StepResult;
import io.tern.sdk.internal.json.JsonWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Runs a {@link CheckpointableJob} in the test's JVM, uninterrupted or with forced snapshot → restore
 * cycles, the way Tern moves a job between workers: after the chosen steps the state is encoded
 * through the job's codec to bytes, the job instance and the state are thrown away, a <em>new</em>
 * job instance is created from the supplier, the bytes are decoded and the run continues. A job
 * that keeps data outside its declared state, or whose codec loses data, gives a different result —
 * and {@link #assertSurvivesRestores} says after which step the states first differ.
 *
 * <p>Usage in a JUnit test:
 *
 * <pre>{@code
 * @Test
 * void survivesRestores() {
 *   Map<String, String> params = Map.of("samples", "1000000");
 *   JobTestKit.RunResult run = JobTestKit.assertSurvivesRestores(MyJob::new, params, 42L, 5);
 *   assertEquals(1_000_000L, run.result().get("samples"));
 * }
 * }</pre>
 *
 * <p>The whole encoded state is held in memory for each cycle: use small parameters in tests.
 */
public final class JobTestKit {

  /** A run stops with an AssertionError after this many steps. */
  public static final long MAX_STEPS = 50_000_000L;

  private JobTestKit() {}

  /**
   * What a run produced.
   *
   * @param result the job's result map
   * @param steps the number of {@code step} calls until DONE
   * @param restoredAfterSteps the steps after which the state was snapshotted and restored (0 = right
   *     after {@code init}), in order
   * @param outputDir the run's {@link JobContext#outputDir()}: a temporary directory of its own, kept
   *     across its snapshot/restore cycles as a real restore brings it back (nothing is written
   *     between a snapshot and its restore here), left in place for the test to read
   */
  public record RunResult(Map<String, Object> result, long steps, List<Long> restoredAfterSteps, Path outputDir) {}

  /** A job threw; {@link #step()} says when (0 = in {@code init}, k = in the k-th call to step). */
  public static final class JobFailedException extends RuntimeException {
    private final long step;

    JobFailedException(String message, long step, Throwable cause) {
      super(message, cause);
      this.step = step;
    }

    /** The step during which the job threw (0 = during init or codec setup). */
    public long step() {
      return step;
    }
  }

  /** Runs the job from {@code init} to DONE in one instance, without any snapshot. */
  public static <S> RunResult runUninterrupted(Supplier<? extends CheckpointableJob<S>> job, Map<String, String> params) {
    return new Run<>(job, params, List.of(), false).execute().toResult();
  }

  /**
   * Runs the job to DONE, snapshotting and restoring into a new instance after each of the given steps
   * (0 = right after {@code init}; steps at or after the end are ignored).
   */
  public static <S> RunResult runWithRestores(Supplier<? extends CheckpointableJob<S>> job, Map<String, String> params,
      Collection<Long> restoreAfterSteps) {
    return new Run<>(job, params, restoreAfterSteps, true).execute().toResult();
  }

  /**
   * Runs the job uninterrupted to learn its number of steps N, then again with {@code cycles}
   * snapshot/restore cycles after distinct steps drawn with {@code seed} from [0, N-1] (fewer when N is
   * smaller). Returns the interrupted run.
   */
  public static <S> RunResult runWithRandomRestores(Supplier<? extends CheckpointableJob<S>> job,
      Map<String, String> params, long seed, int cycles) {
    RunResult reference = runUninterrupted(job, params);
    return runWithRestores(job, params, randomSteps(reference.steps(), seed, cycles));
  }

  /**
   * Checks that the job gives the same result (and takes the same number of steps) with {@code cycles}
   * random snapshot/restore cycles as uninterrupted, and that its codec reads back exactly what it
   * wrote. Throws an {@link AssertionError} that names the first restore point after which the state
   * differs from the uninterrupted run's state.
   *
   * @return the uninterrupted run, for further assertions on the result
   */
  public static <S> RunResult assertSurvivesRestores(Supplier<? extends CheckpointableJob<S>> job,
      Map<String, String> params, long seed, int cycles) {
    if (cycles < 1) {
      throw new IllegalArgumentException("cycles must be >= 1, got " + cycles);
    }
    RunResult reference = runUninterrupted(job, params);
    List<Long> points = randomSteps(reference.steps(), seed, cycles);
    Run<S> restored = new Run<>(job, params, points, true).execute();
    if (restored.steps == reference.steps() && Objects.equals(restored.result, reference.result())) {
      return reference;
    }
    Run<S> snapshotsOnly = new Run<>(job, params, points, false).execute();
    StringBuilder msg = new StringBuilder("the job does not survive snapshot/restore (seed ").append(seed)
        .append(", restored after steps ").append(points).append("): ");
    Long firstDiverging = null;
    Long lastSame = null;
    for (long p : restored.restoredAfter) {
      byte[] expected = snapshotsOnly.digests.get(p);
      if (expected == null || !Arrays.equals(expected, restored.digests.get(p))) {
        firstDiverging = p;
        break;
      }
      lastSame = p;
    }
    if (firstDiverging != null) {
      msg.append("the state after step ").append(firstDiverging).append(" differs from the uninterrupted run's");
      msg.append(lastSame == null ? "" : " (it was identical after step " + lastSame + ", the restore before)");
      msg.append("; the job keeps data outside its state or its codec loses data. ");
    } else {
      msg.append("the states were identical at every restore point; the difference appears after step ")
          .append(restored.restoredAfter.isEmpty() ? 0 : restored.restoredAfter.get(restored.restoredAfter.size() - 1))
          .append(" (instance fields not rebuilt after a restore?). ");
    }
    msg.append("Uninterrupted: ").append(reference.steps()).append(" steps, result ").append(reference.result())
        .append("; restored: ").append(restored.steps).append(" steps, result ").append(restored.result);
    throw new AssertionError(msg.toString());
  }

  static List<Long> randomSteps(long totalSteps, long seed, int cycles) {
    Random random = new Random(seed);
    TreeSet<Long> steps = new TreeSet<>();
    long wanted = Math.min(cycles, totalSteps);
    while (steps.size() < wanted) {
      steps.add(Math.floorMod(random.nextLong(), totalSteps));
    }
    return List.copyOf(steps);
  }

  /** One run of a job; snapshots (and, if {@code restore}, restores) after the given steps. */
  private static final class Run<S> {
    private final Supplier<? extends CheckpointableJob<S>> supplier;
    private final Map<String, String> params;
    private final TreeSet<Long> points;
    private final boolean restore;
    private final Map<Long, byte[]> digests = new LinkedHashMap<>();
    private final List<Long> restoredAfter = new ArrayList<>();
    private Map<String, Object> result;
    private long steps;
    private Path outputDir;

    Run(Supplier<? extends CheckpointableJob<S>> supplier, Map<String, String> params, Collection<Long> points,
        boolean restore) {
      this.supplier = Objects.requireNonNull(supplier, "supplier");
      this.params = Map.copyOf(params);
      this.points = new TreeSet<>(points);
      this.restore = restore;
    }

    Run<S> execute() {
      try {
        outputDir = Files.createTempDirectory("tern-testkit-outputs");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the job's output directory", e);
      }
      int attempt = 1;
      CheckpointableJob<S> job = newJob(0);
      StateCodec<S> codec = job.codec();
      TestContext ctx = new TestContext(params, attempt, false, outputDir);
      S state;
      try {
        state = job.init(ctx);
      } catch (Exception e) {
        throw new JobFailedException("init failed: " + e, 0, e);
      }
      long step = 0;
      while (true) {
        if (points.contains(step)) {
          if (codec == null) {
            throw new AssertionError(job.getClass().getName() + ".codec() returned null");
          }
          byte[] bytes = encode(codec, state, step);
          digests.put(step, sha256(bytes));
          if (restore) {
            job = newJob(step);
            codec = job.codec();
            state = null;
            attempt++;
            ctx = new TestContext(params, attempt, true, outputDir);
            state = decode(codec, bytes, step);
            byte[] again = encode(codec, state, step);
            if (!Arrays.equals(bytes, again)) {
              throw new AssertionError("codec " + codec.id() + " is not faithful: the state snapshotted after step "
                  + step + " (" + bytes.length + " bytes) encodes to different bytes (" + again.length
                  + ") once decoded");
            }
            restoredAfter.add(step);
          }
        }
        StepResult r;
        try {
          r = job.step(state, ctx);
        } catch (Exception e) {
          throw new JobFailedException("step " + (step + 1) + " failed: " + e, step + 1, e);
        }
        step++;
        if (r == null) {
          throw new AssertionError("step " + step + " returned null");
        }
        if (r == StepResult.DONE) {
          break;
        }
        if (step >= MAX_STEPS) {
          throw new AssertionError("the job did not finish within " + MAX_STEPS + " steps");
        }
      }
      steps = step;
      Map<String, Object> map = job.result(state, ctx);
      result = map == null ? Map.of() : map;
      try {
        JsonWriter.write(result);
      } catch (IllegalArgumentException e) {
        throw new AssertionError("the result cannot be stored as JSON: " + e.getMessage(), e);
      }
      return this;
    }

    RunResult toResult() {
      return new RunResult(result, steps, List.copyOf(restoredAfter), outputDir);
    }

    private CheckpointableJob<S> newJob(long step) {
      CheckpointableJob<S> job = supplier.get();
      if (job == null) {
        throw new IllegalArgumentException("the supplier returned null");
      }
      return job;
    }

    private static <S> byte[] encode(StateCodec<S> codec, S state, long step) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        codec.encode(state, out);
      } catch (IOException | RuntimeException e) {
        throw new JobFailedException("encoding the state after step " + step + " failed: " + e, step, e);
      }
      return out.toByteArray();
    }

    private static <S> S decode(StateCodec<S> codec, byte[] bytes, long step) {
      try {
        return codec.decode(new ByteArrayInputStream(bytes));
      } catch (IOException | RuntimeException e) {
        throw new JobFailedException("decoding the state snapshotted after step " + step + " failed: " + e, step, e);
      }
    }

    private static byte[] sha256(byte[] bytes) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The context given to jobs under test: attempt 1, 2, ... one per restore; log lines are dropped. */
  private record TestContext(Map<String, String> parameters, int attempt, boolean restored, Path outputDir)
      implements JobContext {
    @Override
    public String jobId() {
      return "testkit";
    }

    @Override
    public void log(String message) {
      // not kept
    }
  }
}
