package io.tern.worker.attempt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.examples.MonteCarloPiJob;
import io.tern.protocol.Assignment;
import io.tern.sdk.internal.host.ChildProcessSpec;
import io.tern.sdk.internal.runtime.ChildMain;
import io.tern.worker.sandbox.BubblewrapSandbox;
import io.tern.worker.sandbox.SandboxProperties;
import io.tern.worker.sandbox.SandboxSelector;
import io.tern.worker.sandbox.SeparateUidSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real sandboxed job JVMs started by the worker's launcher. */
class ChildJobLauncherIT {

  @TempDir
  Path work;

  /**
   * Bubblewrap kills the job when the thread that started it ends ({@code --die-with-parent} is a
   * parent-death signal, which Linux ties to the thread); the worker's attempt threads come and go, so
   * the launcher must start jobs from threads that stay.
   */
  @Test
  void aSandboxedJobOutlivesTheThreadThatLaunchedIt() throws Exception {
    SandboxProperties d = SandboxProperties.defaults();
    BubblewrapSandbox sandbox = new BubblewrapSandbox(d.bwrap(), d.setpriv(), SandboxSelector.localHost().isRoot(),
        d.uid(), d.gid(), false);
    ChildJobLauncher launcher = new ChildJobLauncher(ChildProcessSpec.currentJava(), List.of(
        Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
        Path.of(MonteCarloPiJob.class.getProtectionDomain().getCodeSource().getLocation().toURI())), List.of(),
        sandbox, 1);
    Assignment assignment = new Assignment(1, 1, 1, MonteCarloPiJob.class.getName(),
        Map.of("samples", "100000000000"), 1, 128, 60_000, null);
    AttemptDirectories directories = new AttemptDirectories(work.resolve("w"));
    directories.claimWorkDir();
    Path attemptDir = directories.create(1);

    AtomicReference<JobProcess> launched = new AtomicReference<>();
    Thread attemptThread = new Thread(() -> {
      try {
        JobProcess process = launcher.launch(assignment, List.of(), attemptDir);
        process.start(null);
        launched.set(process);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    attemptThread.start();
    attemptThread.join();
    JobProcess process = launched.get();
    try {
      assertThat(process).as("the job started").isNotNull();
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(process::isAlive);
    } finally {
      if (process != null) {
        process.kill();
      }
    }
  }

  @Test
  void inTheUidModeTheJobRunsAsTheSandboxUidWithoutCapabilities() throws Exception {
    SandboxProperties d = SandboxProperties.defaults();
    ChildJobLauncher launcher = new ChildJobLauncher(ChildProcessSpec.currentJava(), classpath(), List.of(),
        new SeparateUidSandbox(d.setpriv(), d.uid(), d.gid()), 1);
    // the folders above the work dir must be searchable by the job's uid (a @TempDir is private)
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
    AttemptDirectories directories = new AttemptDirectories(work.resolve("w"));
    directories.claimWorkDir();
    Path attemptDir = directories.create(2);

    JobProcess process = launcher.launch(new Assignment(2, 2, 1, MonteCarloPiJob.class.getName(),
        Map.of("samples", "100000000000"), 1, 128, 60_000, null), List.of(), attemptDir);
    try {
      process.start(null);
      String status = Files.readString(Path.of("/proc/" + process.pid() + "/status"));
      assertThat(status).containsPattern("Uid:\\s+" + d.uid() + "\\s+" + d.uid())
          .containsPattern("CapEff:\\s+0+\\n").containsPattern("CapBnd:\\s+0+\\n").containsPattern("NoNewPrivs:\\s+1");
      assertThat(Files.getAttribute(attemptDir, "unix:uid")).isEqualTo(d.uid());
    } finally {
      process.kill();
    }
  }

  private static List<Path> classpath() throws Exception {
    return List.of(Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
        Path.of(MonteCarloPiJob.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
  }
}
