package io.tern.scheduler.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The scheduler refuses storage without a manifest key; without storage it needs none. Its chunk
 * reuse window is checked like the workers'.
 */
class StoragePropertiesTest {

  @Test
  void storageWithoutAManifestKeyIsRefusedWithTheProperty() {
    assertThatThrownBy(() -> new StorageProperties("http://s3", "a", "s", "tern", "", "us-east-1", null, null))
        .hasMessageContaining("tern.storage.manifest-key is required");
    assertThatThrownBy(() -> new StorageProperties("http://s3", "a", "s", "tern", "", "us-east-1", "  ", null))
        .hasMessageContaining("tern.storage.manifest-key is required");
  }

  @Test
  void aSchedulerWithoutStorageNeedsNoManifestKey() {
    StorageProperties none = new StorageProperties(null, null, null, "tern", "", "us-east-1", null, null);
    assertThat(none.manifestKey()).isNull();
    StorageProperties keyed = new StorageProperties("http://s3", "a", "s", "tern", "", "us-east-1", "6d".repeat(32), null);
    assertThat(keyed.manifestKeyBytes()).hasSize(32);
  }

  @Test
  void theChunkReuseWindowDefaultsToTenMinutesAndMustBePositive() {
    assertThat(new StorageProperties(null, null, null, "tern", "", "us-east-1", null, null).chunkReuseWindow())
        .isEqualTo(java.time.Duration.ofMinutes(10));
    assertThatThrownBy(() -> new StorageProperties(null, null, null, "tern", "", "us-east-1", null,
        java.time.Duration.ZERO)).hasMessageContaining("tern.storage.chunk-reuse-window");
  }
}
