package io.tern.image;

import java.io.IOException;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Stores one chunk unless storage already holds it: looks it up in the chunks of the previous
 * image, then in the process-wide cache of known chunks, then asks storage (one stat); only then
 * encodes and uploads it. Thread-safe.
 */
final class ChunkStorer {

  private final ObjectStorage storage;
  private final StorageSettings settings;
  private final KnownChunks knownChunks;
  private final ChunkCompressor compressor;

  ChunkStorer(ObjectStorage storage, StorageSettings settings, KnownChunks knownChunks, ChunkCompressor compressor) {
    this.storage = storage;
    this.settings = settings;
    this.knownChunks = knownChunks;
    this.compressor = compressor;
  }

  /**
   * Makes sure the chunk with these bytes and this hash is durable.
   *
   * @param inPreviousImage chunks of the previous image of the same job, by hash (may be empty)
   */
  Stored store(byte[] chunk, String hash, Map<String, ChunkRef> inPreviousImage) throws IOException {
    ChunkRef previous = inPreviousImage.get(hash);
    if (previous != null) {
      return new Stored(previous, 0);
    }
    ChunkRef known = knownChunks.find(hash).orElse(null);
    if (known != null) {
      return new Stored(known, 0);
    }
    ChunkEncoding encoding = compressor.choose(chunk);
    byte[] stored = encoding.encode(chunk);
    if (encoding != ChunkEncoding.RAW && stored.length > compressor.maxWorthwhileSize(chunk.length)) {
      encoding = ChunkEncoding.RAW;
      stored = chunk;
    }
    String key = settings.objectKey(encoding.objectKey(hash));
    OptionalLong existing = storage.size(key);
    if (existing.isPresent() && existing.getAsLong() > 0 && existing.getAsLong() <= Integer.MAX_VALUE) {
      ChunkRef ref = new ChunkRef(hash, chunk.length, encoding.id(), (int) existing.getAsLong());
      knownChunks.add(ref);
      return new Stored(ref, 0);
    }
    storage.put(key, stored, "application/octet-stream");
    ChunkRef ref = new ChunkRef(hash, chunk.length, encoding.id(), stored.length);
    knownChunks.add(ref);
    return new Stored(ref, stored.length);
  }

  /** The chunk's manifest entry and the bytes this call uploaded (0 when reused). */
  record Stored(ChunkRef ref, long uploadedBytes) {}
}
