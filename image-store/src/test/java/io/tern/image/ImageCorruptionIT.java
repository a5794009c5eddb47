package io.tern.image;

import static io.tern.image.TestImages.MiB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.image.CorruptImageException.Reason;
import io.tern.testsupport.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Damage done to packs and manifests behind the store's back is reported as a {@link
 * CorruptImageException} naming the chunk, and no byte of a damaged chunk ever reaches the caller.
 * A restore reads a pack in segments (one ranged GET each), so the bytes delivered before the error
 * are exactly those of the segments before the damaged one.
 */
class ImageCorruptionIT {

  private static final String BUCKET = "tern";
  private static final String PREFIX = "corruption/";

  private static S3ProxyServer s3;
  private static ImageStore store;
  private static RawBucket bucket;

  @BeforeAll
  static void startStorage() throws Exception {
    s3 = S3ProxyServer.startInMemory();
    store = ImageStore.connect(new StorageSettings(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(), BUCKET, PREFIX, null));
    store.ensureBucket();
    bucket = RawBucket.of(s3.client(), store.settings());
  }

  @AfterAll
  static void stopStorage() throws Exception {
    store.close();
    s3.close();
  }

  @Test
  void oneFlippedByteInsideAPackFailsTheRestoreBeforeAnyByteOfThatChunkIsReturned() throws Exception {
    byte[] data = TestImages.randomBytes(301, 20 * MiB);
    ImageWriteResult result = TestImages.write(store, 31, 1, data);
    List<ChunkRef> chunks = store.readManifest(result.manifestKey()).chunks();
    int damaged = chunks.size() / 2; // past the first segment, so earlier segments are delivered
    ChunkRef victim = chunks.get(damaged);
    assertThat(victim.packed()).isTrue();
    bucket.flipByte(victim.objectKey(), victim.offset() + victim.storedSize() / 2);

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
          .hasMessageContaining("chunk " + damaged)
          .hasMessageContaining(victim.hash());
    }
    long segmentStart = logicalOffset(chunks, firstIndexOfSegmentHolding(chunks, damaged));
    assertThat(segmentStart).isPositive().isLessThanOrEqualTo(logicalOffset(chunks, damaged));
    assertThat(delivered.toByteArray()).isEqualTo(Arrays.copyOf(data, (int) segmentStart));
  }

  @Test
  void aPackCutInsideAChunkIsReportedAsMismatchedAtThatChunk() throws Exception {
    ImageWriteResult result = TestImages.write(store, 32, 1, TestImages.randomBytes(302, 6 * MiB));
    List<ChunkRef> chunks = store.readManifest(result.manifestKey()).chunks();
    int cut = 5;
    ChunkRef victim = chunks.get(cut);
    bucket.truncate(victim.objectKey(), victim.offset() + victim.storedSize() - 1);

    assertThatThrownBy(() -> TestImages.readAll(store, result.manifestKey()))
        .isInstanceOfSatisfying(CorruptImageException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CHUNK_MISMATCH);
          assertThat(e.chunkIndex()).isEqualTo(cut);
          assertThat(e.chunkHash()).isEqualTo(victim.hash());
        })
        .hasMessageContaining("ends before byte " + (victim.offset() + victim.storedSize()));
  }

  @Test
  void aPackCutWhereASegmentStartsIsReportedAsMismatchedAtThatSegmentsFirstChunk() throws Exception {
    // Half of every KiB is zeros: chunks compress ~2x, so one pack (<= 8 MiB stored) holds more
    // decoded bytes than one segment may, and the pack is read with two requests.
    byte[] data = TestImages.randomBytes(307, 12 * MiB);
    for (int i = 0; i < data.length; i += 1024) {
      Arrays.fill(data, i, i + 512, (byte) 0);
    }
    ImageWriteResult result = TestImages.write(store, 37, 1, data);
    List<ChunkRef> chunks = store.readManifest(result.manifestKey()).chunks();
    List<RestoreStream.Segment> segments = RestoreStream.Segment.of(chunks, ImageStore.MAX_SEGMENT_BYTES);
    assertThat(segments).hasSizeGreaterThan(1);
    assertThat(chunks).extracting(ChunkRef::pack).containsOnly(chunks.get(0).pack());
    RestoreStream.Segment second = segments.get(1);
    ChunkRef first = second.chunks().get(0);
    bucket.truncate(first.objectKey(), first.offset());

    ByteArrayOutputStream delivered = new ByteArrayOutputStream();
    try (RestoreStream in = store.openForRestore(result.manifestKey())) {
      assertThatThrownBy(() -> TestImages.drainInto(in, delivered))
          .isInstanceOfSatisfying(CorruptImageException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.CHUNK_MISMATCH);
            assertThat(e.chunkIndex()).isEqualTo(second.firstIndex());
          });
    }
    assertThat(delivered.toByteArray()).isEqualTo(Arrays.copyOf(data, (int) logicalOffset(chunks, second.firstIndex())));
  }

  @Test
  void aDeletedPackIsReportedAsMissingAtTheFirstChunkReadFromIt() throws Exception {
    ImageWriteResult result = TestImages.write(store, 33, 1, TestImages.randomBytes(303, 20 * MiB));
    List<ChunkRef> chunks = store.readManifest(result.manifestKey()).chunks();
    ChunkRef last = chunks.get(chunks.size() - 1);
    int firstOfLastPack = indexOfFirstChunkIn(chunks, last.pack());
    assertThat(firstOfLastPack).isPositive();
    bucket.delete(last.objectKey());

    assertThatThrownBy(() -> TestImages.readAll(store, result.manifestKey()))
        .isInstanceOfSatisfying(CorruptImageException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CHUNK_MISSING);
          assertThat(e.chunkIndex()).isEqualTo(firstOfLastPack);
          assertThat(e.chunkHash()).isEqualTo(chunks.get(firstOfLastPack).hash());
        })
        .hasMessageContaining("missing")
        .hasMessageContaining(last.objectKey());
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
    bucket.write(result.manifestKey(), "{\"formatVersion\": 1, \"jobId\": ".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> store.openForRestore(result.manifestKey()))
        .isInstanceOfSatisfying(CorruptImageException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MANIFEST_INVALID))
        .hasMessageContaining(result.manifestKey());
  }

  @Test
  void aManifestWhoseOffsetPointsAtAnotherChunkOfThePackIsCaughtByTheHash() throws Exception {
    byte[] data = TestImages.randomBytes(308, 2 * MiB);
    ImageWriteResult result = TestImages.write(store, 38, 1, data);
    Manifest manifest = store.readManifest(result.manifestKey());
    List<ChunkRef> chunks = new java.util.ArrayList<>(manifest.chunks());
    ChunkRef second = chunks.get(1);
    ChunkRef third = chunks.get(2);
    // Same hash and size as chunk 1, but the location of chunk 2: only the content check can tell.
    chunks.set(1, new ChunkRef(second.hash(), second.size(), second.encoding(), second.storedSize(),
        third.pack(), third.offset()));
    Manifest forged = new Manifest(manifest.formatVersion(), manifest.jobId(), manifest.attempt(), manifest.seq(),
        manifest.step(), manifest.codecId(), manifest.chunkEncoding(), manifest.logicalSize(), manifest.createdAt(),
        chunks);
    bucket.write(result.manifestKey(), ManifestCodec.toJson(forged));

    assertThatThrownBy(() -> TestImages.readAll(store, result.manifestKey()))
        .isInstanceOfSatisfying(CorruptImageException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CHUNK_MISMATCH);
          assertThat(e.chunkIndex()).isEqualTo(1);
        })
        .hasMessageContaining("SHA-256");
  }

  @Test
  void aWriteThatFailsHalfwayLeavesNoManifestOnlyUnreferencedPacks() throws Exception {
    String key = ImageStore.manifestKey(36, 1);
    Set<String> before = new HashSet<>(store.listChunkKeys());
    InputStream failing = new FailingAfter(new ByteArrayInputStream(TestImages.randomBytes(306, 16 * MiB)), 10 * MiB);

    assertThatThrownBy(() -> store.write(TestImages.descriptor(36, 1), key, failing))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("worker spool file vanished");

    assertThatThrownBy(() -> store.readManifest(key)).isInstanceOf(ImageNotFoundException.class);
    assertThat(store.listChunkKeys()).filteredOn(k -> !before.contains(k))
        .allSatisfy(k -> assertThat(k).startsWith(ImageLayout.PACKS_FOLDER));
  }

  private static int firstIndexOfSegmentHolding(List<ChunkRef> chunks, int index) {
    for (RestoreStream.Segment segment : RestoreStream.Segment.of(chunks, ImageStore.MAX_SEGMENT_BYTES)) {
      if (index < segment.firstIndex() + segment.chunks().size()) {
        return segment.firstIndex();
      }
    }
    throw new IllegalArgumentException("no chunk " + index);
  }

  private static int indexOfFirstChunkIn(List<ChunkRef> chunks, String pack) {
    for (int i = 0; i < chunks.size(); i++) {
      if (pack.equals(chunks.get(i).pack())) {
        return i;
      }
    }
    throw new IllegalArgumentException("no chunk in pack " + pack);
  }

  private static long logicalOffset(List<ChunkRef> chunks, int index) {
    return chunks.subList(0, index).stream().mapToLong(ChunkRef::size).sum();
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
