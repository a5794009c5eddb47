package io.tern.image;

import static io.tern.image.TestImages.MiB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.tern.image.CorruptImageException.Reason;
import io.tern.image.testsupport.S3ProxyFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImageCorruptionIT {

  private static final String BUCKET = "tern";
  private static final String PREFIX = "corruption/";

  private static S3ProxyFixture s3;
  private static ImageStore store;
  private static MinioClient raw;

  @BeforeAll
  static void startStorage() throws Exception {
    s3 = S3ProxyFixture.startInMemory();
    store = ImageStore.connect(s3.settings(BUCKET, PREFIX));
    store.ensureBucket();
    raw = s3.client();
  }

  @AfterAll
  static void stopStorage() throws Exception {
    store.close();
    s3.close();
  }

  @Test
  void aChunkWithOtherBytesFailsTheRestoreBeforeAnyOfItsBytesAreReturned() throws Exception {
    byte[] data = TestImages.randomBytes(301, 20 * MiB);
    ImageWriteResult result = TestImages.write(store, 31, 1, data);
    List<ChunkRef> chunks = store.readManifest(result.manifestKey()).chunks();
    int damaged = 3;
    ChunkRef victim = chunks.get(damaged);
    byte[] tampered = TestImages.randomBytes(999, victim.size());
    overwrite(ImageLayout.chunkKey(victim.hash()), tampered);

    ByteArrayOutputStream delivered = new ByteArrayOutputStream();
    try (RestoreStream in = store.openForRestore(result.manifestKey())) {
      assertThatThrownBy(() -> TestImages.drainInto(in, delivered))
          .isInstanceOfSatisfying(CorruptImageException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.CHUNK_MISMATCH);
            assertThat(e.chunkIndex()).isEqualTo(damaged);
            assertThat(e.chunkHash()).isEqualTo(victim.hash());
            assertThat(e.manifestKey()).isEqualTo(result.manifestKey());
          })
          .hasMessageContaining(result.manifestKey())
          .hasMessageContaining("chunk 3")
          .hasMessageContaining(victim.hash());
    }
    long offsetOfDamaged = chunks.subList(0, damaged).stream().mapToLong(ChunkRef::size).sum();
    assertThat(delivered.toByteArray()).isEqualTo(Arrays.copyOf(data, (int) offsetOfDamaged));
  }

  @Test
  void aTruncatedChunkIsReportedAsMismatched() throws Exception {
    ImageWriteResult result = TestImages.write(store, 32, 1, TestImages.randomBytes(302, 6 * MiB));
    ChunkRef first = store.readManifest(result.manifestKey()).chunks().get(0);
    overwrite(ImageLayout.chunkKey(first.hash()), new byte[first.size() - 1]);

    assertThatThrownBy(() -> TestImages.readAll(store, result.manifestKey()))
        .isInstanceOfSatisfying(CorruptImageException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CHUNK_MISMATCH);
          assertThat(e.chunkIndex()).isZero();
        })
        .hasMessageContaining("holds " + (first.size() - 1) + " bytes");
  }

  @Test
  void aDeletedChunkIsReportedAsMissing() throws Exception {
    ImageWriteResult result = TestImages.write(store, 33, 1, TestImages.randomBytes(303, 8 * MiB));
    List<ChunkRef> chunks = store.readManifest(result.manifestKey()).chunks();
    ChunkRef last = chunks.get(chunks.size() - 1);
    raw.removeObject(RemoveObjectArgs.builder().bucket(BUCKET)
        .object(PREFIX + ImageLayout.chunkKey(last.hash())).build());

    assertThatThrownBy(() -> TestImages.readAll(store, result.manifestKey()))
        .isInstanceOfSatisfying(CorruptImageException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CHUNK_MISSING);
          assertThat(e.chunkIndex()).isEqualTo(chunks.size() - 1);
          assertThat(e.chunkHash()).isEqualTo(last.hash());
        })
        .hasMessageContaining("missing");
  }

  @Test
  void aMissingManifestIsNotFound() {
    String key = ImageStore.manifestKey(34, 1);

    assertThatThrownBy(() -> store.openForRestore(key))
        .isInstanceOfSatisfying(ImageNotFoundException.class, e -> assertThat(e.manifestKey()).isEqualTo(key))
        .hasMessageContaining(key);
    assertThatThrownBy(() -> store.readManifest(key)).isInstanceOf(ImageNotFoundException.class);
  }

  @Test
  void aDamagedManifestIsCorrupt() throws Exception {
    ImageWriteResult result = TestImages.write(store, 35, 1, TestImages.randomBytes(305, MiB));
    overwrite(result.manifestKey(), "{\"formatVersion\": 1, \"jobId\": ".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> store.openForRestore(result.manifestKey()))
        .isInstanceOfSatisfying(CorruptImageException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MANIFEST_INVALID))
        .hasMessageContaining(result.manifestKey());
  }

  @Test
  void aWriteThatFailsHalfwayLeavesNoManifest() throws Exception {
    String key = ImageStore.manifestKey(36, 1);
    List<String> chunksBefore = store.listChunkKeys();
    InputStream failing = new FailingAfter(new ByteArrayInputStream(TestImages.randomBytes(306, 16 * MiB)), 10 * MiB);

    assertThatThrownBy(() -> store.write(TestImages.descriptor(36, 1), key, failing))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("worker spool file vanished");

    assertThatThrownBy(() -> store.readManifest(key)).isInstanceOf(ImageNotFoundException.class);
    assertThat(store.listChunkKeys()).hasSizeGreaterThan(chunksBefore.size());
  }

  private static void overwrite(String relativeKey, byte[] bytes) throws Exception {
    raw.putObject(PutObjectArgs.builder().bucket(BUCKET).object(PREFIX + relativeKey)
        .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
  }

  /** Delivers {@code limit} bytes, then fails like a broken spool file. */
  private static final class FailingAfter extends InputStream {
    private final InputStream in;
    private long remaining;

    FailingAfter(InputStream in, long limit) {
      this.in = in;
      this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining == 0) {
        throw new IOException("worker spool file vanished");
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      remaining -= Math.max(n, 0);
      return n;
    }
  }
}
