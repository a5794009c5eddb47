package io.tern.image;

import static io.tern.image.TestImages.MiB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.tern.image.CorruptImageException.Reason;
import io.tern.testsupport.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A manifest rewritten in the bucket by someone without the cluster key is refused. */
class ManifestAuthenticationIT {

  private static final byte[] CLUSTER_KEY = "tern-cluster-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OTHER_KEY = "some-other-key-0123456789abcdefgh".getBytes(StandardCharsets.US_ASCII);

  private static S3ProxyServer s3;
  private static ImageStore store;
  private static MinioClient raw;

  @BeforeAll
  static void startStorage() throws Exception {
    s3 = S3ProxyServer.startInMemory();
    store = ImageStore.connect(new StorageSettings(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(), "tern", "auth", null), ImageStoreOptions.defaults().withManifestKey(CLUSTER_KEY));
    store.ensureBucket();
    raw = s3.client();
  }

  @AfterAll
  static void stopStorage() throws Exception {
    store.close();
    s3.close();
  }

  @Test
  void anAuthenticatedImageRestores() throws Exception {
    byte[] data = TestImages.randomBytes(501, 6 * MiB);

    ImageWriteResult result = TestImages.write(store, 51, 1, data);

    assertThat(store.authenticatesManifests()).isTrue();
    assertThat(manifestText(result.manifestKey())).contains("\"hmacSha256\"");
    assertThat(TestImages.readAll(store, result.manifestKey())).isEqualTo(data);
  }

  @Test
  void aManifestPointingAtAnotherValidChunkIsRefused() throws Exception {
    ImageWriteResult victim = TestImages.write(store, 52, 1, TestImages.randomBytes(502, 6 * MiB));
    ImageWriteResult other = TestImages.write(store, 52, 2, TestImages.randomBytes(503, 3 * MiB));
    Manifest original = store.readManifest(victim.manifestKey());
    ChunkRef replaced = original.chunks().get(0);
    ChunkRef substitute = store.readManifest(other.manifestKey()).chunks().get(0);
    List<ChunkRef> chunks = new ArrayList<>(original.chunks());
    chunks.set(0, substitute); // hash, size, pack and offset of a chunk that exists and verifies

    overwriteManifest(victim.manifestKey(), withMacOf(victim.manifestKey(),
        copyWith(original, chunks, original.logicalSize() - replaced.size() + substitute.size())));

    assertRefused(victim.manifestKey());
  }

  @Test
  void aManifestWithChunkLocationsSwappedIsRefusedBeforeAnyChunkIsRead() throws Exception {
    ImageWriteResult result = TestImages.write(store, 56, 1, TestImages.randomBytes(508, 12 * MiB));
    Manifest original = store.readManifest(result.manifestKey());
    List<ChunkRef> chunks = new ArrayList<>(original.chunks());
    ChunkRef first = chunks.get(0);
    ChunkRef last = chunks.get(chunks.size() - 1);
    assertThat(last.pack()).isNotEqualTo(first.pack());
    // Same hashes and sizes, other packs and offsets: only the MAC over pack and offset tells.
    chunks.set(0, new ChunkRef(first.hash(), first.size(), first.encoding(), first.storedSize(), last.pack(), 0));
    overwriteManifest(result.manifestKey(), withMacOf(result.manifestKey(),
        copyWith(original, chunks, original.logicalSize())));
    assertRefused(result.manifestKey());

    chunks.set(0, new ChunkRef(first.hash(), first.size(), first.encoding(), first.storedSize(), first.pack(),
        first.offset() + 1));
    overwriteManifest(result.manifestKey(), withMacOf(result.manifestKey(),
        copyWith(original, chunks, original.logicalSize())));
    assertRefused(result.manifestKey());
  }

  @Test
  void anOlderManifestCopiedOverANewerOneIsRefused() throws Exception {
    ImageWriteResult older = TestImages.write(store, 53, 1, TestImages.randomBytes(504, 2 * MiB));
    ImageWriteResult newer = TestImages.write(store, 53, 2, TestImages.randomBytes(505, 2 * MiB));

    overwriteManifest(newer.manifestKey(), manifestText(older.manifestKey()));

    assertRefused(newer.manifestKey());
  }

  @Test
  void aManifestWithoutAMacOrUnderAnotherKeyIsRefused() throws Exception {
    ImageWriteResult result = TestImages.write(store, 54, 1, TestImages.randomBytes(506, 2 * MiB));
    String withoutMac = manifestText(result.manifestKey()).replaceAll(",\\s*\"hmacSha256\" : \"[0-9a-f]+\"", "");
    assertThat(withoutMac).doesNotContain("hmacSha256");

    try (ImageStore otherCluster = ImageStore.connect(store.settings(),
        ImageStoreOptions.defaults().withManifestKey(OTHER_KEY))) {
      assertThatThrownBy(() -> otherCluster.openForRestore(result.manifestKey()))
          .isInstanceOf(CorruptImageException.class)
          .hasMessageContaining("manifest authentication failed");
    }
    overwriteManifest(result.manifestKey(), withoutMac);
    assertRefused(result.manifestKey());
  }

  @Test
  void theChunkListOfAForgedPreviousManifestIsNotTrusted() throws Exception {
    byte[] data = TestImages.randomBytes(507, 4 * MiB);
    ImageWriteResult first = TestImages.write(store, 55, 1, data);
    overwriteManifest(first.manifestKey(), manifestText(first.manifestKey()).replace("\"hmacSha256\"", "\"x\""));
    // a fresh store: nothing cached, so only the (forged) previous manifest could vouch for chunks
    try (ImageStore fresh = ImageStore.connect(store.settings(),
        ImageStoreOptions.defaults().withManifestKey(CLUSTER_KEY))) {
      ImageWriteResult second = fresh.write(TestImages.descriptor(55, 2), ImageStore.manifestKey(55, 2),
          new ByteArrayInputStream(data), first.manifestKey());

      // Nothing vouches for the chunks (no HEAD requests, nothing cached): all go up again, into new packs.
      assertThat(second.chunksReused()).isZero();
      assertThat(second.uploadedBytes()).isEqualTo(data.length);
      assertThat(fresh.readManifest(second.manifestKey()).chunks()).extracting(ChunkRef::pack)
          .doesNotContainAnyElementsOf(
              ManifestCodec.fromJson(first.manifestKey(), manifestText(first.manifestKey()).getBytes(StandardCharsets.UTF_8))
                  .chunks().stream().map(ChunkRef::pack).toList());
      assertThat(TestImages.readAll(fresh, second.manifestKey())).isEqualTo(data);
    }
  }

  private static void assertRefused(String manifestKey) {
    assertThatThrownBy(() -> store.openForRestore(manifestKey))
        .isInstanceOfSatisfying(CorruptImageException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.MANIFEST_INVALID);
          assertThat(e.manifestKey()).isEqualTo(manifestKey);
        })
        .hasMessageContaining("manifest authentication failed");
  }

  /** {@code forged} as JSON, carrying the MAC the store wrote for the manifest now under {@code manifestKey}. */
  private static String withMacOf(String manifestKey, Manifest forged) throws Exception {
    Matcher mac = Pattern.compile("\"hmacSha256\" : \"([0-9a-f]+)\"").matcher(manifestText(manifestKey));
    assertThat(mac.find()).isTrue();
    String json = new String(ManifestCodec.toJson(forged), StandardCharsets.UTF_8).stripTrailing();
    return json.substring(0, json.length() - 1).stripTrailing() + ",\n  \"hmacSha256\" : \"" + mac.group(1) + "\"\n}";
  }

  private static Manifest copyWith(Manifest manifest, List<ChunkRef> chunks, long logicalSize) {
    return new Manifest(manifest.formatVersion(), manifest.jobId(), manifest.attempt(), manifest.seq(),
        manifest.step(), manifest.codecId(), manifest.chunkEncoding(), logicalSize, manifest.createdAt(), chunks);
  }

  private static String manifestText(String manifestKey) throws Exception {
    try (GetObjectResponse in = raw.getObject(GetObjectArgs.builder().bucket("tern")
        .object(store.settings().objectKey(manifestKey)).build())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void overwriteManifest(String manifestKey, String json) throws Exception {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    raw.putObject(PutObjectArgs.builder().bucket("tern").object(store.settings().objectKey(manifestKey))
        .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType("application/json").build());
    assertThat(Arrays.equals(manifestText(manifestKey).getBytes(StandardCharsets.UTF_8), bytes)).isTrue();
  }
}
