package io.tern.image;

import java.io.IOException;

/**
 * A checkpoint image cannot be restored because its content is damaged: the manifest is unreadable,
 * a chunk it lists is missing, a chunk's bytes do not match its SHA-256 or size, or the total length
 * is wrong. The checkpoint should be marked CORRUPT and the previous one used.
 *
 * <p>Not thrown for storage that is merely unreachable: that is a plain {@link StorageException}.
 */
public class CorruptImageException extends IOException {

  private static final long serialVersionUID = 1L;

  /** What is wrong with the image. */
  public enum Reason {
    /**
     * The manifest is not valid JSON, misses fields, has an unsupported version/encoding, or (with a
     * manifest key configured) fails authentication.
     */
    MANIFEST_INVALID,
    /** A chunk the manifest lists does not exist in storage. */
    CHUNK_MISSING,
    /** A chunk exists but its bytes do not match the SHA-256 or size the manifest lists. */
    CHUNK_MISMATCH,
    /** The bytes delivered do not add up to the manifest's logical size. */
    LENGTH_MISMATCH
  }

  private final String manifestKey;
  private final Reason reason;
  private final int chunkIndex;
  private final String chunkHash;

  CorruptImageException(String manifestKey, Reason reason, int chunkIndex, String chunkHash, String detail,
      Throwable cause) {
    super(message(manifestKey, reason, chunkIndex, chunkHash, detail), cause);
    this.manifestKey = manifestKey;
    this.reason = reason;
    this.chunkIndex = chunkIndex;
    this.chunkHash = chunkHash;
  }

  static CorruptImageException invalidManifest(String manifestKey, String detail, Throwable cause) {
    return new CorruptImageException(manifestKey, Reason.MANIFEST_INVALID, -1, null, detail, cause);
  }

  static CorruptImageException missingChunk(String manifestKey, int index, String hash, String objectKey) {
    return new CorruptImageException(manifestKey, Reason.CHUNK_MISSING, index, hash,
        "object " + objectKey + " does not exist", null);
  }

  static CorruptImageException mismatchedChunk(String manifestKey, int index, String hash, String detail) {
    return new CorruptImageException(manifestKey, Reason.CHUNK_MISMATCH, index, hash, detail, null);
  }

  static CorruptImageException lengthMismatch(String manifestKey, String detail) {
    return new CorruptImageException(manifestKey, Reason.LENGTH_MISMATCH, -1, null, detail, null);
  }

  private static String message(String manifestKey, Reason reason, int chunkIndex, String chunkHash,
      String detail) {
    String what = switch (reason) {
      case MANIFEST_INVALID -> "manifest is invalid";
      case CHUNK_MISSING -> "chunk " + chunkIndex + " (sha256 " + chunkHash + ") is missing";
      case CHUNK_MISMATCH -> "chunk " + chunkIndex + " (sha256 " + chunkHash + ") is corrupt";
      case LENGTH_MISMATCH -> "image length is wrong";
    };
    return "Checkpoint image " + manifestKey + " is corrupt: " + what + ": " + detail;
  }

  /** The manifest key (relative to the storage prefix) of the damaged checkpoint. */
  public String manifestKey() {
    return manifestKey;
  }

  /** What is wrong. */
  public Reason reason() {
    return reason;
  }

  /** Zero-based position of the damaged chunk in the manifest, or -1 when no chunk is to blame. */
  public int chunkIndex() {
    return chunkIndex;
  }

  /** SHA-256 of the damaged chunk, or {@code null} when no chunk is to blame. */
  public String chunkHash() {
    return chunkHash;
  }
}
