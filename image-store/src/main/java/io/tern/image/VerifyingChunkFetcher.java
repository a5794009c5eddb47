package io.tern.image;

import java.io.IOException;
import java.util.ArrayList;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Downloads the chunks of a segment (one ranged GET of a pack, or one legacy chunk object) and checks
 * each chunk's size and SHA-256 against its manifest entry.
 */
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
  public List<byte[]> fetchVerified(String manifestKey, RestoreStream.Segment segment) throws IOException {
    ChunkRef first = segment.chunks().get(0);
    String key = settings.objectKey(first.objectKey());
    if (!first.packed()) {
      // One byte more than expected, to notice an object that is too long without reading all of it.
      Optional<byte[]> fetched = storage.get(key, first.encodingKind().maxStoredSize(first.size()) + 1);
      if (fetched.isEmpty()) {
        forget(segment);
        throw CorruptImageException.missingChunk(manifestKey, segment.firstIndex(), first.hash(), first.objectKey());
      }
      return List.of(verified(manifestKey, segment.firstIndex(), first, key, fetched.get()));
    }
    Optional<InputStream> range = storage.openRange(key, first.offset(), Math.toIntExact(segment.storedBytes()));
    if (range.isEmpty()) {
      forget(segment);
      throw CorruptImageException.missingChunk(manifestKey, segment.firstIndex(), first.hash(), first.objectKey());
    }
    try (InputStream in = range.get()) {
      List<byte[]> chunks = new ArrayList<>(segment.chunks().size());
      for (int i = 0; i < segment.chunks().size(); i++) {
        ChunkRef chunk = segment.chunks().get(i);
        int index = segment.firstIndex() + i;
        // Each chunk is read into an array of its own size: no buffer of the whole range, no copy.
        byte[] stored = new byte[chunk.storedSize()];
        if (in.readNBytes(stored, 0, stored.length) < stored.length) {
          forget(segment);
          throw CorruptImageException.mismatchedChunk(manifestKey, index, chunk.hash(),
              "pack " + key + " ends before byte " + (chunk.offset() + chunk.storedSize()));
        }
        chunks.add(verified(manifestKey, index, chunk, key, stored));
      }
      return chunks;
    } catch (StorageException | CorruptImageException e) {
      throw e;
    } catch (IOException e) {
      throw new StorageException("S3 get of " + key + " failed while reading: " + e, e);
    }
  }

  private byte[] verified(String manifestKey, int index, ChunkRef chunk, String key, byte[] stored)
      throws CorruptImageException {
    ChunkEncoding encoding = chunk.encodingKind();
    byte[] bytes;
    try {
      bytes = encoding.decode(stored, chunk.size());
    } catch (IllegalArgumentException e) {
      knownChunks.remove(chunk.hash());
      throw CorruptImageException.mismatchedChunk(manifestKey, index, chunk.hash(),
          "chunk in " + key + " cannot be decoded as " + encoding.id() + ": " + e.getMessage());
    }
    if (bytes.length != chunk.size()) {
      knownChunks.remove(chunk.hash());
      String actual = bytes.length > chunk.size() ? "more than " + chunk.size() : String.valueOf(bytes.length);
      throw CorruptImageException.mismatchedChunk(manifestKey, index, chunk.hash(),
          "chunk in " + key + " holds " + actual + " bytes, the manifest lists " + chunk.size());
    }
    String actualHash = Sha256.hex(bytes);
    if (!actualHash.equals(chunk.hash())) {
      knownChunks.remove(chunk.hash());
      throw CorruptImageException.mismatchedChunk(manifestKey, index, chunk.hash(),
          "chunk in " + key + " has SHA-256 " + actualHash);
    }
    return bytes;
  }

  private void forget(RestoreStream.Segment segment) {
    for (ChunkRef chunk : segment.chunks()) {
      knownChunks.remove(chunk.hash());
    }
  }
}
