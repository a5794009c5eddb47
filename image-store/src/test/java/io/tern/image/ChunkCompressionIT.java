package io.tern.image;

import static io.tern.image.TestImages.MiB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.image.CorruptImageException.Reason;
import io.tern.testsupport.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChunkCompressionIT {

  private static S3ProxyServer s3;
  private static ImageStore store;
  private static RawBucket bucket;

  @BeforeAll
  static void startStorage() throws Exception {
    s3 = S3ProxyServer.startInMemory();
    store = ImageStore.connect(new StorageSettings(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(), "tern", "", null));
    store.ensureBucket();
    bucket = RawBucket.of(s3.client(), store.settings());
  }

  @AfterAll
  static void stopStorage() throws Exception {
    store.close();
    s3.close();
  }

  @Test
  void compressibleStateIsStoredCompressedAndRestoresExactly() throws Exception {
    byte[] counters = counters(701, 8 * MiB);

    ImageWriteResult result = TestImages.write(store, 71, 1, counters);

    Manifest manifest = store.readManifest(result.manifestKey());
    assertThat(manifest.chunkEncoding()).isEqualTo(Manifest.PACKED_ENCODING);
    assertThat(manifest.chunks()).allSatisfy(chunk -> {
      assertThat(chunk.encoding()).isEqualTo("zstd");
      assertThat(chunk.objectKey()).endsWith(".pack");
    });
    ChunkRef second = manifest.chunks().get(1);
    byte[] frame = bucket.storedBytesOf(second);
    assertThat(Sha256.hex(ChunkEncoding.ZSTD.decode(frame, second.size()))).isEqualTo(second.hash());
    assertThat(result.storedBytes()).isLessThan(result.logicalBytes() / 2);
    assertThat(result.uploadedBytes()).isEqualTo(result.storedBytes());
    assertThat(store.listChunkKeys()).contains(manifest.chunks().get(0).objectKey());
    assertThat(TestImages.readAll(store, result.manifestKey())).isEqualTo(counters);
  }

  @Test
  void incompressibleChunksAreStoredRawSoARangedGetOfThePackYieldsTheirBytes() throws Exception {
    byte[] noise = TestImages.randomBytes(702, 4 * MiB);

    ImageWriteResult result = TestImages.write(store, 72, 1, noise);

    Manifest manifest = store.readManifest(result.manifestKey());
    assertThat(manifest.chunkEncoding()).isEqualTo(Manifest.PACKED_ENCODING);
    assertThat(manifest.chunks()).extracting(ChunkRef::encoding).containsOnly(Manifest.RAW_ENCODING);
    ChunkRef third = manifest.chunks().get(2);
    int start = manifest.chunks().get(0).size() + manifest.chunks().get(1).size();
    assertThat(bucket.storedBytesOf(third)).isEqualTo(Arrays.copyOfRange(noise, start, start + third.size()));
    assertThat(result.storedBytes()).isEqualTo(noise.length);
    assertThat(TestImages.readAll(store, result.manifestKey())).isEqualTo(noise);
  }

  @Test
  void theSameContentIsDeduplicatedWhateverTheWriterWouldHaveEncodedItAs() throws Exception {
    byte[] counters = counters(703, 4 * MiB);
    ImageWriteResult uncompressed;
    try (ImageStore plain = ImageStore.connect(store.settings(), ImageStoreOptions.defaults().withCompression(false))) {
      uncompressed = TestImages.write(plain, 73, 1, counters);
    }

    ImageWriteResult compressedWriter = store.write(TestImages.descriptor(73, 2), ImageStore.manifestKey(73, 2),
        new ByteArrayInputStream(counters), uncompressed.manifestKey());

    assertThat(store.readManifest(uncompressed.manifestKey()).chunks()).extracting(ChunkRef::encoding)
        .containsOnly(Manifest.RAW_ENCODING);
    assertThat(compressedWriter.uploadedBytes()).isZero();
    assertThat(TestImages.readAll(store, compressedWriter.manifestKey())).isEqualTo(counters);
  }

  @Test
  void aCompressedChunkThatDoesNotDecodeIsReportedAsCorrupt() throws Exception {
    byte[] counters = counters(704, 3 * MiB);
    ImageWriteResult result = TestImages.write(store, 74, 1, counters);
    ChunkRef victim = store.readManifest(result.manifestKey()).chunks().get(1);
    byte[] garbage = TestImages.randomBytes(705, victim.storedSize());
    bucket.overwriteRange(victim.objectKey(), victim.offset(), garbage);

    assertThatThrownBy(() -> TestImages.readAll(store, result.manifestKey()))
        .isInstanceOfSatisfying(CorruptImageException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CHUNK_MISMATCH);
          assertThat(e.chunkIndex()).isEqualTo(1);
        });
  }

  /** Increasing longs with small steps, as a job's counters or offsets: compress about 4x with zstd. */
  static byte[] counters(long seed, int size) {
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    SplittableRandom random = new SplittableRandom(seed);
    long value = 1_000_000_000L;
    while (out.remaining() >= 8) {
      value += random.nextInt(1000);
      out.putLong(value);
    }
    return out.array();
  }
}
