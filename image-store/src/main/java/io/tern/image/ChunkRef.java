package io.tern.image;

/**
 * One entry of a manifest's ordered chunk list.
 *
 * @param hash lower-case hex SHA-256 of the chunk's (decoded) bytes, which is also its name
 * @param size the chunk's (decoded) length in bytes
 * @param encoding how the chunk object is stored: {@code "raw"} or {@code "zstd"} (see
 *     {@code docs/image-format.md}); decides the object key suffix
 * @param storedSize length of the chunk object as stored (equals {@code size} for raw)
 */
public record ChunkRef(String hash, int size, String encoding, int storedSize) {

  /** Validates the entry. */
  public ChunkRef {
    if (!Sha256.isHex(hash)) {
      throw new IllegalArgumentException("chunk hash is not a lower-case hex SHA-256: " + hash);
    }
    if (size <= 0) {
      throw new IllegalArgumentException("chunk size must be positive, was " + size);
    }
    ChunkEncoding known = ChunkEncoding.fromId(encoding);
    if (storedSize <= 0 || (known == ChunkEncoding.RAW && storedSize != size)) {
      throw new IllegalArgumentException("stored size " + storedSize + " impossible for a " + encoding
          + " chunk of " + size + " bytes");
    }
  }

  /** A chunk stored raw (its object holds exactly its bytes). */
  public ChunkRef(String hash, int size) {
    this(hash, size, Manifest.RAW_ENCODING, size);
  }

  /** The object key of this chunk relative to the prefix, e.g. {@code chunks/ab/ab12….zst}. */
  public String objectKey() {
    return encodingKind().objectKey(hash);
  }

  ChunkEncoding encodingKind() {
    return ChunkEncoding.fromId(encoding);
  }
}
