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
  void packKeysFanOutByTheFirstTwoHexDigitsOfTheirRandomId() {
    String id = "3f" + "0123456789abcdef".repeat(2).substring(2);

    assertThat(ImageLayout.packKey(id)).isEqualTo("packs/3f/" + id + ".pack");
    assertThat(new ChunkRef("a".repeat(64), 10, "raw", 10, id, 0).objectKey()).isEqualTo("packs/3f/" + id + ".pack");
    assertThatThrownBy(() -> ImageLayout.packKey("3F" + "0".repeat(30))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageLayout.packKey("3f0")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void legacyChunksKeepTheirOwnObjectKeysWithTheEncodingSuffix() {
    String hash = "ab" + "0".repeat(62);

    assertThat(new ChunkRef(hash, 10).objectKey()).isEqualTo("chunks/ab/" + hash);
    assertThat(new ChunkRef(hash, 10, "zstd", 7).objectKey()).isEqualTo("chunks/ab/" + hash + ".zst");
  }

  @Test
  void theCollectorMayDeletePacksAndLegacyChunksButNothingElse() {
    assertThat(ImageLayout.isChunkStorageKey("packs/3f/" + "3f".repeat(16) + ".pack")).isTrue();
    assertThat(ImageLayout.isChunkStorageKey("chunks/ab/" + "ab".repeat(32))).isTrue();
    assertThat(ImageLayout.isChunkStorageKey("jobs/1/checkpoints/0000000001.json")).isFalse();
  }

  @Test
  void rejectsKeysThatLeaveThePrefix() {
    assertThatThrownBy(() -> ImageLayout.requireRelativeKey("/jobs/1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageLayout.requireRelativeKey("jobs/../x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageLayout.chunkKey("ABC")).isInstanceOf(IllegalArgumentException.class);
  }
}
