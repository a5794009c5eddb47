package io.tern.image;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of a manifest under a cluster key that workers and the scheduler hold and job
 * processes never see, so a manifest rewritten in the bucket (another chunk list, another size) is
 * refused before any chunk is fetched.
 *
 * <p>The MAC covers the manifest key it is stored under and every field a reader acts on, in a fixed
 * binary form that does not depend on JSON formatting (see {@code docs/image-format.md},
 * "Authentication"): a manifest copied to another key (another job, another sequence number) fails
 * as well.
 *
 * <p>Thread-safe; immutable.
 */
final class ManifestAuthenticator {

  /** Name of the scheme, first field of the MAC input. */
  static final String SCHEME = "tern-manifest-hmac-sha256-v1";

  /** Shortest key accepted: 128 bits. */
  static final int MIN_KEY_BYTES = 16;

  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  ManifestAuthenticator(byte[] key) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("manifest key must have at least " + MIN_KEY_BYTES + " bytes, has " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  /** The lower-case hex MAC of {@code manifest} stored under {@code manifestKey}. */
  String mac(String manifestKey, Manifest manifest) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(macInput(manifestKey, manifest)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform provides HmacSHA256", e);
    }
  }

  /** Whether {@code presented} (hex, may be null) is the MAC of {@code manifest} under {@code manifestKey}. */
  boolean verifies(String manifestKey, Manifest manifest, String presented) {
    if (presented == null) {
      return false;
    }
    byte[] expected = mac(manifestKey, manifest).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = presented.getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual);
  }

  static byte[] macInput(String manifestKey, Manifest manifest) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + manifest.chunks().size() * 96);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeString(out, SCHEME);
      writeString(out, manifestKey);
      out.writeLong(manifest.formatVersion());
      out.writeLong(manifest.jobId());
      out.writeLong(manifest.attempt());
      out.writeLong(manifest.seq());
      out.writeLong(manifest.step());
      writeString(out, manifest.codecId());
      writeString(out, manifest.chunkEncoding());
      out.writeLong(manifest.logicalSize());
      writeString(out, manifest.createdAt().toString());
      out.writeLong(manifest.chunks().size());
      boolean packed = Manifest.PACKED_ENCODING.equals(manifest.chunkEncoding());
      writeChunks(out, manifest.chunks(), packed);
      if (!manifest.files().isEmpty()) {
        // Only manifests with output files carry this part, so older manifests keep their MACs.
        writeString(out, "files");
        out.writeLong(manifest.files().size());
        for (OutputFile file : manifest.files()) {
          writeString(out, file.path());
          out.writeLong(file.size());
          out.writeLong(file.mode());
          out.writeLong(file.chunks().size());
          writeChunks(out, file.chunks(), packed);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeChunks(DataOutputStream out, java.util.List<ChunkRef> chunks, boolean packed)
      throws IOException {
    for (ChunkRef chunk : chunks) {
      writeString(out, chunk.hash());
      out.writeLong(chunk.size());
      writeString(out, chunk.encoding());
      out.writeLong(chunk.storedSize());
      if (packed) {
        // Only packed manifests carry locations, so older manifests keep their MACs.
        writeString(out, chunk.packed() ? chunk.pack() : "");
        out.writeLong(chunk.offset());
      }
    }
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  @Override
  public String toString() {
    return "ManifestAuthenticator[" + SCHEME + ", key=****]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ManifestAuthenticator that && Arrays.equals(key.getEncoded(), that.key.getEncoded());
  }

  @Override
  public int hashCode() {
    return 1;
  }
}
