package io.tern.image;

import static io.tern.image.TestImages.MiB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.tern.image.CorruptImageException.Reason;
import io.tern.image.testsupport.S3ProxyFixture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A manifest rewritten in the bucket by someone without the cluster key is refused. */
class ManifestAuthenticationIT {

  private static final byte[] CLUSTER_KEY = "tern-cluster-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OTHER_KEY = "some-other-key-0123456789abcdefgh".getBytes(StandardCharsets.US_ASCII);

  private static S3ProxyFixture s3;
  private static ImageStore store;
  private static MinioClient raw;

  @BeforeAll
  static void startStorage() throws Exception {
    s3 = S3ProxyFixture.startInMemory();
    store = ImageStore.connect(s3.settings("tern", "auth"), ImageStoreOptions.defaults().withManifestKey(CLUSTER_KEY));
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
    ChunkRef original = store.readManifest(victim.manifestKey()).chunks().get(0);
    ChunkRef substitute = store.readManifest(other.manifestKey()).chunks().get(0);
    String tampered = manifestText(victim.manifestKey())
        .replaceFirst("\"hash\" : \"" + original.hash() + "\",(\\s*)\"size\" : " + original.size(),
            "\"hash\" : \"" + substitute.hash() + "\",$1\"size\" : " + substitute.size())
        .replace("\"logicalSize\" : " + victim.logicalBytes(),
            "\"logicalSize\" : " + (victim.logicalBytes() - original.size() + substitute.size()));
    assertThat(tampered).contains(substitute.hash()).doesNotContain(original.hash());
    overwriteManifest(victim.manifestKey(), tampered);

    assertRefused(victim.manifestKey());
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

      assertThat(second.chunksReused()).isEqualTo(second.chunks()); // found by asking storage instead
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
