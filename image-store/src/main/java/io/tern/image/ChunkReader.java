package io.tern.image;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts an input stream into content-defined chunks, one at a time. Holds at most two maximum-size
 * chunks of look-ahead, however long the stream; the boundaries do not depend on how the stream
 * happens to split its reads.
 *
 * <p>Not thread-safe. Does not close the stream.
 */
final class ChunkReader {

  private final InputStream in;
  private final ContentDefinedChunker chunker;
  private final byte[] buffer;
  private int position;
  private int limit;
  private boolean endOfInput;

  ChunkReader(InputStream in, ContentDefinedChunker chunker) {
    this.in = in;
    this.chunker = chunker;
    this.buffer = new byte[2 * chunker.policy().maxSize()];
  }

  /** The next chunk as a new array, or {@code null} at the end of the stream. */
  byte[] next() throws IOException {
    fill();
    int available = limit - position;
    if (available == 0) {
      return null;
    }
    int length = chunker.cutPoint(buffer, position, available);
    byte[] chunk = Arrays.copyOfRange(buffer, position, position + length);
    position += length;
    return chunk;
  }

  private void fill() throws IOException {
    int maxSize = chunker.policy().maxSize();
    if (endOfInput || limit - position >= maxSize) {
      return;
    }
    if (buffer.length - position < maxSize) {
      System.arraycopy(buffer, position, buffer, 0, limit - position);
      limit -= position;
      position = 0;
    }
    while (limit < buffer.length) {
      int read = in.read(buffer, limit, buffer.length - limit);
      if (read < 0) {
        endOfInput = true;
        return;
      }
      limit += read;
    }
  }
}
