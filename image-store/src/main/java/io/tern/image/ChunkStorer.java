package io.tern.image;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

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
  private final ChunkReuseWindow reuseWindow;

  ChunkStorer(ObjectStorage storage, StorageSettings settings, KnownChunks knownChunks, ChunkCompressor compressor,
      ChunkReuseWindow reuseWindow) {
    this.storage = storage;
    this.settings = settings;
    this.knownChunks = knownChunks;
    this.compressor = compressor;
    this.reuseWindow = reuseWindow;
  }

  /**
   * Makes sure the chunk with these bytes and this hash is durable.
   *
   * @param inPreviousImage chunks of the previous image of the same job, by hash (may be empty)
   */
  Stored store(byte[] chunk, String hash, Map<String, ChunkRef> inPreviousImage) throws IOException {
    ChunkRef previous = inPreviousImage.get(hash);
    if (previous != null) {
      return new Stored(previous, 0, false);
    }
    ChunkRef known = knownChunks.find(hash).orElse(null);
    if (known != null) {
      return new Stored(known, 0, false);
    }
    ChunkEncoding encoding = compressor.choose(chunk);
    byte[] stored = encoding.encode(chunk);
    if (encoding != ChunkEncoding.RAW && stored.length > compressor.maxWorthwhileSize(chunk.length)) {
      encoding = ChunkEncoding.RAW;
      stored = chunk;
    }
    String key = settings.objectKey(encoding.objectKey(hash));
    Optional<StoredObject> existing = storage.stat(key);
    boolean valid = existing.isPresent() && existing.get().size() > 0 && existing.get().size() <= Integer.MAX_VALUE;
    if (valid && reuseWindow.mayReuse(existing.get().lastModified())) {
      ChunkRef ref = new ChunkRef(hash, chunk.length, encoding.id(), (int) existing.get().size());
      knownChunks.add(ref, existing.get().lastModified());
      return new Stored(ref, 0, false);
    }
    storage.put(key, stored, "application/octet-stream");
    ChunkRef ref = new ChunkRef(hash, chunk.length, encoding.id(), stored.length);
    if (valid) {
      // An old object written again: the collector may have listed it as garbage before this PUT and
      // delete it after. Not cached, so no later write trusts it; this write's commit is checked by
      // the scheduler against collections that ran meanwhile (ADR 0003).
      return new Stored(ref, stored.length, true);
    }
    knownChunks.add(ref);
    return new Stored(ref, stored.length, false);
  }

  /**
   * The chunk's manifest entry, the bytes this call uploaded (0 when reused), and whether an existing
   * but old object was uploaded again.
   */
  record Stored(ChunkRef ref, long uploadedBytes, boolean refreshed) {}
}
