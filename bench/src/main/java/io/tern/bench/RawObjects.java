package io.tern.bench;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.tern.image.StorageSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The baseline: one plain MinIO-SDK PUT / GET of the same bytes, no chunking, hashing or compression. */
final class RawObjects implements AutoCloseable {

  private final MinioClient client;
  private final String bucket;

  RawObjects(StorageSettings settings) {
    this.client = MinioClient.builder().endpoint(settings.endpoint())
        .credentials(settings.accessKey(), settings.secretKey()).region(settings.region()).build();
    this.bucket = settings.bucket();
  }

  void ensureBucket() throws Exception {
    if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
      client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    }
  }

  /** One PUT of the file (a single request: the server is configured to accept it). */
  long put(String key, Path file) throws Exception {
    long start = System.nanoTime();
    long size = Files.size(file);
    try (InputStream in = Files.newInputStream(file)) {
      client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(in, size, -1)
          .contentType("application/octet-stream").build());
    }
    return System.nanoTime() - start;
  }

  /** One PUT of an in-memory object. */
  void put(String key, byte[] data) throws Exception {
    client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
        .stream(new java.io.ByteArrayInputStream(data), data.length, -1).build());
  }

  /** One GET of the whole object, bytes copied to {@code out}. */
  long get(String key, OutputStream out) throws Exception {
    long start = System.nanoTime();
    try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      in.transferTo(out);
    }
    return System.nanoTime() - start;
  }

  /** One GET of the whole object, decoded by {@code decoder} as it streams in (a naive restore). */
  long getAndDecode(String key, io.tern.sdk.StateCodec<?> decoder) throws Exception {
    long start = System.nanoTime();
    try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      decoder.decode(new java.io.BufferedInputStream(in, 1 << 16));
    }
    return System.nanoTime() - start;
  }

  void delete(String key) throws Exception {
    client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
  }

  @Override
  public void close() throws IOException {
    try {
      client.close();
    } catch (Exception e) {
      throw new IOException(e);
    }
  }
}
