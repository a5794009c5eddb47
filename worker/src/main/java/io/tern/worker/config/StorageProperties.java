package io.tern.worker.config;

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
 */
@ConfigurationProperties("tern.storage")
public record StorageProperties(
    String endpoint,
    String accessKey,
    String secretKey,
    @DefaultValue("tern") String bucket,
    @DefaultValue("") String prefix,
    @DefaultValue("us-east-1") String region) {

  /** Checks that the required values are present. */
  public StorageProperties {
    require(endpoint, "tern.storage.endpoint", "the S3 endpoint, for instance http://127.0.0.1:9000");
    require(accessKey, "tern.storage.access-key", "the S3 access key");
    require(secretKey, "tern.storage.secret-key", "the S3 secret key");
    require(bucket, "tern.storage.bucket", "the bucket that holds checkpoint images");
    prefix = prefix == null ? "" : prefix;
    region = region == null || region.isBlank() ? "us-east-1" : region;
  }

  /** The settings the image store connects with. */
  public StorageSettings toSettings() {
    return new StorageSettings(endpoint, accessKey, secretKey, bucket, prefix, region);
  }

  /** Never prints the keys. */
  @Override
  public String toString() {
    return "StorageProperties[endpoint=" + endpoint + ", bucket=" + bucket + ", prefix=" + prefix
        + ", region=" + region + "]";
  }

  private static void require(String value, String property, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(property + " is required: " + what);
    }
  }
}
