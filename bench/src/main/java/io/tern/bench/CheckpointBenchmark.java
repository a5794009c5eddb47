package io.tern.bench;

import io.tern.image.ChunkingPolicy;
import io.tern.image.ImageDescriptor;
import io.tern.image.ImageStore;
import io.tern.image.ImageStoreOptions;
import io.tern.image.ImageWriteResult;
import io.tern.image.RestoreStream;
import io.tern.sdk.Codecs;
import io.tern.sdk.StateCodec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The checkpoint benchmark of {@code docs/performance.md}: for each state size, a {@code double[]}
 * of noisy values is
 *
 * <ol>
 *   <li>encoded through {@code Codecs.doubleArray()} into a local spool file (the snapshot pause),
 *   <li>written to S3 from the spool with {@link ImageStore#write} (the commit of a first full image),
 *       beside one raw MinIO-SDK PUT of the same spool file (each round with every value changed, so
 *       nothing is reused; order alternating),
 *   <li>restored with {@link ImageStore#openForRestore}, to a null stream (what the worker does before
 *       the job decodes) beside one raw GET, and decoded beside a raw GET decoded as it streams in
 *       (alternating),
 *   <li>changed (1% of its bytes in 64 runs; one value inserted near the start) and committed
 *       again with the previous manifest as a hint (the incremental cases).
 * </ol>
 *
 * <p>The S3 server is s3proxy (filesystem-nio2) in a separate JVM on loopback. Run:
 * {@code java -Xmx6g -jar bench/target/tern-bench.jar [sizes in MiB...]} (default 16 256 1024). The
 * server's data directory is deleted at the end unless it was named with {@code tern.bench.dir}.
 * System properties: {@code tern.bench.normalChunkKiB} (chunking target; default: the store's),
 * {@code tern.bench.compression} (default true), {@code tern.bench.dir} (default a temp dir),
 * {@code tern.bench.rounds} (default 5: each first-full commit, raw PUT and read is measured that many
 * times, medians reported), {@code tern.bench.warmupRounds} (default 5 unreported runs at 16 MiB),
 * {@code tern.bench.readsOnly} (skip the incremental rows).
 */
public final class CheckpointBenchmark {

  private static final StateCodec<double[]> CODEC = Codecs.doubleArray();
  private static final int CHANGED_RUNS = 64;
  private static final int ROUNDS = Integer.getInteger("tern.bench.rounds", 5);
  private static final int WARMUP_ROUNDS = Integer.getInteger("tern.bench.warmupRounds", 5);
  private static final boolean READS_ONLY = Boolean.getBoolean("tern.bench.readsOnly");
  private static final double CHANGED_FRACTION = 0.01;

  private CheckpointBenchmark() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    List<Integer> sizesMiB = new ArrayList<>();
    for (String arg : args) {
      sizesMiB.add(Integer.parseInt(arg));
    }
    if (sizesMiB.isEmpty()) {
      sizesMiB.addAll(List.of(16, 256, 1024));
    }
    boolean keep = System.getProperty("tern.bench.dir") != null;
    Path dir = keep
        ? Files.createDirectories(Path.of(System.getProperty("tern.bench.dir")))
        : Files.createTempDirectory("tern-bench");
    ImageStoreOptions options = options();
    System.out.println("# tern checkpoint benchmark; " + options);
    System.out.println("# cpus=" + Runtime.getRuntime().availableProcessors() + " java=" + System.getProperty("java.version")
        + " maxHeap=" + (Runtime.getRuntime().maxMemory() >> 20) + "MiB dir=" + dir);
    try (S3ServerProcess server = S3ServerProcess.start(dir, "bench");
        RawObjects raw = new RawObjects(server.settings());
        ImageStore store = ImageStore.connect(server.settings(), options)) {
      System.out.println("# s3proxy filesystem-nio2 in a separate JVM, pid " + server.pid());
      raw.ensureBucket();
      store.ensureBucket();
      // Warm-up, not reported: both our paths and the baselines' run until the JIT has compiled them,
      // as they are in a long-running worker (JMH-style; the same for both sides).
      for (int i = 0; i < WARMUP_ROUNDS; i++) {
        new Run(store, raw, dir, 16, 1000 + i).measure();
      }
      System.out.println("# " + ROUNDS + " rounds per size after " + WARMUP_ROUNDS + " warm-up runs at 16 MiB; ms = median,"
          + " ratio = median / baseline median, range = lowest-highest ratio of one round");
      System.out.println();
      System.out.printf(Locale.ROOT, "%-8s %-31s %8s %9s %7s %11s %15s%n", "state", "measure", "ms", "baseline",
          "ratio", "range", "bytes up/logical");
      long jobId = 1;
      for (int size : sizesMiB) {
        new Run(store, raw, dir, size, ++jobId).measure().print();
      }
    } finally {
      if (!keep) {
        deleteRecursively(dir);
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static final byte[] MANIFEST_KEY = new SecureRandom().generateSeed(32);

  private static ImageStoreOptions options() {
    ImageStoreOptions options = ImageStoreOptions.defaults()
        .withCompression(Boolean.parseBoolean(System.getProperty("tern.bench.compression", "true")))
        .withManifestKey(MANIFEST_KEY);
    String normalKiB = System.getProperty("tern.bench.normalChunkKiB");
    if (normalKiB != null) {
      int normal = Integer.parseInt(normalKiB) * 1024;
      options = options.withChunking(new ChunkingPolicy(normal / 4, normal, normal * 4));
    }
    return options;
  }

  /** One state size: every measurement, then the table rows. */
  private static final class Run {
    private final ImageStore store;
    private final RawObjects raw;
    private final Path dir;
    private final int sizeMiB;
    private final long jobId;
    private final List<String> rows = new ArrayList<>();

    Run(ImageStore store, RawObjects raw, Path dir, int sizeMiB, long jobId) {
      this.store = store;
      this.raw = raw;
      this.dir = dir;
      this.sizeMiB = sizeMiB;
      this.jobId = jobId;
    }

    Run measure() throws Exception {
      double[] state = StateSamples.NOISY_DOUBLES.doubles(sizeMiB * (1 << 20) / 8, jobId);
      Path spool = dir.resolve("spool-" + jobId);
      String rawKey = "raw/" + jobId;

      // Every round writes a first full image of different bytes (each value moved by one ulp, so
      // no chunk of an earlier round can be reused), beside a raw PUT of the same spool file.
      long[] snapshot = new long[ROUNDS];
      long[] rawPut = new long[ROUNDS];
      long[] commit = new long[ROUNDS];
      ImageWriteResult full = null;
      String first = null;
      for (int round = 0; round < ROUNDS; round++) {
        if (round > 0) {
          nudgeEveryValue(state);
        }
        snapshot[round] = snapshot(state, spool);
        first = ImageStore.manifestKey(jobId, round + 1);
        if (round % 2 == 0) {
          rawPut[round] = raw.put(rawKey, spool);
          full = commit(spool, first, round + 1, null);
        } else {
          full = commit(spool, first, round + 1, null);
          rawPut[round] = raw.put(rawKey, spool);
        }
        commit[round] = full.nanos();
      }
      row("snapshot pause (encode)", snapshot, null, -1, -1);
      row("commit full (vs raw PUT)", commit, rawPut, full.uploadedBytes(), full.logicalBytes());

      // Reads of the last image are repeated (alternating ours and the baseline) and the medians
      // reported: a worker restores in a warm, long-running JVM, and both sides get the same treatment.
      long[] rawGet = new long[ROUNDS];
      long[] restoreBytes = new long[ROUNDS];
      long[] rawGetDecode = new long[ROUNDS];
      long[] restore = new long[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        rawGet[round] = raw.get(rawKey, OutputStream.nullOutputStream());
        restoreBytes[round] = restoreBytes(first);
        rawGetDecode[round] = raw.getAndDecode(rawKey, CODEC);
        restore[round] = restore(first, state.length);
      }
      row("restore bytes (vs raw GET)", restoreBytes, rawGet, -1, -1);
      row("restore+decode (vs GET+decode)", restore, rawGetDecode, -1, -1);
      raw.delete(rawKey);
      if (READS_ONLY) {
        Files.delete(spool);
        return this;
      }

      // a restarted worker writing unchanged state: without the hint every chunk costs a HEAD
      ImageWriteResult noHint = commitFromFreshProcess(spool, ImageStore.manifestKey(jobId, 101), 101, null);
      row("unchanged, new process, no hint", noHint, null);
      ImageWriteResult hint = commitFromFreshProcess(spool, ImageStore.manifestKey(jobId, 102), 102, first);
      row("unchanged, new process, hint", hint, null);

      changeOnePercentInRuns(state);
      snapshot(state, spool);
      ImageWriteResult scattered = commit(spool, ImageStore.manifestKey(jobId, 103), 103, first);
      row("commit after 1% in 64 runs", scattered, null);

      double[] inserted = insertNearStart(state);
      snapshot(inserted, spool);
      ImageWriteResult insertion = commit(spool, ImageStore.manifestKey(jobId, 104), 104,
          ImageStore.manifestKey(jobId, 103));
      row("commit after insert at 1000", insertion, null);
      Files.delete(spool);
      return this;
    }

    void print() {
      rows.forEach(System.out::println);
    }

    private long snapshot(double[] state, Path spool) throws IOException {
      long start = System.nanoTime();
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool), 1 << 20)) {
        CODEC.encode(state, out);
      }
      return System.nanoTime() - start;
    }

    private ImageWriteResult commit(Path spool, String key, long seq, String previous) throws IOException {
      try (InputStream in = Files.newInputStream(spool)) {
        return store.write(new ImageDescriptor(jobId, 1, seq, seq, CODEC.id()), key, in, previous);
      }
    }

    private ImageWriteResult commitFromFreshProcess(Path spool, String key, long seq, String previous)
        throws IOException {
      try (ImageStore fresh = ImageStore.connect(store.settings(), options());
          InputStream in = Files.newInputStream(spool)) {
        return fresh.write(new ImageDescriptor(jobId, 1, seq, seq, CODEC.id()), key, in, previous);
      }
    }

    private static long median(long[] values) {
      long[] sorted = values.clone();
      Arrays.sort(sorted);
      return sorted[sorted.length / 2];
    }

    /** Fetches and verifies every chunk, bytes to a null stream: what a worker does before the child decodes. */
    private long restoreBytes(String key) throws IOException {
      long start = System.nanoTime();
      try (RestoreStream in = store.openForRestore(key)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return System.nanoTime() - start;
    }

    private long restore(String key, int expectedLength) throws IOException {
      long start = System.nanoTime();
      double[] restored;
      try (RestoreStream in = store.openForRestore(key)) {
        restored = CODEC.decode(in);
      }
      long nanos = System.nanoTime() - start;
      if (restored.length != expectedLength) {
        throw new IllegalStateException("restored " + restored.length + " values, expected " + expectedLength);
      }
      return nanos;
    }

    /** Moves every value by one ulp: every byte pattern, so every chunk, changes. */
    private static void nudgeEveryValue(double[] state) {
      for (int i = 0; i < state.length; i++) {
        state[i] = Math.nextUp(state[i]);
      }
    }

    private void changeOnePercentInRuns(double[] state) {
      SplittableRandom random = new SplittableRandom(jobId * 31);
      int perRun = (int) (state.length * CHANGED_FRACTION / CHANGED_RUNS);
      int stride = state.length / CHANGED_RUNS;
      for (int run = 0; run < CHANGED_RUNS; run++) {
        int start = run * stride + random.nextInt(Math.max(1, stride - perRun));
        for (int i = start; i < start + perRun; i++) {
          state[i] += random.nextDouble();
        }
      }
    }

    private static double[] insertNearStart(double[] state) {
      double[] longer = Arrays.copyOf(state, state.length + 1);
      System.arraycopy(state, 1000, longer, 1001, state.length - 1000);
      longer[1000] = 42.0;
      return longer;
    }

    private void row(String what, ImageWriteResult result, long[] baseline) {
      row(what, new long[] {result.nanos()}, baseline, result.uploadedBytes(), result.logicalBytes());
    }

    /** Medians, the ratio of the medians, and the range of the per-round ratios. */
    private void row(String what, long[] nanos, long[] baselineNanos, long uploaded, long logical) {
      long ours = median(nanos);
      String ratio = "";
      String base = "";
      String range = "";
      if (baselineNanos != null) {
        long theirs = median(baselineNanos);
        base = String.format(Locale.ROOT, "%.0f", theirs / 1e6);
        ratio = String.format(Locale.ROOT, "%.2f", (double) ours / theirs);
        double low = Double.MAX_VALUE;
        double high = 0;
        for (int i = 0; i < nanos.length; i++) {
          double r = (double) nanos[i] / baselineNanos[i];
          low = Math.min(low, r);
          high = Math.max(high, r);
        }
        range = String.format(Locale.ROOT, "%.2f-%.2f", low, high);
      }
      String bytes = logical > 0
          ? String.format(Locale.ROOT, "%.2f%%", 100.0 * uploaded / logical) : "";
      rows.add(String.format(Locale.ROOT, "%-8s %-31s %8.0f %9s %7s %11s %15s", sizeMiB + "MiB", what, ours / 1e6,
          base, ratio, range, bytes));
    }
  }
}
