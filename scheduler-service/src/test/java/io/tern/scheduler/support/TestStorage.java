package io.tern.scheduler.support;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.tern.testsupport.S3ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives a test scheduler object storage: one in-memory S3 server (s3proxy) for the whole test JVM, a
 * bucket of its own per Spring context, a manifest key, and an upload spool directory of its own.
 * Tests read the bucket from outside with {@link #objects}.
 */
public final class TestStorage implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private static S3ProxyServer server;

  /** The shared server, started on first use. */
  public static synchronized S3ProxyServer server() {
    if (server == null) {
      try {
        server = S3ProxyServer.startInMemory();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start s3proxy", e);
      }
    }
    return server;
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    S3ProxyServer s3 = server();
    Path spool;
    try {
      spool = Files.createTempDirectory("tern-test-spool-").resolve("uploads");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("tern-test-storage", Map.of(
        "tern.storage.endpoint", s3.endpoint().toString(),
        "tern.storage.access-key", s3.accessKey(),
        "tern.storage.secret-key", s3.secretKey(),
        "tern.storage.bucket", "tern-test-" + UUID.randomUUID().toString().substring(0, 8),
        "tern.storage.region", S3ProxyServer.REGION,
        "tern.storage.manifest-key", HexFormat.of().formatHex(key),
        "tern.artifacts.spool-dir", spool.toString(),
        // small limits, so tests of them send little
        "tern.artifacts.max-size", "16MB",
        "tern.artifacts.max-expanded-size", "32MB")));
  }

  /** Every object under {@code prefix} in {@code bucket}: key → size. */
  public static Map<String, Long> objects(String bucket, String prefix) {
    MinioClient client = server().client();
    Map<String, Long> objects = new TreeMap<>();
    try {
      for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
        Item item = r.get();
        objects.put(item.objectName(), item.size());
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot list bucket " + bucket + ": " + e.getMessage(), e);
    }
    return objects;
  }
}
