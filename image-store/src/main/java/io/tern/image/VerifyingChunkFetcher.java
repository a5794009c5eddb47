package io.tern.image;

import java.io.IOException;
import java.util.Optional;

/** Downloads a chunk and checks its size and SHA-256 against the manifest entry. */
final class VerifyingChunkFetcher implements RestoreStream.ChunkFetcher {

  private final ObjectStorage storage;
  private final StorageSettings settings;
  private final KnownChunks knownChunks;

  VerifyingChunkFetcher(ObjectStorage storage, StorageSettings settings, KnownChunks knownChunks) {
    this.storage = storage;
    this.settings = settings;
    this.knownChunks = knownChunks;
  }

  @Override
  public byte[] fetchVerified(String manifestKey, int index, ChunkRef chunk) throws IOException {
    ChunkEncoding encoding = chunk.encodingKind();
    String key = settings.objectKey(chunk.objectKey());
    // One byte more than expected, to notice an object that is too long without reading all of it.
    Optional<byte[]> fetched = storage.get(key, encoding.maxStoredSize(chunk.size()) + 1);
    if (fetched.isEmpty()) {
      knownChunks.remove(chunk.hash());
      throw CorruptImageException.missingChunk(manifestKey, index, chunk.hash(), chunk.objectKey());
    }
    byte[] bytes;
    try {
      bytes = encoding.decode(fetched.get(), chunk.size());
    } catch (IllegalArgumentException e) {
      knownChunks.remove(chunk.hash());
      throw CorruptImageException.mismatchedChunk(manifestKey, index, chunk.hash(),
          "object " + key + " cannot be decoded as " + encoding.id() + ": " + e.getMessage());
    }
    if (bytes.length != chunk.size()) {
      knownChunks.remove(chunk.hash());
      String actual = bytes.length > chunk.size() ? "more than " + chunk.size() : String.valueOf(bytes.length);
      throw CorruptImageException.mismatchedChunk(manifestKey, index, chunk.hash(),
          "object " + key + " holds " + actual + " bytes, the manifest lists " + chunk.size());
    }
    String actualHash = Sha256.hex(bytes);
    if (!actualHash.equals(chunk.hash())) {
      knownChunks.remove(chunk.hash());
      throw CorruptImageException.mismatchedChunk(manifestKey, index, chunk.hash(),
          "object " + key + " has SHA-256 " + actualHash);
    }
    return bytes;
  }
}
