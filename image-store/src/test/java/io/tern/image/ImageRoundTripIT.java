package io.tern.image;

import static io.tern.image.TestImages.KiB;
import static io.tern.image.TestImages.MiB;
import static org.assertj.core.api.Assertions.assertThat;

import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.tern.testsupport.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRoundTripIT {

  private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");

  private static S3ProxyServer s3;
  private static ImageStore store;

  @BeforeAll
  static void startStorage() throws Exception {
    s3 = S3ProxyServer.startInMemory();
    store = ImageStore.connect(new StorageSettings(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(), "tern", "it/round-trip", null), Clock.fixed(NOW, ZoneOffset.UTC));
    store.ensureBucket();
  }

  @AfterAll
  static void stopStorage() throws Exception {
    store.close();
    s3.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 256 * KiB - 1, 256 * KiB, 256 * KiB + 1, MiB, 4 * MiB - 1, 4 * MiB, 4 * MiB + 1,
      20 * MiB + 12345})
  void restoresExactlyTheBytesThatWereWritten(int size) throws IOException {
    byte[] data = TestImages.randomBytes(size, size);
    long jobId = 100;
    long seq = size;

    ImageWriteResult result = TestImages.write(store, jobId, seq, data);

    assertThat(result.manifestKey()).isEqualTo(ImageStore.manifestKey(jobId, seq));
    assertThat(result.logicalBytes()).isEqualTo(size);
    assertThat(result.storedBytes()).isEqualTo(size);
    try (RestoreStream in = store.openForRestore(result.manifestKey())) {
      assertThat(in.readAllBytes()).isEqualTo(data);
      assertThat(in.bytesFetched()).isEqualTo(size);
      Manifest manifest = in.manifest();
      assertThat(manifest.logicalSize()).isEqualTo(size);
      assertThat(manifest.chunks()).hasSize(result.chunks());
      assertThat(manifest.jobId()).isEqualTo(jobId);
      assertThat(manifest.seq()).isEqualTo(seq);
      assertThat(manifest.step()).isEqualTo(seq * 100);
      assertThat(manifest.attempt()).isEqualTo(1);
      assertThat(manifest.codecId()).isEqualTo("test-codec");
      assertThat(manifest.chunkEncoding()).isEqualTo(size == 0 ? Manifest.RAW_ENCODING : Manifest.PACKED_ENCODING);
      assertThat(manifest.chunks()).allSatisfy(chunk -> assertThat(chunk.packed()).isTrue());
      assertThat(manifest.createdAt()).isEqualTo(NOW);
    }
  }

  @Test
  void storesPacksAndManifestUnderTheDocumentedKeys() throws Exception {
    byte[] data = TestImages.randomBytes(77, 3 * MiB);

    ImageWriteResult result = TestImages.write(store, 7, 1, data);

    List<String> keys = new ArrayList<>();
    for (Result<Item> item : s3.client().listObjects(
        ListObjectsArgs.builder().bucket("tern").prefix("it/round-trip/").recursive(true).build())) {
      keys.add(item.get().objectName());
    }
    assertThat(keys).contains("it/round-trip/jobs/7/checkpoints/0000000001.json");
    for (ChunkRef chunk : store.readManifest(result.manifestKey()).chunks()) {
      String key = "it/round-trip/packs/" + chunk.pack().substring(0, 2) + "/" + chunk.pack() + ".pack";
      assertThat(chunk.objectKey()).isEqualTo(key.substring("it/round-trip/".length()));
      assertThat(keys).contains(key);
    }
    assertThat(keys).noneMatch(key -> key.startsWith("it/round-trip/chunks/"));
    assertThat(store.listChunkKeys())
        .isNotEmpty()
        .allSatisfy(key -> assertThat(key).matches("packs/([0-9a-f]{2})/\\1[0-9a-f]{30}\\.pack"));
  }

  @Test
  void writesAndRestoresAStreamThatNeverExistsAsOneArray() throws Exception {
    long size = 64L * MiB + 5;
    MessageDigest written = MessageDigest.getInstance("SHA-256");

    ImageWriteResult result = store.write(TestImages.descriptor(8, 1), ImageStore.manifestKey(8, 1),
        new DigestInputStream(new GeneratedStream(8, size), written));

    MessageDigest read = MessageDigest.getInstance("SHA-256");
    try (RestoreStream in = store.openForRestore(result.manifestKey())) {
      new DigestInputStream(in, read).transferTo(java.io.OutputStream.nullOutputStream());
    }
    assertThat(result.logicalBytes()).isEqualTo(size);
    assertThat(result.chunks()).isGreaterThan(16);
    assertThat(read.digest()).isEqualTo(written.digest());
  }

  @Test
  void deletingAManifestRemovesTheImageButNotItsChunks() throws IOException {
    ImageWriteResult result = TestImages.write(store, 9, 1, TestImages.randomBytes(9, 2 * MiB));
    List<String> chunksBefore = store.listChunkKeys();

    store.deleteManifest(result.manifestKey());
    store.deleteManifest(result.manifestKey());

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.readManifest(result.manifestKey()))
        .isInstanceOf(ImageNotFoundException.class);
    assertThat(store.listChunkKeys()).containsAll(chunksBefore);
  }

  /** Pseudo-random bytes produced on the fly: a large image that never exists as one array. */
  private static final class GeneratedStream extends InputStream {
    private final SplittableRandom random;
    private long remaining;

    GeneratedStream(long seed, long size) {
      this.random = new SplittableRandom(seed);
      this.remaining = size;
    }

    @Override
    public int read() {
      if (remaining == 0) {
        return -1;
      }
      remaining--;
      return random.nextInt(256);
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) random.nextInt(256);
      }
      remaining -= n;
      return n;
    }
  }
}
