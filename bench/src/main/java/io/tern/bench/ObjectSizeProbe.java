package io.tern.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * PUT throughput by object size with 4 threads against s3proxy in a separate process: what a chunk
 * size costs in per-request overhead. Run:
 * {@code java -cp bench/target/tern-bench.jar io.tern.bench.ObjectSizeProbe [MiB per size]}.
 */
public final class ObjectSizeProbe {

  private ObjectSizeProbe() {}

  /** Entry point; optional argument: MiB written per object size (default 128). */
  public static void main(String[] args) throws Exception {
    long total = (args.length > 0 ? Long.parseLong(args[0]) : 128) << 20;
    Path dir = Files.createTempDirectory("tern-probe");
    try (S3ServerProcess server = S3ServerProcess.start(dir, "probe");
        RawObjects raw = new RawObjects(server.settings())) {
      raw.ensureBucket();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      for (int size : new int[] {1 << 20, 64 << 10, 128 << 10, 256 << 10, 1 << 20}) {
        byte[] data = StateSamples.NOISY_DOUBLES.bytes(size, size);
        int count = (int) (total / size);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          String key = "p/" + size + "/" + i;
          futures.add(pool.submit(() -> {
            raw.put(key, data);
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%5d KiB objects: %6d PUTs, %6.1f MB/s, %5.2f ms per PUT%n", size >> 10,
            count, total / seconds / 1e6, seconds * 1000 * 4 / count);
        futures.clear();
        start = System.nanoTime();
        for (int i = 0; i < count; i++) {
          String key = "p/" + size + "/" + i;
          futures.add(pool.submit(() -> {
            raw.get(key, java.io.OutputStream.nullOutputStream());
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
        seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%5d KiB objects: %6d GETs, %6.1f MB/s, %5.2f ms per GET%n", size >> 10,
            count, total / seconds / 1e6, seconds * 1000 * 4 / count);
      }
      pool.shutdown();
    }
  }
}
