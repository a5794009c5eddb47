package io.tern.image;

import java.util.Objects;

/**
 * Object keys of the image format, relative to the storage prefix (see {@code docs/image-format.md}):
 * chunks under {@code chunks/<first two hex digits>/<sha256>}, manifests under
 * {@code jobs/<jobId>/checkpoints/<seq, 10 digits>.json}.
 */
public final class ImageLayout {

  /** Folder (relative to the prefix) that holds every chunk. */
  public static final String CHUNKS_FOLDER = "chunks/";

  private ImageLayout() {}

  /**
   * The manifest key of checkpoint {@code seq} of job {@code jobId}, e.g.
   * {@code jobs/42/checkpoints/0000000007.json}. The scheduler hands these out; keys sort by seq.
   */
  public static String manifestKey(long jobId, long seq) {
    if (jobId < 0 || seq < 0) {
      throw new IllegalArgumentException("jobId and seq must not be negative");
    }
    return "jobs/" + jobId + "/checkpoints/" + String.format("%010d", seq) + ".json";
  }

  /** The key of the chunk whose SHA-256 is {@code hash}, e.g. {@code chunks/ab/ab12…}. */
  public static String chunkKey(String hash) {
    if (!Sha256.isHex(hash)) {
      throw new IllegalArgumentException("not a lower-case hex SHA-256: " + hash);
    }
    return CHUNKS_FOLDER + hash.substring(0, 2) + "/" + hash;
  }

  /** Rejects keys that are blank, absolute or climb out of the prefix. */
  static String requireRelativeKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isBlank() || key.startsWith("/") || key.contains("..") || key.contains("//")) {
      throw new IllegalArgumentException("not a relative object key: '" + key + "'");
    }
    return key;
  }
}
