package io.tern.image;

/**
 * One entry of a manifest's ordered chunk list.
 *
 * @param hash lower-case hex SHA-256 of the chunk's (decoded) bytes, which is also its name
 * @param size the chunk's (decoded) length in bytes
 * @param encoding how the chunk is stored: {@code "raw"} or {@code "zstd"} (see
 *     {@code docs/image-format.md})
 * @param storedSize length of the chunk as stored (equals {@code size} for raw)
 * @param pack the id of the pack object that holds the chunk, or {@code null} for a chunk stored as
 *     an object of its own (images written before packs existed)
 * @param offset where the chunk's stored bytes start in its pack; {@code -1} when not packed
 */
public record ChunkRef(String hash, int size, String encoding, int storedSize, String pack, long offset) {

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
    if (pack == null ? offset != -1 : (!ImageLayout.isPackId(pack) || offset < 0)) {
      throw new IllegalArgumentException("pack '" + pack + "' at offset " + offset + " is not a valid location");
    }
  }

  /** A chunk stored as an object of its own, in {@code encoding}. */
  public ChunkRef(String hash, int size, String encoding, int storedSize) {
    this(hash, size, encoding, storedSize, null, -1);
  }

  /** A chunk stored raw as an object of its own (its object holds exactly its bytes). */
  public ChunkRef(String hash, int size) {
    this(hash, size, Manifest.RAW_ENCODING, size);
  }

  /** Whether the chunk lives in a pack (rather than an object of its own). */
  public boolean packed() {
    return pack != null;
  }

  /**
   * The key of the object holding this chunk, relative to the prefix: its pack
   * ({@code packs/3f/3f09….pack}) or, for an unpacked chunk, its own object ({@code chunks/ab/ab12….zst}).
   */
  public String objectKey() {
    return packed() ? ImageLayout.packKey(pack) : encodingKind().objectKey(hash);
  }

  ChunkEncoding encodingKind() {
    return ChunkEncoding.fromId(encoding);
  }
}
