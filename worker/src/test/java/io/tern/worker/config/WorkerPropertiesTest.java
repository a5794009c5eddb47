package io.tern.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerPropertiesTest {

  private static final URI SCHEDULER = URI.create("http://127.0.0.1:8080");
  private static final String JOIN = "join-token-0123456789-0123456789-0123456789";

  @Test
  void fillsInMachineDefaults() {
    WorkerProperties p = new WorkerProperties("w-1", SCHEDULER, 2, 4096, null, null, null, JOIN, null, null, null);

    assertThat(p.workDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "tern-worker", "w-1").toAbsolutePath());
    assertThat(p.javaExecutable()).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toAbsolutePath().normalize());
    assertThat(p.jobClasspath()).isEmpty();
  }

  @Test
  void namesTheOffendingProperty() {
    assertThatThrownBy(() -> new WorkerProperties("w", null, 2, 4096, null, null, List.of(), JOIN, null, null, null))
        .hasMessageContaining("tern.worker.scheduler-url is required");
    assertThatThrownBy(() -> new WorkerProperties("w", URI.create("ftp://x"), 2, 4096, null, null, List.of(), JOIN, null, null, null))
        .hasMessageContaining("tern.worker.scheduler-url must be an http(s) URL");
    assertThatThrownBy(() -> new WorkerProperties("w", SCHEDULER, 0, 4096, null, null, List.of(), JOIN, null, null, null))
        .hasMessageContaining("tern.worker.slots must be at least 1, got 0");
    assertThatThrownBy(() -> new WorkerProperties("w", SCHEDULER, 1, 10, null, null, List.of(), JOIN, null, null, null))
        .hasMessageContaining("tern.worker.memory-mb must be at least 64");
    assertThatThrownBy(() -> new WorkerProperties("a b", SCHEDULER, 1, 4096, null, null, List.of(), JOIN, null, null, null))
        .hasMessageContaining("tern.worker.name");
    assertThatThrownBy(() -> new WorkerProperties("w", SCHEDULER, 1, 4096, null, null, List.of(), " ", null, null, null))
        .hasMessageContaining("tern.worker.join-token is required");
  }

  @Test
  void jobJvmsGetHugePagesByDefaultAndNoOptionMayOverrideTheWorkersOwn() {
    assertThat(new WorkerProperties("w", SCHEDULER, 1, 4096, null, null, null, JOIN, null, null, null).jobJvmOptions())
        .containsExactly("-XX:+UseTransparentHugePages");
    assertThat(new WorkerProperties("w", SCHEDULER, 1, 4096, null, null, null, JOIN, null, List.of(""), null).jobJvmOptions())
        .as("set empty: none").isEmpty();
    assertThat(new WorkerProperties("w", SCHEDULER, 1, 4096, null, null, null, JOIN, null,
        List.of(" -XX:+AlwaysPreTouch ", "-Dfoo=bar"), null).jobJvmOptions()).containsExactly("-XX:+AlwaysPreTouch", "-Dfoo=bar");
    for (String bad : List.of("-Xmx64g", "-cp", "-classpath", "--class-path", "-jar", "notAnOption")) {
      assertThatThrownBy(() -> new WorkerProperties("w", SCHEDULER, 1, 4096, null, null, null, JOIN, null, List.of(bad), null))
          .as(bad).hasMessageContaining("tern.worker.job-jvm-options").hasMessageContaining(bad);
    }
  }

  @Test
  void theShutdownDeadlineIsFiveMinutesByDefaultZeroForNoDrainAndAtMostAWeekOfWholeSeconds() {
    assertThat(new WorkerProperties("w", SCHEDULER, 1, 4096, null, null, null, JOIN, null, null, null).shutdownDeadline())
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(new WorkerProperties("w", SCHEDULER, 1, 4096, null, null, null, JOIN, null, null, Duration.ZERO)
        .shutdownDeadline()).isZero();
    assertThat(new WorkerProperties("w", SCHEDULER, 1, 4096, null, null, null, JOIN, null, null, Duration.ofDays(7))
        .shutdownDeadline()).isEqualTo(Duration.ofDays(7));
    for (Duration bad : List.of(Duration.ofSeconds(-1), Duration.ofDays(7).plusSeconds(1), Duration.ofMillis(1500))) {
      assertThatThrownBy(() -> new WorkerProperties("w", SCHEDULER, 1, 4096, null, null, null, JOIN, null, null, bad))
          .as(bad.toString()).hasMessageContaining("tern.worker.shutdown-deadline");
    }
  }

  @Test
  void neverPrintsTheJoinToken() {
    WorkerProperties p = new WorkerProperties("w-1", SCHEDULER, 2, 4096, null, null, null, JOIN, null, null, null);
    assertThat(p.toString()).doesNotContain(JOIN).contains("w-1");
  }

  @Test
  void storageNeedsEndpointAndKeysAndNeverPrintsThem() {
    assertThatThrownBy(() -> new StorageProperties(null, "a", "s", "tern", "", "us-east-1", KEY, null))
        .hasMessageContaining("tern.storage.endpoint is required");
    assertThatThrownBy(() -> new StorageProperties("http://s3", "a", " ", "tern", "", "us-east-1", KEY, null))
        .hasMessageContaining("tern.storage.secret-key is required");

    StorageProperties p = new StorageProperties("http://s3", "AKIDEXAMPLE", "top-secret", "tern", null, null, KEY, null);
    assertThat(p.toString()).doesNotContain("top-secret").doesNotContain("AKIDEXAMPLE").doesNotContain(KEY);
    assertThat(p.toSettings().region()).isEqualTo("us-east-1");
  }

  private static final String KEY = "6d".repeat(32);

  @Test
  void storageRefusesToStartWithoutAManifestKey() {
    assertThatThrownBy(() -> new StorageProperties("http://s3", "a", "s", "tern", "", "us-east-1", " ", null))
        .hasMessageContaining("tern.storage.manifest-key is required");
  }
}
