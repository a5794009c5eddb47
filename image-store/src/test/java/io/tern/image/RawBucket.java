package io.tern.image;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bucket as seen from outside the image store, through a plain MinIO client: what a tampering
 * operator, a broken disk or a test does to objects. Keys are relative to the store's prefix.
 */
final class RawBucket {

  private final MinioClient client;
  private final String bucket;
  private final String prefix;

  RawBucket(MinioClient client, String bucket, String prefix) {
    this.client = client;
    this.bucket = bucket;
    this.prefix = prefix;
  }

  /** The bucket and prefix {@code settings} name, reached with {@code client}. */
  static RawBucket of(MinioClient client, StorageSettings settings) {
    return new RawBucket(client, settings.bucket(), settings.prefix());
  }

  byte[] read(String key) throws Exception {
    try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(prefix + key).build())) {
      return in.readAllBytes();
    }
  }

  void write(String key, byte[] bytes) throws Exception {
    client.putObject(PutObjectArgs.builder().bucket(bucket).object(prefix + key)
        .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
  }

  void delete(String key) throws Exception {
    client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(prefix + key).build());
  }

  /** Inverts one byte of the object at {@code position}, leaving its length as it was. */
  void flipByte(String key, long position) throws Exception {
    byte[] bytes = read(key);
    bytes[Math.toIntExact(position)] ^= (byte) 0xff;
    write(key, bytes);
  }

  /** Replaces the object's bytes at {@code position} with {@code replacement}, keeping its length. */
  void overwriteRange(String key, long position, byte[] replacement) throws Exception {
    byte[] bytes = read(key);
    System.arraycopy(replacement, 0, bytes, Math.toIntExact(position), replacement.length);
    write(key, bytes);
  }

  /** Cuts the object to its first {@code length} bytes. */
  void truncate(String key, long length) throws Exception {
    write(key, Arrays.copyOf(read(key), Math.toIntExact(length)));
  }

  /** The stored bytes of a packed chunk, read straight out of its pack. */
  byte[] storedBytesOf(ChunkRef chunk) throws Exception {
    byte[] pack = read(chunk.objectKey());
    return Arrays.copyOfRange(pack, Math.toIntExact(chunk.offset()), Math.toIntExact(chunk.offset() + chunk.storedSize()));
  }

  /** Keys (relative to the prefix) under {@code folder}, in lexical order. */
  List<String> keysUnder(String folder) throws Exception {
    List<String> keys = new ArrayList<>();
    for (Result<Item> item : client.listObjects(
        ListObjectsArgs.builder().bucket(bucket).prefix(prefix + folder).recursive(true).build())) {
      keys.add(item.get().objectName().substring(prefix.length()));
    }
    return keys;
  }
}
