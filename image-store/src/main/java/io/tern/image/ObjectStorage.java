package io.tern.image;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The few object-store operations the image engine needs, on full object keys of one bucket. Kept
 * narrow so the image logic does not depend on an S3 SDK.
 */
interface ObjectStorage extends AutoCloseable {

  /** Creates the bucket unless it exists; safe when several processes race to do it. */
  void ensureBucket() throws IOException;

  /** The length of the object under {@code key}, or empty when there is none. */
  OptionalLong size(String key) throws IOException;

  /**
   * Length and last-modified time of the object under {@code key} (a full key), or empty when there
   * is none. The key of the answer is the full key.
   */
  Optional<StoredObject> stat(String key) throws IOException;

  /** Like {@link #list(String)}, with each object's size and last-modified time (full keys). */
  List<StoredObject> listObjects(String prefix) throws IOException;

  /** Stores {@code data} under {@code key}, replacing any object there, in one request. */
  void put(String key, byte[] data, String contentType) throws IOException;

  /**
   * Reads at most {@code maxBytes} bytes of the object under {@code key}; empty when there is no
   * such object. A result of {@code maxBytes} bytes means the object may be longer.
   */
  Optional<byte[]> get(String key, int maxBytes) throws IOException;

  /**
   * Reads {@code length} bytes of the object under {@code key} starting at {@code offset}; empty when
   * there is no such object. A shorter answer means the object ends before {@code offset + length}.
   */
  Optional<byte[]> getRange(String key, long offset, int length) throws IOException;

  /**
   * Like {@link #getRange}, as a stream the caller reads (and must close) piece by piece, so no buffer
   * of the whole range is needed; empty when there is no such object. The stream ends early if the
   * object ends before {@code offset + length}.
   */
  default Optional<java.io.InputStream> openRange(String key, long offset, int length) throws IOException {
    return getRange(key, offset, length).map(java.io.ByteArrayInputStream::new);
  }

  /** Deletes the object under {@code key}; no error when it does not exist. */
  void delete(String key) throws IOException;

  /** Keys of all objects whose key starts with {@code prefix}, in lexical order. */
  List<String> list(String prefix) throws IOException;

  @Override
  void close();
}
