package io.tern.scheduler.storage;

import io.tern.image.ImageStoreOptions;
import io.tern.image.ManifestKeys;
import io.tern.image.StorageSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tern.storage.*} on the scheduler: the bucket that holds checkpoint images (same names as the
 * worker's, ADR 0001) and the manifest key.
 *
 * @param endpoint S3 endpoint URL
 * @param accessKey access key
 * @param secretKey secret key
 * @param bucket bucket name
 * @param prefix key prefix inside the bucket
 * @param region signing region
 * @param manifestKey the cluster's manifest authentication key, base64 or hex, at least 16 bytes
 *     (the same on the scheduler and every worker; job processes never see it); required with an
 *     endpoint
 * @param chunkReuseWindow how young an existing chunk must be for an artifact upload to reuse it
 *     without uploading it again (the workers' setting of the same name does this for images); with
 *     {@code tern.artifacts.upload-timeout} it must stay below {@code tern.checkpoints.chunk-grace}
 */
@ConfigurationProperties("tern.storage")
public record StorageProperties(
    String endpoint,
    String accessKey,
    String secretKey,
    @DefaultValue("tern") String bucket,
    @DefaultValue("") String prefix,
    @DefaultValue("us-east-1") String region,
    String manifestKey,
    @DefaultValue("10m") java.time.Duration chunkReuseWindow) {

  private static final String MANIFEST_KEY_REQUIRED =
      "the cluster's manifest authentication key (the same on the scheduler and every worker, at least"
      + " 16 bytes, hex or base64) that signs and checks every checkpoint manifest; generate one with:"
      + " openssl rand -base64 32";

  /**
   * Requires a manifest key when storage is configured and validates its format early, with the
   * property's name in the message.
   */
  public StorageProperties {
    prefix = prefix == null ? "" : prefix;
    chunkReuseWindow = chunkReuseWindow == null ? ImageStoreOptions.DEFAULT_CHUNK_REUSE_WINDOW : chunkReuseWindow;
    if (chunkReuseWindow.isNegative() || chunkReuseWindow.isZero()) {
      throw new IllegalArgumentException("tern.storage.chunk-reuse-window must be a positive duration");
    }
    manifestKey = manifestKey == null || manifestKey.isBlank() ? null : manifestKey.trim();
    if (manifestKey == null && endpoint != null && !endpoint.isBlank()) {
      throw new IllegalArgumentException("tern.storage.manifest-key is required: " + MANIFEST_KEY_REQUIRED);
    }
    if (manifestKey != null) {
      ManifestKeys.decode(manifestKey, "tern.storage.manifest-key");
    }
  }

  /** The decoded manifest key. */
  public byte[] manifestKeyBytes() {
    return ManifestKeys.decode(manifestKey, "tern.storage.manifest-key");
  }

  /** The settings the image store connects with. */
  public StorageSettings toSettings() {
    return new StorageSettings(endpoint, accessKey, secretKey, bucket, prefix, region);
  }

  /** Never prints the keys. */
  @Override
  public String toString() {
    return "StorageProperties[endpoint=" + endpoint + ", bucket=" + bucket + ", prefix=" + prefix + ", region="
        + region + ", chunkReuseWindow=" + chunkReuseWindow + ", manifestKey=" + (manifestKey == null ? "unset" : "***") + "]";
  }
}
