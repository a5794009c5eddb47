package io.tern.testsupport;

import io.minio.MinioClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * A real S3 server for tests: s3proxy in this JVM on 127.0.0.1, checking AWS V2/V4 signatures
 * against one access key. Objects live in memory ({@link #startInMemory()}) or as files under a
 * directory, one folder per bucket ({@link #startOnDisk(Path)}); a server on disk started again on
 * the same directory sees the same objects.
 *
 * <p>Users declare {@code org.gaul:s3proxy} (test scope) themselves, and keep the logger
 * {@code org.gaul.shaded.org.eclipse.jetty} at INFO.
 */
public final class S3ProxyServer implements AutoCloseable {

  /** The region the server accepts (s3proxy's default); clients must sign for it. */
  public static final String REGION = "us-east-1";

  private final S3Proxy proxy;
  private final BlobStore blobStore;
  private final String accessKey;
  private final String secretKey;
  private final URI endpoint;

  private S3ProxyServer(String provider, Properties extra, int port, String accessKey, String secretKey) throws Exception {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    Properties properties = new Properties();
    properties.putAll(extra);
    properties.setProperty("jclouds.identity", accessKey);
    properties.setProperty("jclouds.credential", secretKey);
    this.blobStore = BlobStores.create(provider, properties);
    this.proxy = S3Proxy.builder()
        .blobStore(blobStore)
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
        .ignoreUnknownHeaders(true)
        .v4MaxNonChunkedRequestSize(1L << 30)
        .build();
    proxy.start();
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Starts a server on a free port that keeps objects in memory (gone when closed), with fresh credentials. */
  public static S3ProxyServer startInMemory() throws Exception {
    return new S3ProxyServer("transient-nio2", new Properties(), 0, freshAccessKey(), UUID.randomUUID().toString());
  }

  /** Starts a server on a free port that keeps objects under {@code directory}, with fresh credentials. */
  public static S3ProxyServer startOnDisk(Path directory) throws Exception {
    return startOnDisk(directory, 0, freshAccessKey(), UUID.randomUUID().toString());
  }

  /** Starts a server on {@code port} (0: a free one) that keeps objects under {@code directory}, accepting these credentials. */
  public static S3ProxyServer startOnDisk(Path directory, int port, String accessKey, String secretKey) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
    return new S3ProxyServer("filesystem-nio2", properties, port, accessKey, secretKey);
  }

  private static String freshAccessKey() {
    return "tern-test-" + UUID.randomUUID().toString().substring(0, 8);
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

  /** A plain MinIO client with valid credentials, to inspect or tamper with objects from outside. */
  public MinioClient client() {
    return MinioClient.builder().endpoint(endpoint.toString()).credentials(accessKey, secretKey).region(REGION).build();
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
