package io.tern.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.BucketExistsArgs;
import io.tern.testsupport.S3ProxyServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImageStoreAccessIT {

  private static S3ProxyServer s3;

  @BeforeAll
  static void startStorage() throws Exception {
    s3 = S3ProxyServer.startInMemory();
  }

  @AfterAll
  static void stopStorage() throws Exception {
    s3.close();
  }

  @Test
  void aWrongSecretIsRefusedAndNotMistakenForAMissingImage() throws Exception {
    StorageSettings good = new StorageSettings(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(), "access", "", null);
    try (ImageStore store = ImageStore.connect(good)) {
      store.ensureBucket();
    }
    StorageSettings wrongSecret = new StorageSettings(good.endpoint(), good.accessKey(), "not-the-secret",
        good.bucket(), "", null);

    try (ImageStore intruder = ImageStore.connect(wrongSecret)) {
      assertThatThrownBy(intruder::ensureBucket).isInstanceOf(StorageException.class)
          .hasMessageContaining(good.endpoint());
      assertThatThrownBy(() -> intruder.readManifest(ImageStore.manifestKey(1, 1)))
          .isExactlyInstanceOf(StorageException.class);
      assertThatThrownBy(() -> TestImages.write(intruder, 1, 1, new byte[] {1, 2, 3}))
          .isInstanceOf(StorageException.class);
    }
  }

  @Test
  void ensureBucketIsIdempotentEvenWhenProcessesRace() throws Exception {
    StorageSettings settings = new StorageSettings(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(), "raced", "", null);
    int racers = 4;
    List<ImageStore> stores = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(racers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Void>> results = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        ImageStore store = ImageStore.connect(settings);
        stores.add(store);
        Callable<Void> ensure = () -> {
          start.await();
          store.ensureBucket();
          return null;
        };
        results.add(threads.submit(ensure));
      }
      start.countDown();
      for (Future<Void> result : results) {
        result.get();
      }
      stores.get(0).ensureBucket();

      assertThat(s3.client().bucketExists(BucketExistsArgs.builder().bucket("raced").build())).isTrue();
      TestImages.write(stores.get(1), 1, 1, new byte[] {42});
      assertThat(TestImages.readAll(stores.get(2), ImageStore.manifestKey(1, 1))).containsExactly(42);
    } finally {
      threads.shutdownNow();
      stores.forEach(ImageStore::close);
    }
  }
}
