package io.tern.image;

import java.util.Objects;

/**
 * Where checkpoint images live: an S3-compatible endpoint, credentials, one bucket and an optional
 * key prefix inside it. Mirrors the {@code tern.storage.*} properties.
 *
 * <p>{@code prefix} may be empty; a non-empty prefix is normalised to end with exactly one
 * {@code /} and never starts with one. {@code region} defaults to {@code us-east-1}. {@link
 * #toString()} never shows the secret key.
 *
 * @param endpoint S3 endpoint URL, e.g. {@code http://127.0.0.1:9000}
 * @param accessKey access key id
 * @param secretKey secret access key
 * @param bucket bucket holding all images
 * @param prefix key prefix inside the bucket ({@code ""} for none)
 * @param region signing region
 */
public record StorageSettings(
    String endpoint, String accessKey, String secretKey, String bucket, String prefix, String region) {

  /** The region used when none is configured. */
  public static final String DEFAULT_REGION = "us-east-1";

  /** Validates and normalises the settings. */
  public StorageSettings {
    endpoint = requireText(endpoint, "endpoint");
    accessKey = requireText(accessKey, "accessKey");
    secretKey = requireText(secretKey, "secretKey");
    bucket = requireText(bucket, "bucket");
    prefix = normalisePrefix(prefix);
    region = region == null || region.isBlank() ? DEFAULT_REGION : region.trim();
  }

  private static String requireText(String value, String name) {
    Objects.requireNonNull(value, () -> "storage setting '" + name + "' is required");
    if (value.isBlank()) {
      throw new IllegalArgumentException("storage setting '" + name + "' must not be blank");
    }
    return value.trim();
  }

  private static String normalisePrefix(String prefix) {
    if (prefix == null) {
      return "";
    }
    String trimmed = prefix.trim();
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.isEmpty() ? "" : trimmed + "/";
  }

  /** The full object key of {@code relativeKey} inside the bucket, i.e. prefix + key. */
  public String objectKey(String relativeKey) {
    return prefix + relativeKey;
  }

  @Override
  public String toString() {
    return "StorageSettings[endpoint=" + endpoint + ", accessKey=" + accessKey
        + ", secretKey=****, bucket=" + bucket + ", prefix=" + prefix + ", region=" + region + "]";
  }
}
