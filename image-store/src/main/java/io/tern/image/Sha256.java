package io.tern.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 as lower-case hex, the name of every chunk. */
final class Sha256 {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private Sha256() {}

  static String hex(byte[] data) {
    return HexFormat.of().formatHex(digest().digest(data));
  }

  /** The SHA-256 of {@code data[offset, offset + length)}. */
  static String hex(byte[] data, int offset, int length) {
    MessageDigest digest = digest();
    digest.update(data, offset, length);
    return HexFormat.of().formatHex(digest.digest());
  }

  static boolean isHex(String value) {
    return value != null && HEX.matcher(value).matches();
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
