package io.tern.bench;

import io.tern.image.ImageDescriptor;
import io.tern.image.ImageStore;
import io.tern.image.ImageStoreOptions;
import io.tern.image.ImageWriteResult;
import io.tern.image.OutputDirectory;
import io.tern.image.OutputSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * What a checkpoint uploads for a large output file that grows between checkpoints: one file of
 * incompressible bytes ({@code sizeMiB}, default 1024) in an output directory, a first image, then
 * {@code checkpoints} (default 5) images each after appending {@code growthPercent} (default 1) of
 * the file's size, each written with the previous image as hint, as the worker writes them. Prints,
 * per checkpoint, the bytes uploaded, their ratio to the bytes appended and to the file, and the
 * time, and checks that the last image restores byte-identical to the file.
 *
 * <p>Run from the repository root after {@code ./mvnw -q -pl bench -am package -DskipTests}:
 * {@code java -Xmx2g -cp bench/target/tern-bench.jar io.tern.bench.OutputGrowthBenchmark [sizeMiB]
 * [growthPercent] [checkpoints]}.
 */
public final class OutputGrowthBenchmark {

  private static final long JOB_ID = 1;
  private static final int MiB = 1024 * 1024;

  private OutputGrowthBenchmark() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    int sizeMiB = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
    double growthPercent = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    int checkpoints = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path dir = Files.createTempDirectory("tern-output-bench");
    Path out = Files.createDirectories(dir.resolve("outputs"));
    Path file = out.resolve("growing.bin");
    SplittableRandom random = new SplittableRandom(16);
    append(file, (long) sizeMiB * MiB, random);
    System.out.println("# tern output growth benchmark: " + sizeMiB + " MiB file, +" + growthPercent
        + " % per checkpoint, " + checkpoints + " checkpoints; cpus=" + Runtime.getRuntime().availableProcessors()
        + " java=" + System.getProperty("java.version"));
    ImageStoreOptions options = ImageStoreOptions.defaults().withManifestKey(
        "bench-manifest-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    try (S3ServerProcess server = S3ServerProcess.start(dir.resolve("s3"), "bench");
        ImageStore store = ImageStore.connect(server.settings(), options)) {
      store.ensureBucket();
      System.out.printf(Locale.ROOT, "%-4s %14s %14s %14s %11s %11s %8s%n", "seq", "file bytes", "appended",
          "uploaded", "up/append", "up/file", "ms");
      String previous = null;
      long appended = 0;
      for (int seq = 1; seq <= checkpoints + 1; seq++) {
        if (seq > 1) {
          appended = Math.round(Files.size(file) * growthPercent / 100);
          append(file, appended, random);
        }
        ImageWriteResult result = write(store, seq, out, previous);
        long size = Files.size(file);
        System.out.printf(Locale.ROOT, "%-4d %14d %14d %14d %11s %10.3f%% %8d%n", seq, size, appended,
            result.uploadedBytes(), seq == 1 ? "-" : String.format(Locale.ROOT, "%.3f", (double) result.uploadedBytes() / appended),
            100.0 * result.uploadedBytes() / size, result.nanos() / 1_000_000);
        previous = result.manifestKey();
      }
      Path restored = Files.createDirectories(dir.resolve("restored"));
      store.restoreOutputs(previous, store.readManifest(previous), restored);
      long mismatch = Files.mismatch(file, restored.resolve("growing.bin"));
      System.out.println("# restore of the last image: " + (mismatch == -1 ? "byte-identical" : "DIFFERS at " + mismatch));
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static ImageWriteResult write(ImageStore store, long seq, Path out, String previous) throws IOException {
    List<OutputSource> sources = OutputDirectory.list(out, Long.MAX_VALUE).stream()
        .map(e -> new OutputSource(e.path(), e.size(), e.mode(), () -> Files.newInputStream(e.file())))
        .toList();
    byte[] state = ("step " + seq).getBytes(StandardCharsets.UTF_8);
    return store.write(new ImageDescriptor(JOB_ID, 1, seq, seq, "bench"), ImageStore.manifestKey(JOB_ID, seq),
        new ByteArrayInputStream(state), sources, previous, "bench");
  }

  private static void append(Path file, long bytes, SplittableRandom random) throws IOException {
    byte[] buffer = new byte[MiB];
    try (OutputStream o = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      for (long left = bytes; left > 0; left -= buffer.length) {
        random.nextBytes(buffer);
        o.write(buffer, 0, (int) Math.min(buffer.length, left));
      }
    }
  }
}
