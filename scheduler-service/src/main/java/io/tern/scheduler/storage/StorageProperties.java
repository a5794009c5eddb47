package io.tern.scheduler.storage;

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
 *     (the same on the scheduler and every worker; job processes never see it)
 */
@ConfigurationProperties("tern.storage")
public record StorageProperties(
    String endpoint,
    String accessKey,
    String secretKey,
    @DefaultValue("tern") String bucket,
    @DefaultValue("") String prefix,
    @DefaultValue("us-east-1") String region,
    String manifestKey) {

  /** Validates the manifest key's format early, with the property's name in the message. */
  public StorageProperties {
    prefix = prefix == null ? "" : prefix;
    manifestKey = manifestKey == null || manifestKey.isBlank() ? null : manifestKey.trim();
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
        + region + ", manifestKey=" + (manifestKey == null ? "unset" : "***") + "]";
  }
}
