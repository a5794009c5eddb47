package io.tern.bench;

import io.tern.image.ImageStore;
import io.tern.image.ImageStoreOptions;
import io.tern.image.LogLayout;
import io.tern.worker.logs.LogSettings;
import io.tern.worker.logs.LogShipper;
import io.tern.worker.logs.StoreLogSink;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What shipping a job's log costs when the job logs 10 MB/s: a writer thread appends 100-byte lines
 * to a file at that pace for a while (as a job's stdout fills {@code output.log}), once alone and
 * once while the worker's real {@link LogShipper} ships the file every 5 s to an S3 server in a
 * separate JVM (s3proxy, filesystem), order alternating per round. Reports the rate the writer
 * reached in each variant, the shipper's CPU time (the thread that reads, formats and PUTs), the bytes
 * stored per byte written, and how long the last ship took after the writer stopped.
 *
 * <p>Run: {@code java -cp bench/target/tern-bench.jar io.tern.bench.LogShippingBenchmark [rounds] [seconds] [MB/s]}.
 */
public final class LogShippingBenchmark {

  private static final int LINE_BYTES = 100;

  private LogShippingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    double mbPerSecond = args.length > 2 ? Double.parseDouble(args[2]) : 10;
    Path dir = Files.createTempDirectory("tern-log-bench");
    System.out.println("# log shipping at " + mbPerSecond + " MB/s for " + seconds + " s per run, " + rounds
        + " rounds; cpus=" + Runtime.getRuntime().availableProcessors() + " java=" + System.getProperty("java.version"));
    LogSettings settings = new LogSettings(Duration.ofSeconds(5), Long.MAX_VALUE, 16 << 10, LogSettings.DEFAULTS.segmentBytes());
    List<double[]> alone = new ArrayList<>();
    List<double[]> shipped = new ArrayList<>();
    try (S3ServerProcess server = S3ServerProcess.start(dir.resolve("s3"), "bench");
        ImageStore store = ImageStore.connect(server.settings(), ImageStoreOptions.defaults())) {
      store.ensureBucket();
      System.out.println("# s3proxy filesystem-nio2 in a separate JVM, pid " + server.pid());
      run(dir, null, settings, 5, mbPerSecond, 0); // warm-up, not reported
      run(dir, store, settings, 5, mbPerSecond, 999);
      for (int round = 0; round < rounds; round++) {
        for (boolean ship : round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
          double[] r = run(dir, ship ? store : null, settings, seconds, mbPerSecond, round + 1);
          (ship ? shipped : alone).add(r);
          System.out.printf(Locale.ROOT, "round %d %-9s written %.2f MB/s, shipper cpu %.2f s (%.1f %% of one core), stored/written %.3f,"
              + " last ship %.0f ms, %d segments%n", round + 1, ship ? "shipping" : "alone", r[0], r[1], 100 * r[1] / seconds, r[2], r[3],
              (long) r[4]);
        }
      }
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.out.printf(Locale.ROOT, "median: alone %.2f MB/s, shipping %.2f MB/s; shipper cpu %.1f %% of one core; stored/written %.3f;"
        + " last ship %.0f ms%n", median(alone, 0), median(shipped, 0), 100 * median(shipped, 1) / seconds, median(shipped, 2),
        median(shipped, 3));
  }

  /** One run: {MB/s written, shipper CPU s, stored/written, last ship ms, segments}. */
  private static double[] run(Path dir, ImageStore store, LogSettings settings, int seconds, double mbPerSecond, long jobId)
      throws Exception {
    Path file = dir.resolve("output-" + jobId + "-" + System.nanoTime() + ".log");
    Files.createFile(file);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    AtomicLong shipperCpu = new AtomicLong();
    LogShipper shipper = store == null ? null : new LogShipper(jobId, 1, file, 0, new StoreLogSink(store), settings, Clock.systemUTC());
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    if (shipper != null) {
      timer.scheduleAtFixedRate(() -> {
        long before = threads.getCurrentThreadCpuTime();
        try {
          shipper.ship(false);
        } catch (Exception e) {
          System.err.println("ship failed: " + e);
        }
        shipperCpu.addAndGet(threads.getCurrentThreadCpuTime() - before);
      }, 5, 5, TimeUnit.SECONDS);
    }
    byte[] line = new byte[LINE_BYTES];
    long written = 0;
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long step = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND), 1 << 16)) {
      while (true) {
        long now = System.nanoTime();
        if (now >= end) {
          break;
        }
        long due = (long) ((now - start) / 1e9 * mbPerSecond * 1e6);
        while (written < due) {
          byte[] text = String.format(Locale.ROOT, "step %d: %s", step++, "x".repeat(80)).getBytes(StandardCharsets.US_ASCII);
          System.arraycopy(text, 0, line, 0, Math.min(text.length, LINE_BYTES - 1));
          java.util.Arrays.fill(line, Math.min(text.length, LINE_BYTES - 1), LINE_BYTES - 1, (byte) ' ');
          line[LINE_BYTES - 1] = '\n';
          out.write(line);
          written += LINE_BYTES;
        }
        out.flush();
        java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    timer.shutdown();
    timer.awaitTermination(1, TimeUnit.MINUTES);
    double lastShipMs = 0;
    double stored = 0;
    long segments = 0;
    if (shipper != null) {
      long t0 = System.nanoTime();
      long before = threads.getCurrentThreadCpuTime();
      shipper.ship(true);
      shipperCpu.addAndGet(threads.getCurrentThreadCpuTime() - before);
      lastShipMs = (System.nanoTime() - t0) / 1e6;
      List<LogLayout.Segment> list = store.listLogSegments(jobId);
      segments = list.size();
      stored = list.stream().mapToLong(LogLayout.Segment::length).sum();
    }
    Files.delete(file);
    return new double[] {written / 1e6 / elapsed, shipperCpu.get() / 1e9, written == 0 ? 0 : stored / written, lastShipMs, segments};
  }

  private static double median(List<double[]> runs, int index) {
    double[] v = runs.stream().mapToDouble(r -> r[index]).sorted().toArray();
    return v.length == 0 ? Double.NaN : v[v.length / 2];
  }
}
