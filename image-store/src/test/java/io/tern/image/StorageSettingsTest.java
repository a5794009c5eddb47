package io.tern.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StorageSettingsTest {

  @Test
  void normalisesThePrefixAndDefaultsTheRegion() {
    assertThat(settings(null).prefix()).isEmpty();
    assertThat(settings("").prefix()).isEmpty();
    assertThat(settings("/tern/dev/").prefix()).isEqualTo("tern/dev/");
    assertThat(settings("tern").objectKey("chunks/ab/x")).isEqualTo("tern/chunks/ab/x");
    assertThat(settings(null).region()).isEqualTo("us-east-1");
  }

  @Test
  void neverPrintsTheSecret() {
    assertThat(settings("p").toString()).doesNotContain("s3cr3t-value").contains("access-id");
  }

  @Test
  void requiresEndpointCredentialsAndBucket() {
    assertThatThrownBy(() -> new StorageSettings(" ", "a", "s", "b", "", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint");
    assertThatThrownBy(() -> new StorageSettings("http://h", "a", null, "b", "", null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("secretKey");
  }

  private static StorageSettings settings(String prefix) {
    return new StorageSettings("http://127.0.0.1:9000", "access-id", "s3cr3t-value", "tern", prefix, null);
  }
}
