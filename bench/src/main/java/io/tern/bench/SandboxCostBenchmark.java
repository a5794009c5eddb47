package io.tern.bench;

import io.tern.sdk.internal.host.ChildProcess;
import io.tern.sdk.internal.host.ChildProcessSpec;
import io.tern.sdk.internal.host.ProcessSandbox;
import io.tern.sdk.internal.runtime.ChildMain;
import io.tern.worker.sandbox.BubblewrapSandbox;
import io.tern.worker.sandbox.SandboxProperties;
import io.tern.worker.sandbox.SandboxSelector;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the job sandbox costs: the start of a real job process (launch until the job runs, as the
 * worker measures it) and the pause of its snapshots, with the job JVM started directly and inside
 * the worker's bubblewrap sandbox, interleaved in one run (the order alternates each round) so that
 * both variants see the same machine load. The job is {@link ArrayStateJob}; its classpath is the
 * job-sdk jar and this jar, as a worker's would be; snapshots are spooled to {@code /dev/shm} as the
 * worker does by default.
 *
 * <p>Run: {@code java -cp bench/target/tern-bench.jar io.tern.bench.SandboxCostBenchmark [rounds] [stateMiB]}.
 */
public final class SandboxCostBenchmark {

  private static final int SNAPSHOTS = 3;

  private SandboxCostBenchmark() {}

  /** Entry point: number of rounds (default 10) and the job's state size in MiB (default 256). */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int sizeMiB = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    SandboxProperties d = SandboxProperties.defaults();
    boolean root = SandboxSelector.localHost().isRoot();
    ProcessSandbox bubblewrap = new BubblewrapSandbox(d.bwrap(), d.setpriv(), root, d.uid(), d.gid(), false);
    Path work = Files.createTempDirectory("tern-sandbox-bench");
    Path spool = Files.isDirectory(Path.of("/dev/shm")) ? Files.createTempDirectory(Path.of("/dev/shm"), "tern-bench")
        : work;
    System.out.println("# job start and snapshot pause with and without the sandbox; cpus="
        + Runtime.getRuntime().availableProcessors() + " java=" + System.getProperty("java.version") + " state="
        + sizeMiB + "MiB rounds=" + rounds + " sandbox=" + bubblewrap);
    Map<String, List<Double>> starts = Map.of("none", new ArrayList<>(), "bubblewrap", new ArrayList<>());
    Map<String, List<Double>> pauses = Map.of("none", new ArrayList<>(), "bubblewrap", new ArrayList<>());
    for (int round = 0; round < rounds; round++) {
      List<String> order = round % 2 == 0 ? List.of("none", "bubblewrap") : List.of("bubblewrap", "none");
      for (String variant : order) {
        ProcessSandbox sandbox = variant.equals("none") ? ProcessSandbox.NONE : bubblewrap;
        try {
          double startMs = startOnly(work.resolve(variant + "-start-" + round), sandbox);
          starts.get(variant).add(startMs);
          List<Double> roundPauses = snapshotPauses(work.resolve(variant + "-pause-" + round), sizeMiB, sandbox, spool);
          pauses.get(variant).addAll(roundPauses);
          System.out.printf(Locale.ROOT, "round %2d %-10s start %6.0f ms  pauses %s ms%n", round, variant, startMs,
              roundPauses.stream().map(p -> String.format(Locale.ROOT, "%.0f", p)).toList());
        } catch (java.io.IOException e) {
          System.out.printf(Locale.ROOT, "round %2d %-10s failed: %s%n", round, variant, e.getMessage());
        }
      }
    }
    System.out.printf(Locale.ROOT, "%-10s %16s %16s %16s %16s%n", "variant", "start median", "start p90",
        "pause median", "pause p90");
    for (String variant : List.of("none", "bubblewrap")) {
      System.out.printf(Locale.ROOT, "%-10s %13.0f ms %13.0f ms %13.0f ms %13.0f ms%n", variant,
          quantile(starts.get(variant), 0.5), quantile(starts.get(variant), 0.9), quantile(pauses.get(variant), 0.5),
          quantile(pauses.get(variant), 0.9));
    }
    deleteTree(work);
    if (!spool.equals(work)) {
      Files.deleteIfExists(spool);
    }
  }

  /** Launch until the job runs (state of 1 MiB: the JVM's and the sandbox's start dominate), in ms. */
  private static double startOnly(Path attemptDir, ProcessSandbox sandbox) throws Exception {
    long begin = System.nanoTime();
    try (ChildProcess child = ChildProcess.launch(spec(attemptDir, 1, sandbox), null)) {
      child.start(null);
      double ms = (System.nanoTime() - begin) / 1e6;
      child.kill();
      return ms;
    }
  }

  /** The pauses of {@link #SNAPSHOTS} snapshots of a job holding {@code sizeMiB}, in ms. */
  private static List<Double> snapshotPauses(Path attemptDir, int sizeMiB, ProcessSandbox sandbox, Path spool)
      throws Exception {
    List<Double> pauses = new ArrayList<>();
    try (ChildProcess child = ChildProcess.launch(spec(attemptDir, sizeMiB, sandbox), null)) {
      child.start(null);
      for (int i = 0; i < SNAPSHOTS; i++) {
        Path file = spool.resolve(attemptDir.getFileName() + "-" + i + ".spool");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
          pauses.add(child.snapshot(out).pauseNanos() / 1e6);
        } finally {
          Files.deleteIfExists(file);
        }
      }
      child.kill();
    }
    return pauses;
  }

  private static ChildProcessSpec spec(Path attemptDir, int sizeMiB, ProcessSandbox sandbox) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<Path> classpath = List.of(
        Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
        Path.of(ArrayStateJob.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    Files.createDirectories(attemptDir);
    return new ChildProcessSpec(java, classpath, 3 * sizeMiB + 256, attemptDir, "sandbox-cost", 1,
        ArrayStateJob.class.getName(), Map.of("sizeMiB", Integer.toString(sizeMiB)), List.of(), sandbox);
  }

  private static double quantile(List<Double> values, double q) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
