package io.tern.image.testsupport;

import io.minio.MinioClient;
import io.tern.image.StorageSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * A real S3 server for tests: s3proxy 4.x in this JVM on 127.0.0.1 and a free port, AWS V2/V4
 * signatures checked against freshly generated credentials. Objects live in memory
 * ({@link #startInMemory()}) or in a directory ({@link #startOnDisk(Path)}).
 *
 * <p>Usage (JUnit 5): start it in {@code @BeforeAll}, close it in {@code @AfterAll}, and build
 * {@link StorageSettings} with {@link #settings(String, String)}. Other modules may depend on the
 * {@code image-store} test-jar ({@code <type>test-jar</type>}, plus {@code org.gaul:s3proxy} at test
 * scope) or copy this class. Keep the logger {@code org.gaul.shaded.org.eclipse.jetty} at INFO.
 */
public final class S3ProxyFixture implements AutoCloseable {

  private final S3Proxy proxy;
  private final BlobStore blobStore;
  private final String accessKey;
  private final String secretKey;
  private final URI endpoint;

  private S3ProxyFixture(String provider, Properties extra) throws Exception {
    this.accessKey = "tern-test-" + UUID.randomUUID().toString().substring(0, 8);
    this.secretKey = UUID.randomUUID().toString();
    Properties properties = new Properties();
    properties.putAll(extra);
    properties.setProperty("jclouds.identity", accessKey);
    properties.setProperty("jclouds.credential", secretKey);
    this.blobStore = BlobStores.create(provider, properties);
    this.proxy = S3Proxy.builder()
        .blobStore(blobStore)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Starts a server that keeps objects in memory (fast; gone when closed). */
  public static S3ProxyFixture startInMemory() throws Exception {
    return new S3ProxyFixture("transient-nio2", new Properties());
  }

  /** Starts a server that keeps objects as files under {@code directory} (one folder per bucket). */
  public static S3ProxyFixture startOnDisk(Path directory) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
    return new S3ProxyFixture("filesystem-nio2", properties);
  }

  /** Base URL of the server, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The only access key the server accepts. */
  public String accessKey() {
    return accessKey;
  }

  /** The secret that goes with {@link #accessKey()}. */
  public String secretKey() {
    return secretKey;
  }

  /** Settings for this server with valid credentials. */
  public StorageSettings settings(String bucket, String prefix) {
    return new StorageSettings(endpoint.toString(), accessKey, secretKey, bucket, prefix, null);
  }

  /** A plain MinIO client with valid credentials, to inspect or tamper with objects from outside. */
  public MinioClient client() {
    return MinioClient.builder().endpoint(endpoint.toString()).credentials(accessKey, secretKey)
        .region(StorageSettings.DEFAULT_REGION).build();
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.stop();
    } finally {
      blobStore.close();
    }
  }
}
