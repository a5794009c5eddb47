package io.tern.image;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.util.Arrays;

/**
 * How one chunk object is stored. The chunk's name (SHA-256) and size always describe the decoded
 * bytes, so deduplication and verification do not depend on the encoding; the encoding only
 * chooses the object key suffix and how to turn the object back into the chunk.
 */
enum ChunkEncoding {

  /** The chunk's bytes as they are, under {@code chunks/ab/<sha256>}. */
  RAW("raw", ""),

  /** One zstd frame (level {@value #ZSTD_LEVEL}), under {@code chunks/ab/<sha256>.zst}. */
  ZSTD("zstd", ".zst");

  /** The zstd level chunks are compressed with (ADR 0002). */
  static final int ZSTD_LEVEL = 1;

  private final String id;
  private final String keySuffix;

  ChunkEncoding(String id, String keySuffix) {
    this.id = id;
    this.keySuffix = keySuffix;
  }

  /** The name in manifests ({@code "raw"}, {@code "zstd"}). */
  String id() {
    return id;
  }

  /** The object key (relative to the prefix) of the chunk {@code hash} in this encoding. */
  String objectKey(String hash) {
    return ImageLayout.chunkKey(hash) + keySuffix;
  }

  /** The encoding named {@code id} in a manifest. */
  static ChunkEncoding fromId(String id) {
    for (ChunkEncoding encoding : values()) {
      if (encoding.id.equals(id)) {
        return encoding;
      }
    }
    throw new IllegalArgumentException("unsupported chunk encoding '" + id + "'");
  }

  /** The largest object a chunk of {@code size} decoded bytes can be stored as. */
  int maxStoredSize(int size) {
    return this == RAW ? size : (int) Math.min(Integer.MAX_VALUE - 16, Zstd.compressBound(size));
  }

  /** Encodes {@code chunk} (RAW returns it unchanged). */
  byte[] encode(byte[] chunk) {
    if (this == RAW) {
      return chunk;
    }
    byte[] out = new byte[(int) Zstd.compressBound(chunk.length)];
    long n = Zstd.compressByteArray(out, 0, out.length, chunk, 0, chunk.length, ZSTD_LEVEL);
    return Arrays.copyOf(out, (int) n);
  }

  /**
   * Decodes a stored object that must hold exactly {@code size} bytes.
   *
   * @throws IllegalArgumentException if the object is not a valid encoding of {@code size} bytes
   */
  byte[] decode(byte[] stored, int size) {
    if (this == RAW) {
      return stored;
    }
    byte[] out = new byte[size];
    decodeInto(stored, 0, stored.length, out, 0, size);
    return out;
  }

  /**
   * Decodes the zstd frame {@code stored[offset, offset + length)}, which must hold exactly {@code size}
   * bytes, into {@code out[outOffset, outOffset + size)}. Only for {@link #ZSTD}.
   *
   * @throws IllegalArgumentException if the bytes are not a valid encoding of {@code size} bytes
   */
  void decodeInto(byte[] stored, int offset, int length, byte[] out, int outOffset, int size) {
    if (this != ZSTD) {
      throw new IllegalStateException("only zstd chunks are decoded into a buffer");
    }
    long declared = Zstd.getFrameContentSize(stored, offset, length);
    if (declared != size) {
      throw new IllegalArgumentException("zstd frame declares " + declared + " bytes, the manifest lists " + size);
    }
    try {
      long n = Zstd.decompressByteArray(out, outOffset, size, stored, offset, length);
      if (n != size) {
        throw new IllegalArgumentException("zstd frame decoded to " + n + " bytes, the manifest lists " + size);
      }
    } catch (ZstdException e) {
      throw new IllegalArgumentException("not a valid zstd frame: " + e.getMessage(), e);
    }
  }
}
