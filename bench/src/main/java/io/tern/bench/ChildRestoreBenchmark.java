package io.tern.bench;

import io.tern.image.ImageDescriptor;
import io.tern.image.ImageStore;
import io.tern.image.ImageStoreOptions;
import io.tern.image.RestoreStream;
import io.tern.sdk.internal.host.ChildProcess;
import io.tern.sdk.internal.host.ChildProcessSpec;
import io.tern.sdk.internal.host.ReadyInfo;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the recovery time of a restore goes, as a worker restores a job: a real child JVM
 * ({@link ArrayStateJob}) is launched (until it connects), then its image is streamed from S3 through
 * {@link ImageStore#openForRestore} into the child's codec until the job runs. Beside it, in the same
 * run: the same restore into a null stream (fetch and verify only), one raw GET of the same bytes,
 * and the image streamed into a child from a local file (the child's decode alone).
 *
 * <p>Run: {@code java -cp bench/target/tern-bench.jar io.tern.bench.ChildRestoreBenchmark 16 256}.
 */
public final class ChildRestoreBenchmark {

  private static final int ROUNDS = 3;

  private ChildRestoreBenchmark() {}

  /** Entry point: sizes in MiB. */
  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {16, 256} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    Path dir = Files.createTempDirectory("tern-child-restore");
    ImageStoreOptions options = ImageStoreOptions.defaults().withManifestKey(new SecureRandom().generateSeed(32));
    System.out.println("# restore into a real job process; cpus=" + Runtime.getRuntime().availableProcessors()
        + " java=" + System.getProperty("java.version"));
    System.out.printf(Locale.ROOT, "%-8s %12s %12s %14s %14s %14s%n", "state", "launch ms", "raw GET ms",
        "fetch+verify", "file->child", "S3->child");
    try (S3ServerProcess server = S3ServerProcess.start(dir, "bench");
        RawObjects raw = new RawObjects(server.settings());
        ImageStore store = ImageStore.connect(server.settings(), options)) {
      raw.ensureBucket();
      store.ensureBucket();
      long jobId = 0;
      for (int size : sizes) {
        jobId++;
        Path spool = dir.resolve("spool-" + size);
        try (ChildProcess source = ChildProcess.launch(spec(dir.resolve("source-" + size), size), null)) {
          source.start(null);
          try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16)) {
            source.snapshot(out);
          }
          source.kill();
        }
        String key = ImageStore.manifestKey(jobId, 1);
        try (InputStream in = Files.newInputStream(spool)) {
          store.write(new ImageDescriptor(jobId, 1, 1, 1, "tern.double-array"), key, in, null);
        }
        raw.put("raw/" + jobId, spool);
        List<Long> launch = new ArrayList<>();
        List<Long> get = new ArrayList<>();
        List<Long> fetch = new ArrayList<>();
        List<Long> fromFile = new ArrayList<>();
        List<Long> fromS3 = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
          get.add(raw.get("raw/" + jobId, OutputStream.nullOutputStream()));
          long t0 = System.nanoTime();
          try (RestoreStream in = store.openForRestore(key)) {
            in.transferTo(OutputStream.nullOutputStream());
          }
          fetch.add(System.nanoTime() - t0);
          fromFile.add(restoreInto(dir, size, round, Files.newInputStream(spool), null));
          long[] launched = new long[1];
          fromS3.add(restoreInto(dir, size, round, null, () -> store.openForRestore(key), launched));
          launch.add(launched[0]);
        }
        System.out.printf(Locale.ROOT, "%-8s %12.0f %12.0f %14.0f %14.0f %14.0f%n", size + "MiB", median(launch),
            median(get), median(fetch), median(fromFile), median(fromS3));
        Files.delete(spool);
      }
    }
  }

  private interface Opener {
    InputStream open() throws Exception;
  }

  private static long restoreInto(Path dir, int size, int round, InputStream file, Opener opener) throws Exception {
    return restoreInto(dir, size, round, file, opener, new long[1]);
  }

  /** Launch + start(image): returns the time of start(image); the launch time goes to {@code launched[0]}. */
  private static long restoreInto(Path dir, int size, int round, InputStream file, Opener opener, long[] launched)
      throws Exception {
    long t0 = System.nanoTime();
    try (ChildProcess child = ChildProcess.launch(spec(dir.resolve("restore-" + size + "-" + round
        + (file != null ? "f" : "s")), size), null)) {
      long t1 = System.nanoTime();
      launched[0] = t1 - t0;
      ReadyInfo ready;
      try (InputStream in = file != null ? file : opener.open()) {
        ready = child.start(in);
      }
      long nanos = System.nanoTime() - t1;
      if (ready.restoredBytes() <= 0) {
        throw new IllegalStateException("nothing restored");
      }
      child.kill();
      return nanos;
    }
  }

  private static double median(List<Long> nanos) {
    List<Long> sorted = nanos.stream().sorted().toList();
    return sorted.get(sorted.size() / 2) / 1e6;
  }

  private static ChildProcessSpec spec(Path attemptDir, int sizeMiB) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<Path> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of).toList();
    return new ChildProcessSpec(java, classpath, 3 * sizeMiB + 256, attemptDir, "restore-" + sizeMiB, 1,
        ArrayStateJob.class.getName(), Map.of("sizeMiB", Integer.toString(sizeMiB)), EXTRA);
  }

  private static final List<String> EXTRA = System.getProperty("tern.bench.childArgs", "").isBlank() ? List.of()
      : List.of(System.getProperty("tern.bench.childArgs").trim().split("\\s+"));
}
