package io.tern.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the fault suite's S3 process relies on; signature checking is covered by image-store's ImageStoreAccessIT. */
class S3ProxyServerIT {

  @TempDir Path dir;

  @Test
  void aServerOnDiskStartedAgainOnTheSameDirectoryAndPortKeepsTheObjects() throws Exception {
    int port;
    try (S3ProxyServer first = S3ProxyServer.startOnDisk(dir)) {
      port = first.endpoint().getPort();
      first.client().makeBucket(MakeBucketArgs.builder().bucket("tern-test").build());
      byte[] bytes = "kept".getBytes(StandardCharsets.UTF_8);
      first.client().putObject(PutObjectArgs.builder().bucket("tern-test").object("k").stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }
    try (S3ProxyServer second = S3ProxyServer.startOnDisk(dir, port, "again", "secret-again");
        InputStream in = second.client().getObject(GetObjectArgs.builder().bucket("tern-test").object("k").build())) {
      assertThat(second.endpoint().getPort()).isEqualTo(port);
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("kept");
    }
  }
}
