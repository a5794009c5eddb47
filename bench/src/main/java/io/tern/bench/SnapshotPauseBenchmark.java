package io.tern.bench;

import io.tern.sdk.internal.host.ChildProcess;
import io.tern.sdk.internal.host.ChildProcessSpec;
import io.tern.sdk.internal.host.SnapshotInfo;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The snapshot pause of a real job process: a child JVM (the job runtime, as a worker starts it)
 * holds a {@code double[]} of the given size ({@link ArrayStateJob}); the benchmark asks it for
 * snapshots and copies them, as the worker does, into a spool file in memory ({@code /dev/shm}, the
 * worker's default) and on disk. The pause is what the child measured: from the step boundary until
 * the last byte was handed over.
 *
 * <p>Run: {@code java -cp bench/target/tern-bench.jar io.tern.bench.SnapshotPauseBenchmark 16 256 1024}.
 */
public final class SnapshotPauseBenchmark {

  private static final int ROUNDS = 3;

  private SnapshotPauseBenchmark() {}

  /** Entry point: sizes in MiB. */
  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {16, 256, 1024} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    Path work = Files.createTempDirectory("tern-pause");
    Path memory = Files.isDirectory(Path.of("/dev/shm")) ? Files.createTempDirectory(Path.of("/dev/shm"), "tern-pause") : null;
    System.out.println("# snapshot pause of a real job process; cpus=" + Runtime.getRuntime().availableProcessors()
        + " java=" + System.getProperty("java.version") + " disk=" + work + " memory=" + memory);
    System.out.printf(Locale.ROOT, "%-8s %-10s %10s %10s %12s%n", "state", "spool", "pause ms", "median", "ms per GiB");
    for (int size : sizes) {
      Path attemptDir = work.resolve("attempt-" + size);
      try (ChildProcess child = ChildProcess.launch(spec(attemptDir, size), null)) {
        child.start(null);
        if (memory != null) {
          measure(child, size, "memory", memory);
        }
        measure(child, size, "disk", attemptDir);
        child.kill();
      }
    }
    if (memory != null) {
      Files.deleteIfExists(memory);
    }
  }

  private static void measure(ChildProcess child, int sizeMiB, String label, Path dir) throws IOException {
    List<Long> pauses = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      Path spool = dir.resolve("snapshot-" + sizeMiB + "-" + round + ".spool");
      SnapshotInfo info;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16)) {
        info = child.snapshot(out);
      } finally {
        Files.deleteIfExists(spool);
      }
      pauses.add(info.pauseNanos());
    }
    List<Long> sorted = pauses.stream().sorted().toList();
    double median = sorted.get(sorted.size() / 2) / 1e6;
    System.out.printf(Locale.ROOT, "%-8s %-10s %10s %10.0f %12.0f%n", sizeMiB + "MiB", label,
        pauses.stream().map(p -> String.format(Locale.ROOT, "%.0f", p / 1e6)).toList(), median,
        median * 1024 / sizeMiB);
  }

  private static ChildProcessSpec spec(Path attemptDir, int sizeMiB) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<Path> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of).toList();
    return new ChildProcessSpec(java, classpath, 3 * sizeMiB + 256, attemptDir, "pause-" + sizeMiB, 1,
        ArrayStateJob.class.getName(), Map.of("sizeMiB", Integer.toString(sizeMiB)), List.of());
  }
}
