package io.tern.scheduler.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.scheduler.checkpoint.CheckpointProperties;
import io.tern.scheduler.storage.StorageProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The scheduler refuses to start when an upload in progress could outlive the chunk grace: the chunk
 * collector could then delete a pack the upload reuses (ADR 0008).
 */
class ArtifactConfigurationTest {

  @TempDir Path dir;

  @Test
  void anUploadTimeoutPlusReuseWindowNotBelowTheChunkGraceIsRefusedNamingTheSettings() {
    CheckpointProperties checkpoints = checkpoints(Duration.ofSeconds(6));
    assertThatThrownBy(() -> new ArtifactConfiguration().uploadSpool(artifacts(Duration.ofMinutes(15)), checkpoints,
        storage(Duration.ofSeconds(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tern.artifacts.upload-timeout (PT15M)")
        .hasMessageContaining("tern.storage.chunk-reuse-window (PT1S)")
        .hasMessageContaining("tern.checkpoints.chunk-grace (PT6S)");
    assertThatThrownBy(() -> new ArtifactConfiguration().uploadSpool(artifacts(Duration.ofSeconds(5)), checkpoints,
        storage(Duration.ofSeconds(1)))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settingsThatLeaveTheCollectorAMarginStartTheSpool() throws Exception {
    UploadSpool spool = new ArtifactConfiguration().uploadSpool(artifacts(Duration.ofSeconds(3)),
        checkpoints(Duration.ofSeconds(6)), storage(Duration.ofSeconds(1)));
    assertThat(spool).isNotNull();
    assertThat(Files.isDirectory(dir.resolve("spool"))).isTrue();
  }

  private ArtifactProperties artifacts(Duration uploadTimeout) {
    return new ArtifactProperties(true, DataSize.ofMegabytes(512), DataSize.ofGigabytes(2), 200, 100_000,
        Duration.ofDays(7), uploadTimeout, Duration.ofHours(1), dir.resolve("spool"));
  }

  private static CheckpointProperties checkpoints(Duration chunkGrace) {
    return new CheckpointProperties(3, Duration.ofDays(7), Duration.ofSeconds(4), chunkGrace, Duration.ofSeconds(1));
  }

  private static StorageProperties storage(Duration reuseWindow) {
    return new StorageProperties(null, null, null, "tern", "", "us-east-1", null, reuseWindow);
  }
}
