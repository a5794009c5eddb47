package io.tern.worker.config;

import io.tern.image.ManifestKeys;
import io.tern.image.StorageSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tern.storage.*}: the S3-compatible store that holds checkpoint images. Shared names with the
 * scheduler (ADR 0001). The keys stay in the worker: job processes never see them.
 *
 * @param endpoint S3 endpoint URL (required)
 * @param accessKey access key (required)
 * @param secretKey secret key (required)
 * @param bucket bucket name (default {@code tern})
 * @param prefix key prefix inside the bucket (default empty)
 * @param region region (default {@code us-east-1})
 * @param manifestKey the cluster's manifest authentication key ({@code tern.storage.manifest-key},
 *     required): base64 or hex, at least 16 bytes, the same as the scheduler's; job processes never
 *     see it.
 * @param chunkReuseWindow how young an existing chunk must be to be reused without uploading it again
 *     (default 10 minutes; the scheduler's {@code tern.checkpoints.chunk-grace} must exceed it plus the
 *     commit timeout, ADR 0003)
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

  /** Checks that the required values are present. */
  @org.springframework.boot.context.properties.bind.ConstructorBinding
  public StorageProperties {
    require(endpoint, "tern.storage.endpoint", "the S3 endpoint, for instance http://127.0.0.1:9000");
    require(accessKey, "tern.storage.access-key", "the S3 access key");
    require(secretKey, "tern.storage.secret-key", "the S3 secret key");
    require(bucket, "tern.storage.bucket", "the bucket that holds checkpoint images");
    prefix = prefix == null ? "" : prefix;
    region = region == null || region.isBlank() ? "us-east-1" : region;
    require(manifestKey, "tern.storage.manifest-key", MANIFEST_KEY_REQUIRED);
    manifestKey = manifestKey.trim();
    chunkReuseWindow = chunkReuseWindow == null ? io.tern.image.ImageStoreOptions.DEFAULT_CHUNK_REUSE_WINDOW : chunkReuseWindow;
    if (chunkReuseWindow.isNegative() || chunkReuseWindow.isZero()) {
      throw new IllegalArgumentException("tern.storage.chunk-reuse-window must be a positive duration");
    }
    ManifestKeys.decode(manifestKey, "tern.storage.manifest-key");
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
    return "StorageProperties[endpoint=" + endpoint + ", bucket=" + bucket + ", prefix=" + prefix
        + ", region=" + region + ", manifestKey=***]";
  }

  private static void require(String value, String property, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(property + " is required: " + what);
    }
  }
}
