package io.tern.worker.it;

import java.net.URI;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/** A real S3 server (s3proxy, objects in memory) on 127.0.0.1 and a free port, with random credentials it checks. */
final class InProcessS3 implements AutoCloseable {

  final String accessKey = "worker-it-" + UUID.randomUUID().toString().substring(0, 8);
  final String secretKey = "secret-" + UUID.randomUUID();
  final URI endpoint;
  private final BlobStore blobStore;
  private final S3Proxy proxy;

  InProcessS3() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.identity", accessKey);
    properties.setProperty("jclouds.credential", secretKey);
    blobStore = BlobStores.create("transient-nio2", properties);
    proxy = S3Proxy.builder()
        .blobStore(blobStore)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
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
