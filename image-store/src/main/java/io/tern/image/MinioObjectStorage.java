package io.tern.image;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/** {@link ObjectStorage} on one bucket of an S3-compatible server, through the MinIO Java SDK. */
final class MinioObjectStorage implements ObjectStorage {

  /** How long a response may stall (no bytes arriving) before the request fails. */
  static final int READ_TIMEOUT_MILLIS = (int) Duration.ofMinutes(2).toMillis();

  /**
   * One HTTP client for every store in the process: building a client loads the platform trust
   * store (seconds on a busy machine), and sharing it shares the connection pool. Stores derive
   * their own view of it and never close it.
   */
  private static final OkHttpClient SHARED_HTTP = new OkHttpClient.Builder()
      .protocols(List.of(Protocol.HTTP_1_1))
      .connectTimeout(Duration.ofSeconds(15))
      .writeTimeout(Duration.ofMinutes(2))
      // The read timeout is enforced by the socket (SO_TIMEOUT) instead of OkHttp's watchdog, whose
      // bookkeeping on every 8 KiB read cost ~40 % of the client's CPU of a restore's GETs; the
      // sockets also buffer their input, so a large GET is not one system call per 8 KiB.
      .readTimeout(Duration.ZERO)
      .socketFactory(new StorageSocketFactory(READ_TIMEOUT_MILLIS))
      .build();

  private static final Set<String> BUCKET_ALREADY_THERE = Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists");

  private final MinioClient client;
  private final String bucket;
  private final String endpoint;

  MinioObjectStorage(StorageSettings settings) {
    this.client = MinioClient.builder()
        .endpoint(settings.endpoint())
        .credentials(settings.accessKey(), settings.secretKey())
        .region(settings.region())
        .httpClient(SHARED_HTTP, false)
        .build();
    this.bucket = settings.bucket();
    this.endpoint = settings.endpoint();
  }

  @Override
  public void ensureBucket() throws IOException {
    if (call("check bucket", "", () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()))) {
      return;
    }
    try {
      client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    } catch (ErrorResponseException e) {
      // Another process created it between our check and our request: that is the goal reached.
      if (!BUCKET_ALREADY_THERE.contains(e.errorResponse().code())) {
        throw failure("create bucket", "", e);
      }
    } catch (MinioException | GeneralSecurityException | IOException e) {
      throw failure("create bucket", "", e);
    }
  }

  @Override
  public OptionalLong size(String key) throws IOException {
    try {
      return OptionalLong.of(client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size());
    } catch (ErrorResponseException e) {
      if (isNoSuchObject(e)) {
        return OptionalLong.empty();
      }
      throw failure("stat", key, e);
    } catch (MinioException | GeneralSecurityException | IOException e) {
      throw failure("stat", key, e);
    }
  }

  @Override
  public Optional<StoredObject> stat(String key) throws IOException {
    try {
      io.minio.StatObjectResponse stat = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
      return Optional.of(new StoredObject(key, stat.size(), stat.lastModified().toInstant()));
    } catch (ErrorResponseException e) {
      if (isNoSuchObject(e)) {
        return Optional.empty();
      }
      throw failure("stat", key, e);
    } catch (MinioException | GeneralSecurityException | IOException e) {
      throw failure("stat", key, e);
    }
  }

  @Override
  public List<StoredObject> listObjects(String prefix) throws IOException {
    List<StoredObject> objects = new ArrayList<>();
    Iterable<Result<Item>> results = client.listObjects(
        ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build());
    for (Result<Item> result : results) {
      Item item = call("list", prefix, result::get);
      objects.add(new StoredObject(item.objectName(), item.size(), item.lastModified().toInstant()));
    }
    return objects;
  }

  @Override
  public void put(String key, byte[] data, String contentType) throws IOException {
    call("put", key, () -> client.putObject(PutObjectArgs.builder()
        .bucket(bucket)
        .object(key)
        .stream(new ByteArrayInputStream(data), data.length, -1)
        .contentType(contentType)
        .build()));
  }

  @Override
  public Optional<byte[]> get(String key, int maxBytes) throws IOException {
    try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return Optional.of(in.readNBytes(maxBytes));
    } catch (ErrorResponseException e) {
      if (isNoSuchObject(e)) {
        return Optional.empty();
      }
      throw failure("get", key, e);
    } catch (MinioException | GeneralSecurityException | IOException e) {
      throw failure("get", key, e);
    }
  }

  @Override
  public Optional<byte[]> getRange(String key, long offset, int length) throws IOException {
    try (GetObjectResponse in = client.getObject(
        GetObjectArgs.builder().bucket(bucket).object(key).offset(offset).length((long) length).build())) {
      byte[] bytes = new byte[length];
      int read = in.readNBytes(bytes, 0, length);
      return Optional.of(read == length ? bytes : Arrays.copyOf(bytes, read));
    } catch (ErrorResponseException e) {
      if (isNoSuchObject(e)) {
        return Optional.empty();
      }
      if ("InvalidRange".equals(e.errorResponse().code())) {
        return Optional.of(new byte[0]); // the object ends before the range starts
      }
      throw failure("get", key + " bytes " + offset + "+" + length, e);
    } catch (MinioException | GeneralSecurityException | IOException e) {
      throw failure("get", key + " bytes " + offset + "+" + length, e);
    }
  }

  @Override
  public Optional<java.io.InputStream> openRange(String key, long offset, int length) throws IOException {
    try {
      return Optional.of(client.getObject(
          GetObjectArgs.builder().bucket(bucket).object(key).offset(offset).length((long) length).build()));
    } catch (ErrorResponseException e) {
      if (isNoSuchObject(e)) {
        return Optional.empty();
      }
      if ("InvalidRange".equals(e.errorResponse().code())) {
        return Optional.of(java.io.InputStream.nullInputStream()); // the object ends before the range starts
      }
      throw failure("get", key + " bytes " + offset + "+" + length, e);
    } catch (MinioException | GeneralSecurityException | IOException e) {
      throw failure("get", key + " bytes " + offset + "+" + length, e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    call("delete", key, () -> {
      client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
      return null;
    });
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    List<String> keys = new ArrayList<>();
    Iterable<Result<Item>> results = client.listObjects(
        ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build());
    for (Result<Item> result : results) {
      keys.add(call("list", prefix, result::get).objectName());
    }
    return keys;
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) {
      // Closing only releases idle connections; nothing to report.
    }
  }

  private static boolean isNoSuchObject(ErrorResponseException e) {
    String code = e.errorResponse().code();
    return "NoSuchKey".equals(code)
        || "NoSuchObject".equals(code)
        || (e.response() != null && e.response().code() == 404 && !"NoSuchBucket".equals(code));
  }

  private <T> T call(String operation, String key, MinioCall<T> call) throws IOException {
    try {
      return call.run();
    } catch (MinioException | GeneralSecurityException | IOException e) {
      throw failure(operation, key, e);
    }
  }

  private StorageException failure(String operation, String key, Exception e) {
    String detail = e instanceof ErrorResponseException error
        ? error.errorResponse().code() + ": " + error.errorResponse().message()
        : e.toString();
    return new StorageException(
        "S3 " + operation + " of s3://" + bucket + "/" + key + " at " + endpoint + " failed: " + detail, e);
  }

  @FunctionalInterface
  private interface MinioCall<T> {
    T run() throws MinioException, GeneralSecurityException, IOException;
  }
}
