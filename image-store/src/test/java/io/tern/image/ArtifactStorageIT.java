package io.tern.image;

import static io.tern.image.TestImages.MiB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.testsupport.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArtifactStorageIT {

  private static S3ProxyServer s3;
  private static ImageStore store;

  @BeforeAll
  static void startStorage() throws Exception {
    s3 = S3ProxyServer.startInMemory();
    store = ImageStore.connect(new StorageSettings(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(), "tern", "", null));
    store.ensureBucket();
  }

  @AfterAll
  static void stopStorage() throws Exception {
    store.close();
    s3.close();
  }

  @Test
  void anArtifactReadsBackAsTheBytesThatWereStoredUnderItsDigest() throws IOException {
    byte[] jar = TestImages.randomBytes(301, 3 * MiB + 17);
    String digest = Sha256.hex(jar);

    ImageWriteResult result = store.writeArtifact(digest, new ByteArrayInputStream(jar), null, "alice");

    assertThat(result.manifestKey()).isEqualTo("artifacts/" + digest + ".json");
    assertThat(result.logicalBytes()).isEqualTo(jar.length);
    assertThat(readArtifact(digest)).isEqualTo(jar);
    assertThat(store.listArtifactManifests()).extracting(StoredObject::key).contains(result.manifestKey());
  }

  @Test
  void aNewVersionWithOneSmallChangeUploadsOnlyTheChunksAroundTheChange() throws IOException {
    byte[] v1 = TestImages.randomBytes(302, 8 * MiB);
    byte[] v2 = v1.clone();
    for (int i = 0; i < 2000; i++) {
      v2[5 * MiB + i] ^= 0x5a;
    }
    String d1 = Sha256.hex(v1);
    String d2 = Sha256.hex(v2);
    store.writeArtifact(d1, new ByteArrayInputStream(v1), null, "bob");

    ImageWriteResult second;
    try (ImageStore otherProcess = ImageStore.connect(store.settings())) {
      second = otherProcess.writeArtifact(d2, new ByteArrayInputStream(v2), d1, "bob");
    }

    assertThat(second.uploadedBytes()).as("bytes of v2 sent to storage").isLessThan(v2.length / 10);
    assertThat(second.chunksReused()).isPositive();
    assertThat(readArtifact(d2)).isEqualTo(v2);
    assertThat(readArtifact(d1)).isEqualTo(v1);
  }

  @Test
  void aJobImageIsNotReadAsAnArtifactAndAnUnknownDigestIsNotFound() throws IOException {
    byte[] data = TestImages.randomBytes(303, MiB);
    String digest = Sha256.hex(data);
    TestImages.write(store, 77, 1, data);

    assertThatThrownBy(() -> store.openArtifact(digest)).isInstanceOf(ImageNotFoundException.class);
    assertThatThrownBy(() -> store.openArtifact("not-a-digest")).isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] readArtifact(String digest) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = store.openArtifact(digest)) {
      in.transferTo(out);
    }
    return out.toByteArray();
  }
}
