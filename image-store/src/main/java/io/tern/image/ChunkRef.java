package io.tern.image;

/**
 * One entry of a manifest's ordered chunk list.
 *
 * @param hash lower-case hex SHA-256 of the chunk's (decoded) bytes, which is also its name
 * @param size the chunk's (decoded) length in bytes
 */
public record ChunkRef(String hash, int size) {

  /** Validates the entry. */
  public ChunkRef {
    if (!Sha256.isHex(hash)) {
      throw new IllegalArgumentException("chunk hash is not a lower-case hex SHA-256: " + hash);
    }
    if (size <= 0) {
      throw new IllegalArgumentException("chunk size must be positive, was " + size);
    }
  }
}
