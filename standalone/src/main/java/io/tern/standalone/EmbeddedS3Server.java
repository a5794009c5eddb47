package io.tern.standalone;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3 server (s3proxy) on 127.0.0.1 that keeps its objects as files under one directory, so a
 * restart of the standalone system keeps every checkpoint image. It checks request signatures: clients
 * need the access and secret key it was started with.
 */
public final class EmbeddedS3Server implements AutoCloseable {

  private final S3Proxy proxy;
  private final URI endpoint;

  private EmbeddedS3Server(S3Proxy proxy, URI endpoint) {
    this.proxy = proxy;
    this.endpoint = endpoint;
  }

  /** Starts the server on a free port of 127.0.0.1 with objects stored under {@code baseDir}. */
  public static EmbeddedS3Server start(Path baseDir, String accessKey, String secretKey) throws Exception {
    return start(baseDir, accessKey, secretKey, 0);
  }

  /**
   * Starts the server on {@code port} of 127.0.0.1 (0: a free port) with objects stored under
   * {@code baseDir}.
   */
  public static EmbeddedS3Server start(Path baseDir, String accessKey, String secretKey, int port) throws Exception {
    Files.createDirectories(baseDir);
    if (port == 0) {
      port = FreePorts.pick();
    }
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new FilesystemNio2BlobStore(baseDir.toAbsolutePath().toString()))
            .endpoint(endpoint)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            // checkpoint chunks are at most a few MiB, but allow large single PUTs from other tools
            .v4MaxNonChunkedRequestSize(1L << 30)
            .build();
    proxy.start(); // returns once Jetty is listening
    return new EmbeddedS3Server(proxy, endpoint);
  }

  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
