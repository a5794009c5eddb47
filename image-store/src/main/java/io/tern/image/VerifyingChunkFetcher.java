package io.tern.image;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Downloads the chunks of a segment (one ranged GET of a pack, or one legacy chunk object) and checks
 * each chunk's size and SHA-256 against its manifest entry. A pack range is read into one pooled
 * buffer; raw chunks are verified in place and compressed ones decoded into a second pooled buffer,
 * so a restore allocates nothing per chunk.
 */
final class VerifyingChunkFetcher implements RestoreStream.ChunkFetcher {

  private final ObjectStorage storage;
  private final StorageSettings settings;
  private final KnownChunks knownChunks;
  private final SegmentBuffers buffers;

  VerifyingChunkFetcher(ObjectStorage storage, StorageSettings settings, KnownChunks knownChunks,
      SegmentBuffers buffers) {
    this.storage = storage;
    this.settings = settings;
    this.knownChunks = knownChunks;
    this.buffers = buffers;
  }

  @Override
  public VerifiedSegment fetchVerified(String manifestKey, RestoreStream.Segment segment) throws IOException {
    ChunkRef first = segment.chunks().get(0);
    String key = settings.objectKey(first.objectKey());
    if (!first.packed()) {
      // One byte more than expected, to notice an object that is too long without reading all of it.
      Optional<byte[]> fetched = storage.get(key, first.encodingKind().maxStoredSize(first.size()) + 1);
      if (fetched.isEmpty()) {
        forget(segment);
        throw CorruptImageException.missingChunk(manifestKey, segment.firstIndex(), first.hash(), first.objectKey());
      }
      return VerifiedSegment.of(verifiedLegacy(manifestKey, segment.firstIndex(), first, key, fetched.get()));
    }
    int storedBytes = Math.toIntExact(segment.storedBytes());
    Optional<InputStream> range = storage.openRange(key, first.offset(), storedBytes);
    if (range.isEmpty()) {
      forget(segment);
      throw CorruptImageException.missingChunk(manifestKey, segment.firstIndex(), first.hash(), first.objectKey());
    }
    VerifiedSegment verified = new VerifiedSegment(buffers);
    boolean complete = false;
    try (InputStream in = range.get()) {
      byte[] stored = verified.takeBuffer(storedBytes);
      int read = in.readNBytes(stored, 0, storedBytes);
      verifyPacked(manifestKey, segment, key, stored, read, verified);
      complete = true;
      return verified;
    } catch (StorageException | CorruptImageException e) {
      throw e;
    } catch (IOException e) {
      throw new StorageException("S3 get of " + key + " failed while reading: " + e, e);
    } finally {
      if (!complete) {
        verified.release();
      }
    }
  }

  /** Checks the chunks of {@code stored[0, read)} in order and adds their bytes to {@code verified}. */
  private void verifyPacked(String manifestKey, RestoreStream.Segment segment, String key, byte[] stored, int read,
      VerifiedSegment verified) throws CorruptImageException {
    byte[] decoded = null;
    int decodedEnd = 0;
    int position = 0;
    for (int i = 0; i < segment.chunks().size(); i++) {
      ChunkRef chunk = segment.chunks().get(i);
      int index = segment.firstIndex() + i;
      if (position + chunk.storedSize() > read) {
        forget(segment);
        throw CorruptImageException.mismatchedChunk(manifestKey, index, chunk.hash(),
            "pack " + key + " ends before byte " + (chunk.offset() + chunk.storedSize()));
      }
      ChunkEncoding encoding = chunk.encodingKind();
      if (encoding == ChunkEncoding.RAW) {
        if (chunk.storedSize() != chunk.size()) {
          throw mismatch(manifestKey, index, chunk, "chunk in " + key + " holds " + chunk.storedSize()
              + " bytes, the manifest lists " + chunk.size());
        }
        checkHash(manifestKey, index, chunk, key, stored, position);
        verified.add(stored, position, chunk.size());
      } else {
        if (decoded == null) {
          decoded = verified.takeBuffer(Math.toIntExact(segment.logicalBytes()));
        }
        try {
          encoding.decodeInto(stored, position, chunk.storedSize(), decoded, decodedEnd, chunk.size());
        } catch (IllegalArgumentException e) {
          throw mismatch(manifestKey, index, chunk,
              "chunk in " + key + " cannot be decoded as " + encoding.id() + ": " + e.getMessage());
        }
        checkHash(manifestKey, index, chunk, key, decoded, decodedEnd);
        verified.add(decoded, decodedEnd, chunk.size());
        decodedEnd += chunk.size();
      }
      position += chunk.storedSize();
    }
  }

  private void checkHash(String manifestKey, int index, ChunkRef chunk, String key, byte[] bytes, int offset)
      throws CorruptImageException {
    String actualHash = Sha256.hex(bytes, offset, chunk.size());
    if (!actualHash.equals(chunk.hash())) {
      throw mismatch(manifestKey, index, chunk, "chunk in " + key + " has SHA-256 " + actualHash);
    }
  }

  private byte[] verifiedLegacy(String manifestKey, int index, ChunkRef chunk, String key, byte[] stored)
      throws CorruptImageException {
    ChunkEncoding encoding = chunk.encodingKind();
    byte[] bytes;
    try {
      bytes = encoding.decode(stored, chunk.size());
    } catch (IllegalArgumentException e) {
      throw mismatch(manifestKey, index, chunk,
          "chunk in " + key + " cannot be decoded as " + encoding.id() + ": " + e.getMessage());
    }
    if (bytes.length != chunk.size()) {
      String actual = bytes.length > chunk.size() ? "more than " + chunk.size() : String.valueOf(bytes.length);
      throw mismatch(manifestKey, index, chunk,
          "chunk in " + key + " holds " + actual + " bytes, the manifest lists " + chunk.size());
    }
    checkHash(manifestKey, index, chunk, key, bytes, 0);
    return bytes;
  }

  private CorruptImageException mismatch(String manifestKey, int index, ChunkRef chunk, String detail) {
    knownChunks.remove(chunk.hash());
    return CorruptImageException.mismatchedChunk(manifestKey, index, chunk.hash(), detail);
  }

  private void forget(RestoreStream.Segment segment) {
    for (ChunkRef chunk : segment.chunks()) {
      knownChunks.remove(chunk.hash());
    }
  }
}
