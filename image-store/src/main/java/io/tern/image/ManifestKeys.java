package io.tern.image;

import java.util.Base64;
import java.util.HexFormat;

/**
 * Parses the text form of a manifest authentication key as configured ({@code tern.storage.manifest-key}):
 * 32+ hex digits, or base64 (standard or URL-safe, padding optional); at least
 * 16 bytes once decoded.
 */
public final class ManifestKeys {

  private ManifestKeys() {}

  /**
   * The key's bytes.
   *
   * @param property the property name, for the error message
   * @throws IllegalArgumentException if the text is neither hex nor base64, or too short
   */
  public static byte[] decode(String text, String property) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(property + " is not set");
    }
    String t = text.trim();
    byte[] key;
    if (t.length() % 2 == 0 && t.matches("[0-9a-fA-F]+")) {
      key = HexFormat.of().parseHex(t);
    } else {
      try {
        key = t.contains("-") || t.contains("_") ? Base64.getUrlDecoder().decode(t) : Base64.getDecoder().decode(t);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(property + " must be hex or base64 (" + e.getMessage() + ")");
      }
    }
    if (key.length < ManifestAuthenticator.MIN_KEY_BYTES) {
      throw new IllegalArgumentException(property + " must decode to at least " + ManifestAuthenticator.MIN_KEY_BYTES
          + " bytes, has " + key.length + "; generate one with: openssl rand -base64 32");
    }
    return key;
  }
}
