package io.tern.image;

import static io.tern.image.TestImages.MiB;
import static org.assertj.core.api.Assertions.assertThat;

import io.tern.testsupport.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImageDeduplicationIT {

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
  void firstWriteUploadsEveryChunk() throws IOException {
    byte[] data = TestImages.randomBytes(201, 10 * MiB);

    ImageWriteResult result = TestImages.write(store, 1, 1, data);

    assertThat(result.chunksReused()).isZero();
    assertThat(result.uploadedBytes()).isEqualTo(data.length);
  }

  @Test
  void rewritingIdenticalStateUploadsNoChunkInTheSameProcessOrWithThePreviousManifest() throws IOException {
    byte[] data = TestImages.randomBytes(202, 12 * MiB);
    ImageWriteResult first = TestImages.write(store, 2, 1, data);

    ImageWriteResult sameProcess = TestImages.write(store, 2, 2, data);
    ImageWriteResult otherProcessWithHint;
    try (ImageStore freshStore = ImageStore.connect(store.settings())) {
      otherProcessWithHint = freshStore.write(TestImages.descriptor(2, 3), ImageStore.manifestKey(2, 3),
          new ByteArrayInputStream(data), first.manifestKey());
    }

    assertThat(first.uploadedBytes()).isEqualTo(data.length);
    for (ImageWriteResult again : new ImageWriteResult[] {sameProcess, otherProcessWithHint}) {
      assertThat(again.chunks()).isEqualTo(first.chunks());
      assertThat(again.chunksReused()).isEqualTo(again.chunks());
      assertThat(again.uploadedBytes()).isZero();
      assertThat(store.readManifest(again.manifestKey()).chunks())
          .isEqualTo(store.readManifest(first.manifestKey()).chunks());
      assertThat(TestImages.readAll(store, again.manifestKey())).isEqualTo(data);
    }
  }

  @Test
  void anotherOwnerWritingExactlyTheSameStateReusesNothingOfTheFirstOwners() throws IOException {
    byte[] data = TestImages.randomBytes(207, 8 * MiB);
    ImageWriteResult ownerA = write(20, data, "owner-a");

    ImageWriteResult ownerB = write(21, data, "owner-b");

    assertThat(ownerA.uploadedBytes()).isEqualTo(data.length);
    assertThat(ownerB.chunksReused()).as("a guess of another owner's state is not confirmed").isZero();
    assertThat(ownerB.uploadedBytes()).isEqualTo(ownerA.uploadedBytes());
    assertThat(packsOf(ownerB.manifestKey())).doesNotContainAnyElementsOf(packsOf(ownerA.manifestKey()));
    assertThat(TestImages.readAll(store, ownerB.manifestKey())).isEqualTo(data);
  }

  @Test
  void anotherJobOfTheSameOwnerStillReusesItsChunks() throws IOException {
    byte[] data = TestImages.randomBytes(208, 8 * MiB);
    ImageWriteResult first = write(22, data, "owner-c");

    ImageWriteResult resubmitted = write(23, data, "owner-c");

    assertThat(resubmitted.chunksReused()).isEqualTo(resubmitted.chunks());
    assertThat(resubmitted.uploadedBytes()).isZero();
    assertThat(TestImages.readAll(store, resubmitted.manifestKey())).isEqualTo(data);
    assertThat(first.chunks()).isEqualTo(resubmitted.chunks());
  }

  private static ImageWriteResult write(long jobId, byte[] data, String owner) throws IOException {
    return store.write(TestImages.descriptor(jobId, 1), ImageStore.manifestKey(jobId, 1), new ByteArrayInputStream(data),
        null, owner);
  }

  private static Set<String> packsOf(String manifestKey) throws IOException {
    return Set.copyOf(store.chunkKeysOf(manifestKey));
  }

  @Test
  void aFreshProcessWithoutThePreviousManifestUploadsEverythingAgainIntoNewPacks() throws IOException {
    byte[] data = TestImages.randomBytes(206, 10 * MiB);
    ImageWriteResult first = TestImages.write(store, 6, 1, data);

    ImageWriteResult again;
    try (ImageStore freshStore = ImageStore.connect(store.settings())) {
      again = TestImages.write(freshStore, 6, 2, data); // no hint, nothing cached: no HEAD request either
    }

    assertThat(again.chunksReused()).isZero();
    assertThat(again.uploadedBytes()).isEqualTo(data.length);
    assertThat(packsOf(again)).doesNotContainAnyElementsOf(packsOf(first));
    assertThat(TestImages.readAll(store, first.manifestKey())).isEqualTo(data);
    assertThat(TestImages.readAll(store, again.manifestKey())).isEqualTo(data);
  }

  @Test
  void repeatedContentInsideOneImageIsStoredOnce() throws IOException {
    byte[] zeros = new byte[16 * MiB];

    ImageWriteResult result = TestImages.write(store, 3, 1, zeros);

    assertThat(result.chunks()).isEqualTo(16 * MiB / ChunkingPolicy.DEFAULT_MAX_SIZE);
    assertThat(result.chunksUploaded()).isEqualTo(1);
    assertThat(result.uploadedBytes()).isLessThan(ChunkingPolicy.DEFAULT_MAX_SIZE / 100); // one chunk, compressed
    assertThat(store.readManifest(result.manifestKey()).chunks()).extracting(ChunkRef::offset).containsOnly(0L);
    assertThat(TestImages.readAll(store, result.manifestKey())).isEqualTo(zeros);
  }

  @Test
  void changingOnePercentOfTheBytesInAFewPlacesReusesMostChunks() throws IOException {
    byte[] data = TestImages.randomBytes(204, 32 * MiB);
    ImageWriteResult first = TestImages.write(store, 4, 1, data);
    byte[] edited = Arrays.copyOf(data, data.length);
    SplittableRandom random = new SplittableRandom(4);
    int places = 3;
    int bytesPerPlace = data.length / 100 / places;
    for (int place = 0; place < places; place++) {
      int start = (place * 2 + 1) * data.length / (places * 2);
      for (int i = start; i < start + bytesPerPlace; i++) {
        edited[i] = (byte) random.nextInt(256);
      }
    }

    ImageWriteResult second = TestImages.write(store, 4, 2, edited);

    // Each place spans about 110 KB: the chunks it touches plus at most one neighbour on each side.
    long perPlaceBound = bytesPerPlace + 2L * ChunkingPolicy.DEFAULT_MAX_SIZE;
    assertThat(second.chunks()).isGreaterThan(200);
    assertThat(second.chunksReused()).isGreaterThan(second.chunks() * 9 / 10);
    assertThat(second.uploadedBytes()).isLessThanOrEqualTo(places * perPlaceBound);
    assertThat(second.uploadedBytes()).isLessThan(first.logicalBytes() / 20);
    assertThat(TestImages.readAll(store, second.manifestKey())).isEqualTo(edited);
  }

  @Test
  void insertingBytesNearTheStartReusesAllLaterChunks() throws IOException {
    byte[] data = TestImages.randomBytes(205, 24 * MiB);
    ImageWriteResult first = TestImages.write(store, 5, 1, data);
    byte[] edited = new byte[data.length + 5];
    System.arraycopy(data, 0, edited, 0, 4096);
    System.arraycopy(new byte[] {9, 8, 7, 6, 5}, 0, edited, 4096, 5);
    System.arraycopy(data, 4096, edited, 4101, data.length - 4096);

    ImageWriteResult second = store.write(TestImages.descriptor(5, 2), ImageStore.manifestKey(5, 2),
        new ByteArrayInputStream(edited), first.manifestKey());

    assertThat(first.chunks()).isGreaterThan(100);
    assertThat(second.chunksUploaded()).isLessThanOrEqualTo(2);
    assertThat(second.uploadedBytes()).isLessThanOrEqualTo(2L * ChunkingPolicy.DEFAULT_MAX_SIZE);
    assertThat(TestImages.readAll(store, second.manifestKey())).isEqualTo(edited);
  }

  private static Set<String> packsOf(ImageWriteResult result) throws IOException {
    return store.readManifest(result.manifestKey()).chunks().stream().map(ChunkRef::pack).collect(Collectors.toSet());
  }
}
