package io.tern.image;

import static io.tern.image.TestImages.KiB;
import static io.tern.image.TestImages.MiB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.image.CorruptImageException.Reason;
import io.tern.testsupport.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Images written before packs existed (one object per chunk under {@code chunks/}) stay readable,
 * alone or mixed with packed chunks in one manifest, and a new image may reuse their chunks. The
 * legacy objects and manifests are written here by hand, as the previous release laid them out.
 */
class LegacyChunksIT {

  private static final Instant WRITTEN = Instant.parse("2026-06-01T08:00:00Z");

  private static S3ProxyServer s3;
  private static ImageStore store;
  private static RawBucket bucket;

  @BeforeAll
  static void startStorage() throws Exception {
    s3 = S3ProxyServer.startInMemory();
    store = ImageStore.connect(new StorageSettings(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(), "tern", "legacy", null));
    store.ensureBucket();
    bucket = RawBucket.of(s3.client(), store.settings());
  }

  @AfterAll
  static void stopStorage() throws Exception {
    store.close();
    s3.close();
  }

  @Test
  void aLegacyImageOfOneObjectPerChunkRestoresExactly() throws Exception {
    byte[] data = mixedContent(1101, 3 * MiB);
    String key = ImageStore.manifestKey(111, 1);
    List<ChunkRef> chunks = storeAsLegacyChunks(data);
    putManifest(key, Manifest.of(TestImages.descriptor(111, 1), WRITTEN, chunks));

    assertThat(store.readManifest(key).chunkEncoding()).isEqualTo(Manifest.PER_CHUNK_ENCODING);
    assertThat(chunks).extracting(ChunkRef::encoding).contains("raw", "zstd");
    try (RestoreStream in = store.openForRestore(key)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
      assertThat(in.bytesFetched()).isEqualTo(store.readManifest(key).storedSize());
    }
    assertThat(store.chunkKeysOf(key)).allSatisfy(k -> assertThat(k).startsWith(ImageLayout.CHUNKS_FOLDER));
  }

  @Test
  void aManifestWhoseChunksSpanSeveralPacksAndLegacyObjectsRestoresTheExactBytes() throws Exception {
    byte[] packedData = TestImages.randomBytes(1102, 20 * MiB);
    ImageWriteResult packedImage = TestImages.write(store, 112, 1, packedData);
    List<ChunkRef> packedChunks = store.readManifest(packedImage.manifestKey()).chunks();
    byte[] legacyData = mixedContent(1103, 2 * MiB);
    List<ChunkRef> legacyChunks = storeAsLegacyChunks(legacyData);

    // Legacy, the last pack, the first pack, legacy again, a chunk from the middle pack, a repeat.
    List<ChunkRef> mixed = new ArrayList<>();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    int last = packedChunks.size() - 1;
    int middle = packedChunks.size() / 2;
    add(mixed, expected, legacyChunks, legacyData, 0, 3);
    add(mixed, expected, packedChunks, packedData, last - 4, last + 1);
    add(mixed, expected, packedChunks, packedData, 0, 10);
    add(mixed, expected, legacyChunks, legacyData, 3, legacyChunks.size());
    add(mixed, expected, packedChunks, packedData, middle, middle + 1);
    add(mixed, expected, packedChunks, packedData, 0, 2);
    assertThat(mixed.stream().filter(ChunkRef::packed).map(ChunkRef::pack).distinct()).hasSizeGreaterThanOrEqualTo(3);
    String key = ImageStore.manifestKey(112, 2);
    putManifest(key, Manifest.of(TestImages.descriptor(112, 2), WRITTEN, mixed));

    assertThat(store.readManifest(key).chunkEncoding()).isEqualTo(Manifest.PACKED_ENCODING);
    assertThat(TestImages.readAll(store, key)).isEqualTo(expected.toByteArray());
    List<String> expectedKeys = mixed.stream().map(ChunkRef::objectKey).distinct().toList();
    assertThat(store.chunkKeysOf(key)).containsExactlyInAnyOrderElementsOf(expectedKeys);
  }

  @Test
  void aNewImageReusesTheLegacyChunksItsPreviousManifestNamesAndPacksOnlyTheRest() throws Exception {
    byte[] data = mixedContent(1104, 3 * MiB);
    String previous = ImageStore.manifestKey(113, 1);
    List<ChunkRef> legacy = storeAsLegacyChunks(data);
    putManifest(previous, Manifest.of(TestImages.descriptor(113, 1), WRITTEN, legacy));
    byte[] grown = new byte[data.length + MiB];
    System.arraycopy(data, 0, grown, 0, data.length);
    System.arraycopy(TestImages.randomBytes(1105, MiB), 0, grown, data.length, MiB);

    ImageWriteResult next = store.write(TestImages.descriptor(113, 2), ImageStore.manifestKey(113, 2),
        new ByteArrayInputStream(grown), previous);

    Manifest manifest = store.readManifest(next.manifestKey());
    assertThat(manifest.chunkEncoding()).isEqualTo(Manifest.PACKED_ENCODING);
    assertThat(manifest.chunks().subList(0, legacy.size() - 1)).isEqualTo(legacy.subList(0, legacy.size() - 1));
    assertThat(next.uploadedBytes()).isLessThanOrEqualTo(MiB + ChunkingPolicy.DEFAULT_MAX_SIZE);
    assertThat(store.chunkKeysOf(next.manifestKey())).anyMatch(k -> k.startsWith(ImageLayout.CHUNKS_FOLDER))
        .anyMatch(k -> k.startsWith(ImageLayout.PACKS_FOLDER));
    assertThat(TestImages.readAll(store, next.manifestKey())).isEqualTo(grown);
  }

  @Test
  void aDamagedOrMissingLegacyChunkIsReportedByIndex() throws Exception {
    byte[] data = TestImages.randomBytes(1106, MiB);
    String key = ImageStore.manifestKey(114, 1);
    List<ChunkRef> chunks = storeAsLegacyChunks(data);
    putManifest(key, Manifest.of(TestImages.descriptor(114, 1), WRITTEN, chunks));
    ChunkRef second = chunks.get(1);
    ChunkRef fourth = chunks.get(3);
    bucket.truncate(second.objectKey(), second.storedSize() - 1);

    assertThatThrownBy(() -> TestImages.readAll(store, key))
        .isInstanceOfSatisfying(CorruptImageException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CHUNK_MISMATCH);
          assertThat(e.chunkIndex()).isEqualTo(1);
        })
        .hasMessageContaining("holds " + (second.size() - 1) + " bytes");

    bucket.write(second.objectKey(), second.encodingKind().encode(slice(data, chunks, 1)));
    bucket.delete(fourth.objectKey());
    assertThatThrownBy(() -> TestImages.readAll(store, key))
        .isInstanceOfSatisfying(CorruptImageException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CHUNK_MISSING);
          assertThat(e.chunkIndex()).isEqualTo(3);
          assertThat(e.chunkHash()).isEqualTo(fourth.hash());
        });
  }

  /** Cuts {@code data} as a writer would and stores each chunk as its own object, the old way. */
  private static List<ChunkRef> storeAsLegacyChunks(byte[] data) throws Exception {
    List<ChunkRef> refs = new ArrayList<>();
    ChunkReader reader = new ChunkReader(new ByteArrayInputStream(data), new ContentDefinedChunker(ChunkingPolicy.DEFAULT));
    for (byte[] chunk = reader.next(); chunk != null; chunk = reader.next()) {
      ChunkEncoding encoding = ChunkCompressor.ZSTD.choose(chunk);
      byte[] stored = encoding.encode(chunk);
      ChunkRef ref = new ChunkRef(Sha256.hex(chunk), chunk.length, encoding.id(), stored.length);
      bucket.write(ref.objectKey(), stored);
      refs.add(ref);
    }
    return refs;
  }

  private static void putManifest(String key, Manifest manifest) throws Exception {
    bucket.write(key, ManifestCodec.toJson(manifest));
  }

  /** Appends chunks {@code from…to-1} of an image (and their bytes) to a hand-made manifest. */
  private static void add(List<ChunkRef> target, ByteArrayOutputStream bytes, List<ChunkRef> chunks, byte[] data,
      int from, int to) throws IOException {
    for (int i = from; i < to; i++) {
      target.add(chunks.get(i));
      bytes.write(slice(data, chunks, i));
    }
  }

  private static byte[] slice(byte[] data, List<ChunkRef> chunks, int index) {
    int start = chunks.subList(0, index).stream().mapToInt(ChunkRef::size).sum();
    return java.util.Arrays.copyOfRange(data, start, start + chunks.get(index).size());
  }

  /** Half noise, half counters: chunks stored raw and chunks stored as zstd. */
  private static byte[] mixedContent(long seed, int size) {
    byte[] out = TestImages.randomBytes(seed, size);
    byte[] counters = ChunkCompressionIT.counters(seed, size / 2);
    System.arraycopy(counters, 0, out, size / 4, counters.length);
    assertThat(size).isGreaterThan(64 * KiB);
    return out;
  }
}
