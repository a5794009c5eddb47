package io.tern.image;

import java.util.Objects;

/**
 * Object keys of the image format, relative to the storage prefix (see {@code docs/image-format.md}):
 * packs of chunks under {@code packs/<first two hex digits>/<pack id>.pack}, manifests under
 * {@code jobs/<jobId>/checkpoints/<seq, 10 digits>.json}; images written before packs existed keep
 * one object per chunk under {@code chunks/<first two hex digits>/<sha256>}.
 */
public final class ImageLayout {

  /** Folder (relative to the prefix) that holds every chunk. */
  public static final String CHUNKS_FOLDER = "chunks/";

  /** Folder (relative to the prefix) that holds every pack of chunks. */
  public static final String PACKS_FOLDER = "packs/";

  /** Folder (relative to the prefix) that holds every job's manifests. */
  public static final String JOBS_FOLDER = "jobs/";

  /** Folder (relative to the prefix) that holds the manifest of every stored job artifact (a jar). */
  public static final String ARTIFACTS_FOLDER = "artifacts/";

  private static final java.util.regex.Pattern MANIFEST_KEY =
      java.util.regex.Pattern.compile("jobs/(\\d+)/checkpoints/(\\d{10})\\.json");

  private ImageLayout() {}

  /** A manifest key's job id and sequence number. */
  public record ManifestId(long jobId, long seq) {}

  /** The job and sequence number a manifest key names, or empty if it is not a manifest key. */
  public static java.util.Optional<ManifestId> parseManifestKey(String key) {
    java.util.regex.Matcher m = MANIFEST_KEY.matcher(key);
    if (!m.matches()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(new ManifestId(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

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

  /**
   * The manifest key of the output files attempt {@code attemptNumber} of job {@code jobId} published
   * when it succeeded, e.g. {@code jobs/42/outputs/000003.json}: a manifest with the files and an
   * empty state. The scheduler accepts only this key for that attempt.
   */
  public static String outputsManifestKey(long jobId, int attemptNumber) {
    if (jobId < 0 || attemptNumber < 0) {
      throw new IllegalArgumentException("jobId and attemptNumber must not be negative");
    }
    return "jobs/" + jobId + "/outputs/" + String.format("%06d", attemptNumber) + ".json";
  }

  /**
   * The manifest key of the artifact whose content has the SHA-256 {@code sha256Hex} (64 lower-case
   * hex digits), e.g. {@code artifacts/9f86d0….json}. Its chunks live in packs like an image's.
   */
  public static String artifactManifestKey(String sha256Hex) {
    if (!Sha256.isHex(sha256Hex)) {
      throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256Hex);
    }
    return ARTIFACTS_FOLDER + sha256Hex + ".json";
  }

  /** The key of the chunk whose SHA-256 is {@code hash}, e.g. {@code chunks/ab/ab12…}. */
  public static String chunkKey(String hash) {
    if (!Sha256.isHex(hash)) {
      throw new IllegalArgumentException("not a lower-case hex SHA-256: " + hash);
    }
    return CHUNKS_FOLDER + hash.substring(0, 2) + "/" + hash;
  }

  /**
   * The key of the pack {@code packId} (32 lower-case hex digits), e.g. {@code packs/3f/3f09….pack}.
   */
  public static String packKey(String packId) {
    if (!isPackId(packId)) {
      throw new IllegalArgumentException("not a pack id (32 lower-case hex digits): " + packId);
    }
    return PACKS_FOLDER + packId.substring(0, 2) + "/" + packId + ".pack";
  }

  /** Whether {@code value} is a well-formed pack id: 32 lower-case hex digits. */
  static boolean isPackId(String value) {
    if (value == null || value.length() != 32) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code key} (relative to the prefix) is a chunk or pack object the collector may delete. */
  static boolean isChunkStorageKey(String key) {
    return key.startsWith(CHUNKS_FOLDER) || key.startsWith(PACKS_FOLDER);
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
