package io.tern.scheduler.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Secrets Tern hands out (API tokens, worker secrets): 32 random bytes, URL-safe Base64, behind a
 * prefix that says what the secret is (so secret scanners and people recognise it). Only their
 * SHA-256 hash is ever stored; hashes are compared in constant time.
 */
public final class Secrets {

  /** Prefix of API tokens. */
  public static final String API_TOKEN_PREFIX = "tern_at_";
  /** Prefix of per-worker secrets. */
  public static final String WORKER_SECRET_PREFIX = "tern_ws_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** A new secret: {@code prefix} followed by 32 random bytes in URL-safe Base64 without padding. */
  public static String generate(String prefix) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Lower-case hex SHA-256 of the secret's UTF-8 bytes. */
  public static String sha256Hex(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Constant-time comparison of two secrets or hashes; false when either is null. */
  public static boolean sameSecret(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
