package io.tern.sdk.internal.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.sdk.fixtures.EnvironmentReportingJob;
import io.tern.sdk.fixtures.FailingJob;
import io.tern.sdk.fixtures.MixingJob;
import io.tern.sdk.fixtures.OutputWritingJob;
import io.tern.sdk.fixtures.StaticInitializerProbe;
import io.tern.sdk.internal.json.JsonWriter;
import io.tern.sdk.internal.runtime.ChildMain;
import io.tern.sdk.internal.runtime.ExitCode;
import io.tern.sdk.internal.wire.FrameReader;
import io.tern.sdk.internal.wire.FrameType;
import io.tern.sdk.internal.wire.FrameWriter;
import io.tern.sdk.internal.wire.Messages;
import io.tern.sdk.testkit.JobTestKit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs launched through {@link ChildProcess}, running the test jobs in {@code io.tern.sdk.fixtures}. */
class ChildProcessIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path work;

  @Test
  void aFreshRunEndsWithTheJobsResult() throws Exception {
    Map<String, String> params = Map.of("steps", "30", "size", "1000");
    List<Long> progressSteps = new CopyOnWriteArrayList<>();

    try (ChildProcess child = ChildProcess.launch(spec("fresh", MixingJob.class, params), (s, p) -> progressSteps.add(s))) {
      ReadyInfo ready = child.start(null);
      ChildOutcome outcome = child.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(ready.step()).isZero();
      assertThat(ready.restoredBytes()).isZero();
      assertThat(outcome.kind()).isEqualTo(ChildOutcome.Kind.SUCCEEDED);
      assertThat(outcome.exitCode()).isZero();
      assertThat(outcome.resultJson()).isEqualTo(expectedJson(params));
      assertThat(progressSteps).last().isEqualTo(30L);
      assertThat(child.lastStep()).isEqualTo(30);
      assertThat(child.lastProgress()).isEqualTo(1.0);
    }
  }

  @Test
  void aSnapshotTakenBeforeAKillRestoresInANewProcessToTheSameResult() throws Exception {
    Map<String, String> params = Map.of("steps", "200", "size", "200000", "stepMillis", "10");
    ByteArrayOutputStream image = new ByteArrayOutputStream();
    SnapshotInfo snapshot;
    try (ChildProcess first = ChildProcess.launch(spec("migrating", MixingJob.class, params), null)) {
      first.start(null);
      snapshot = first.snapshot(image);
      first.kill();
      ChildOutcome killed = first.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(killed.kind()).isEqualTo(ChildOutcome.Kind.KILLED);
    }
    assertThat(snapshot.step()).isBetween(0L, 199L);
    assertThat(snapshot.bytes()).isEqualTo(image.size()).isGreaterThan(200_000L * 8);
    assertThat(snapshot.codecId()).isEqualTo("mixing-job");
    assertThat(snapshot.pauseNanos()).isPositive();

    try (ChildProcess second = ChildProcess.launch(spec("migrating", 2, MixingJob.class, params), null)) {
      ReadyInfo ready = second.start(new ByteArrayInputStream(image.toByteArray()));
      ChildOutcome outcome = second.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(ready.step()).isEqualTo(snapshot.step());
      assertThat(ready.restoredBytes()).isEqualTo(snapshot.bytes());
      assertThat(outcome.kind()).isEqualTo(ChildOutcome.Kind.SUCCEEDED);
      assertThat(outcome.resultJson()).isEqualTo(expectedJson(params));
    }
  }

  @Test
  void aSnapshotCarriesTheOutputDirectoryAsItWasAtItsStep() throws Exception {
    Map<String, String> params = Map.of("steps", "1000", "stepMillis", "5");
    ByteArrayOutputStream image = new ByteArrayOutputStream();
    SnapshotInfo snapshot;
    try (ChildProcess child = ChildProcess.launch(spec("outputs", OutputWritingJob.class, params), null)) {
      child.start(null);
      // a snapshot after the job's first steps (one taken at step 0 has no file yet)
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      do {
        image.reset();
        snapshot = child.snapshot(image);
      } while (snapshot.step() == 0 && System.nanoTime() < deadline);
      child.kill();
    }
    Path spool = Files.write(work.resolve("outputs.spool"), image.toByteArray());

    assertThat(snapshot.outputBytes()).isPositive();
    assertThat(snapshot.stateBytes() + snapshot.outputBytes()).isEqualTo(image.size());
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(spool)) {
      List<io.tern.sdk.internal.wire.OutputSection.Entry> entries =
          io.tern.sdk.internal.wire.OutputSection.read(channel, snapshot.stateBytes(), snapshot.outputBytes());
      assertThat(entries).extracting(io.tern.sdk.internal.wire.OutputSection.Entry::path).containsExactly("steps.txt");
      byte[] content = java.util.Arrays.copyOfRange(image.toByteArray(), (int) entries.get(0).contentOffset(),
          (int) (entries.get(0).contentOffset() + entries.get(0).size()));
      StringBuilder expected = new StringBuilder();
      for (long n = 1; n <= snapshot.step(); n++) {
        expected.append("step ").append(n).append('\n');
      }
      // exactly the lines of the steps before the snapshot: captured while the job was paused
      assertThat(new String(content, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }
  }

  @Test
  void aLinkInTheOutputDirectoryFailsTheSnapshotNamingItAndTheJobRunsOnButCannotCompleteWithIt() throws Exception {
    Map<String, String> params = Map.of("steps", "400", "stepMillis", "5", "linkTo", "/etc/hostname");
    try (ChildProcess child = ChildProcess.launch(spec("link", OutputWritingJob.class, params), null)) {
      child.collectOutputs(new ByteArrayOutputStream());
      child.start(null);

      assertThatThrownBy(() -> child.snapshot(new ByteArrayOutputStream()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("output escape is a symbolic link");
      // the job ran on to its end, where its output directory cannot be published either
      ChildOutcome outcome = child.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(outcome.kind()).isEqualTo(ChildOutcome.Kind.FAILED);
      assertThat(outcome.error()).contains("the job's output directory cannot be published",
          "output escape is a symbolic link");
    }
  }

  @Test
  void afterItsLastStepTheJobSendsItsOutputDirectoryAsItLeftIt() throws Exception {
    Map<String, String> params = Map.of("steps", "50", "stepMillis", "1");
    ByteArrayOutputStream section = new ByteArrayOutputStream();
    ChildOutcome outcome;
    try (ChildProcess child = ChildProcess.launch(spec("final", OutputWritingJob.class, params), null)) {
      child.collectOutputs(section);
      child.start(null);
      outcome = child.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    assertThat(outcome.kind()).isEqualTo(ChildOutcome.Kind.SUCCEEDED);
    assertThat(outcome.outputBytes()).isPositive().isEqualTo(section.size());
    Path spool = Files.write(work.resolve("final.spool"), section.toByteArray());
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(spool)) {
      List<io.tern.sdk.internal.wire.OutputSection.Entry> entries =
          io.tern.sdk.internal.wire.OutputSection.read(channel, 0, outcome.outputBytes());
      assertThat(entries).extracting(io.tern.sdk.internal.wire.OutputSection.Entry::path).containsExactly("steps.txt");
      StringBuilder expected = new StringBuilder();
      for (long n = 1; n <= 50; n++) {
        expected.append("step ").append(n).append('\n');
      }
      byte[] content = java.util.Arrays.copyOfRange(section.toByteArray(), (int) entries.get(0).contentOffset(),
          (int) (entries.get(0).contentOffset() + entries.get(0).size()));
      assertThat(new String(content, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }
  }

  @Test
  void severalSnapshotsFromAnotherThreadWhileProgressIsReported() throws Exception {
    Map<String, String> params = Map.of("steps", "100", "size", "10000", "stepMillis", "5");
    try (ChildProcess child = ChildProcess.launch(spec("snapshots", MixingJob.class, params), null)) {
      child.start(null);
      List<Long> steps = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        steps.add(child.snapshot(new ByteArrayOutputStream()).step());
      }
      ChildOutcome outcome = child.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(steps).isSorted();
      assertThat(outcome.kind()).isEqualTo(ChildOutcome.Kind.SUCCEEDED);
      assertThat(outcome.resultJson()).isEqualTo(expectedJson(params));
    }
  }

  @Test
  void aJobThatThrowsEndsFailedWithItsMessage() throws Exception {
    try (ChildProcess child = ChildProcess.launch(spec("failing", FailingJob.class, Map.of("failAt", "5")), null)) {
      child.start(null);
      ChildOutcome outcome = child.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(outcome.kind()).isEqualTo(ChildOutcome.Kind.FAILED);
      assertThat(outcome.error()).isEqualTo("java.lang.IllegalStateException: boom at step 5");
      assertThat(outcome.stackTrace()).contains("at io.tern.sdk.fixtures.FailingJob.step");
      assertThat(outcome.exitCode()).isEqualTo(ExitCode.FAILED);
    }
  }

  @Test
  void anUnknownJobClassFailsTheStart() throws Exception {
    ChildProcessSpec spec = new ChildProcessSpec(ChildProcessSpec.currentJava(), classpath(), 64,
        work.resolve("unknown"), "unknown", 1, "com.example.NoSuchJob", Map.of(), List.of());
    try (ChildProcess child = ChildProcess.launch(spec, null)) {
      assertThatThrownBy(() -> child.start(null)).isInstanceOf(IOException.class)
          .hasMessageContaining("ClassNotFoundException").hasMessageContaining("com.example.NoSuchJob");
      assertThat(child.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS).kind()).isEqualTo(ChildOutcome.Kind.FAILED);
    }
  }

  @Test
  void aClassThatIsNotAJobIsRefusedWithoutRunningItsStaticInitializer() throws Exception {
    ChildProcessSpec spec = spec("not-a-job", StaticInitializerProbe.class, Map.of());
    try (ChildProcess child = ChildProcess.launch(spec, null)) {
      assertThatThrownBy(() -> child.start(null)).isInstanceOf(IOException.class)
          .hasMessageContaining(StaticInitializerProbe.class.getName() + " does not implement io.tern.sdk.CheckpointableJob");
      assertThat(child.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS).kind()).isEqualTo(ChildOutcome.Kind.FAILED);
    }
    assertThat(spec.attemptDir().resolve(ChildProcess.OUTPUT_LOG)).exists();
    assertThat(spec.attemptDir().resolve(StaticInitializerProbe.MARKER)).doesNotExist();
  }

  @Test
  void anUnreadableRestoreImageFailsTheStartAndTheChild() throws Exception {
    InputStream broken = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("chunk 3 failed verification");
      }
    };
    try (ChildProcess child = ChildProcess.launch(spec("broken", MixingJob.class, Map.of()), null)) {
      assertThatThrownBy(() -> child.start(broken)).isInstanceOf(IOException.class)
          .hasMessageContaining("chunk 3 failed verification");
      ChildOutcome outcome = child.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(outcome.kind()).isEqualTo(ChildOutcome.Kind.FAILED);
      assertThat(outcome.error()).contains("chunk 3 failed verification");
    }
  }

  @Test
  void aSnapshotFailsInsteadOfHangingWhenTheChildIsKilled() throws Exception {
    Map<String, String> params = Map.of("steps", "1000", "size", "10", "stepMillis", "2000");
    CountDownLatch firstStepDone = new CountDownLatch(1);
    try (ChildProcess child = ChildProcess.launch(spec("slow", MixingJob.class, params),
        (step, progress) -> firstStepDone.countDown())) {
      child.start(null);
      assertThat(firstStepDone.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue(); // step 2 (2 s) has begun
      Thread killer = new Thread(() -> {
        try {
          // kill while the snapshot waits for the (2 s) step to finish
          child.outcome().get(300, TimeUnit.MILLISECONDS);
        } catch (Exception timeout) {
          child.kill();
        }
      });
      killer.start();

      assertThatThrownBy(() -> child.snapshot(new ByteArrayOutputStream())).isInstanceOf(IOException.class);
      assertThat(child.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS).kind()).isEqualTo(ChildOutcome.Kind.KILLED);
      killer.join();
    }
  }

  @Test
  void stopEndsTheChildAtAStepBoundary() throws Exception {
    Map<String, String> params = Map.of("steps", "100000", "size", "10", "stepMillis", "5");
    try (ChildProcess child = ChildProcess.launch(spec("stopped", MixingJob.class, params), null)) {
      child.start(null);
      child.stop(Duration.ofSeconds(20));
      ChildOutcome outcome = child.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(outcome.kind()).isEqualTo(ChildOutcome.Kind.KILLED);
      assertThat(outcome.exitCode()).isEqualTo(ExitCode.STOPPED);
    }
  }

  @Test
  void aProcessKilledFromOutsideDied() throws Exception {
    Map<String, String> params = Map.of("steps", "100000", "size", "10", "stepMillis", "5");
    try (ChildProcess child = ChildProcess.launch(spec("sigkill", MixingJob.class, params), null)) {
      child.start(null);
      ProcessHandle.of(child.pid()).orElseThrow().destroyForcibly();
      ChildOutcome outcome = child.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(outcome.kind()).isEqualTo(ChildOutcome.Kind.DIED);
      assertThat(outcome.error()).isEqualTo("process exited with code 137 without reporting");
    }
  }

  @Test
  void theChildSeesOnlyTheAllowedEnvironmentAndRunsInTheAttemptDirectory() throws Exception {
    List<String> logs = new CopyOnWriteArrayList<>();
    ChildListener listener = new ChildListener() {
      @Override
      public void onProgress(long step, double progress) {}

      @Override
      public void onLog(String line) {
        logs.add(line);
      }
    };
    ChildProcessSpec spec = spec("env", EnvironmentReportingJob.class, Map.of("greeting", "hé \"you\""));
    try (ChildProcess child = ChildProcess.launch(spec, listener)) {
      child.start(null);
      ChildOutcome outcome = child.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      Path dir = spec.attemptDir().toAbsolutePath();
      assertThat(outcome.kind()).isEqualTo(ChildOutcome.Kind.SUCCEEDED);
      String json = outcome.resultJson();
      String envList = json.substring(json.indexOf("\"env\":[") + 7, json.indexOf(']'));
      assertThat(envList.isEmpty() ? List.<String>of() : List.of(envList.replace("\"", "").split(",")))
          .contains("HOME").isSubsetOf("HOME", "PATH", "LANG", "TZ");
      assertThat(json).contains("\"home\":\"" + dir + "\"", "\"userDir\":\"" + dir + "\"",
          "\"jobId\":\"env\"", "\"attempt\":1", "\"param\":\"hé \\\"you\\\"\"");
      assertThat(logs).containsExactly("reporting the environment");
      assertThat(Files.readString(dir.resolve(ChildProcess.OUTPUT_LOG))).contains("reporting the environment");
      assertThat(dir.resolve(ChildProcess.SOCKET_NAME)).doesNotExist();
    }
  }

  @Test
  void aChildWhoseWorkerGoesAwayExitsByItself() throws Exception {
    Path socket = Files.createDirectories(work.resolve("orphan")).resolve("w.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Process process = new ProcessBuilder(ChildProcessSpec.currentJava().toString(), "-cp", joined(classpath()),
          ChildMain.class.getName(), socket.toString()).inheritIO().start();
      try {
        SocketChannel channel = server.accept();
        new FrameWriter(channel).write(FrameType.START, new Messages.Start(Messages.PROTOCOL_VERSION, "orphan", 1,
            MixingJob.class.getName(), Map.of("steps", "1000000", "stepMillis", "10"), false).encode());
        FrameReader reader = new FrameReader(channel);
        assertThat(reader.require()).isEqualTo(FrameType.READY);

        channel.close(); // the worker "dies"

        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(ExitCode.WORKER_GONE);
      } finally {
        process.destroyForcibly();
      }
    }
  }

  private ChildProcessSpec spec(String jobId, Class<?> job, Map<String, String> params) throws URISyntaxException {
    return spec(jobId, 1, job, params);
  }

  private ChildProcessSpec spec(String jobId, int attempt, Class<?> job, Map<String, String> params)
      throws URISyntaxException {
    return new ChildProcessSpec(ChildProcessSpec.currentJava(), classpath(), 256,
        work.resolve(jobId + "-" + attempt), jobId, attempt, job.getName(), params, List.of());
  }

  /** The SDK's classes (target/classes or the jar) and the test jobs (target/test-classes). */
  private static List<Path> classpath() throws URISyntaxException {
    return List.of(
        Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
        Path.of(MixingJob.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
  }

  private static String joined(List<Path> paths) {
    return String.join(java.io.File.pathSeparator, paths.stream().map(Path::toString).toList());
  }

  private static String expectedJson(Map<String, String> params) {
    return JsonWriter.write(JobTestKit.runUninterrupted(MixingJob::new, params).result());
  }
}
