package io.tern.image;

import static io.tern.image.TestImages.MiB;
import static org.assertj.core.api.Assertions.assertThat;

import io.tern.image.testsupport.S3ProxyFixture;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImageDeduplicationIT {

  private static S3ProxyFixture s3;
  private static ImageStore store;

  @BeforeAll
  static void startStorage() throws Exception {
    s3 = S3ProxyFixture.startInMemory();
    store = ImageStore.connect(s3.settings("tern", ""));
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
  void rewritingIdenticalStateUploadsNoChunk() throws IOException {
    byte[] data = TestImages.randomBytes(202, 12 * MiB);
    ImageWriteResult first = TestImages.write(store, 2, 1, data);

    ImageWriteResult sameProcess = TestImages.write(store, 2, 2, data);
    ImageWriteResult otherProcess;
    try (ImageStore freshStore = ImageStore.connect(store.settings())) {
      otherProcess = TestImages.write(freshStore, 2, 3, data);
    }

    assertThat(first.uploadedBytes()).isEqualTo(data.length);
    for (ImageWriteResult again : new ImageWriteResult[] {sameProcess, otherProcess}) {
      assertThat(again.chunks()).isEqualTo(first.chunks());
      assertThat(again.chunksReused()).isEqualTo(again.chunks());
      assertThat(again.uploadedBytes()).isZero();
      assertThat(TestImages.readAll(store, again.manifestKey())).isEqualTo(data);
    }
  }

  @Test
  void repeatedContentInsideOneImageIsStoredOnce() throws IOException {
    byte[] zeros = new byte[16 * MiB];

    ImageWriteResult result = TestImages.write(store, 3, 1, zeros);

    assertThat(result.chunks()).isEqualTo(4);
    assertThat(result.chunksUploaded()).isEqualTo(1);
    assertThat(result.uploadedBytes()).isLessThan(4 * MiB / 100); // one chunk, compressed
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

    assertThat(second.chunks()).isGreaterThan(20);
    assertThat(second.chunksUploaded()).isLessThanOrEqualTo(places * 2);
    assertThat(second.chunksReused()).isGreaterThanOrEqualTo(second.chunks() - places * 2);
    assertThat(second.uploadedBytes()).isLessThan(first.logicalBytes() / 4);
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

    ImageWriteResult second = TestImages.write(store, 5, 2, edited);

    assertThat(first.chunks()).isGreaterThan(10);
    assertThat(second.chunksUploaded()).isLessThanOrEqualTo(2);
    assertThat(second.uploadedBytes()).isLessThanOrEqualTo(2L * ChunkingPolicy.DEFAULT_MAX_SIZE);
    assertThat(TestImages.readAll(store, second.manifestKey())).isEqualTo(edited);
  }
}
