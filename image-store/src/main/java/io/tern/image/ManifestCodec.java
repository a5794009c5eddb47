package io.tern.image;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Manifest ⇄ JSON. Unknown fields are ignored (a later minor addition stays readable); missing or
 * null fields, a different {@code formatVersion} or an unknown {@code chunkEncoding} make the
 * manifest invalid.
 */
final class ManifestCodec {

  /** Manifests larger than this are rejected unread (a 1 GiB image needs about 100 KiB). */
  static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private ManifestCodec() {}

  static byte[] toJson(Manifest manifest) {
    return MAPPER.writeValueAsBytes(manifest);
  }

  /** Parses and validates a manifest read from {@code manifestKey}. */
  static Manifest fromJson(String manifestKey, byte[] json) throws CorruptImageException {
    if (json.length >= MAX_MANIFEST_BYTES) {
      throw CorruptImageException.invalidManifest(manifestKey, "larger than " + MAX_MANIFEST_BYTES + " bytes", null);
    }
    try {
      Manifest manifest = MAPPER.readValue(json, Manifest.class);
      if (manifest == null) {
        throw CorruptImageException.invalidManifest(manifestKey, "empty document", null);
      }
      return manifest;
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      throw CorruptImageException.invalidManifest(manifestKey, rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
  }
}
