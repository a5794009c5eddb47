package io.tern.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageLayoutTest {

  @Test
  void manifestKeysArePaddedSoTheySortBySeq() {
    assertThat(ImageStore.manifestKey(42, 7)).isEqualTo("jobs/42/checkpoints/0000000007.json");
    assertThat(ImageStore.manifestKey(42, 10)).isGreaterThan(ImageStore.manifestKey(42, 9));
  }

  @Test
  void chunkKeysFanOutByTheFirstTwoHexDigits() {
    String hash = "ab" + "0".repeat(62);

    assertThat(ImageLayout.chunkKey(hash)).isEqualTo("chunks/ab/" + hash);
  }

  @Test
  void rejectsKeysThatLeaveThePrefix() {
    assertThatThrownBy(() -> ImageLayout.requireRelativeKey("/jobs/1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageLayout.requireRelativeKey("jobs/../x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageLayout.chunkKey("ABC")).isInstanceOf(IllegalArgumentException.class);
  }
}
