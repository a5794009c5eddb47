package io.tern.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state bytes of one checkpoint image, read chunk by chunk in manifest order. The chunk list is
 * cut into segments (runs of chunks stored next to each other in one pack, read with one ranged
 * GET, up to a size limit); a few segments are fetched ahead in parallel; every chunk's size and
 * SHA-256 are checked before any of its bytes are returned, so a caller never sees a byte of a
 * damaged chunk: it gets a {@link CorruptImageException} naming the checkpoint and the chunk
 * instead. At the end of the stream the total is checked against the manifest's logical size.
 *
 * <p>Memory is bounded by (prefetch + 1) segments. Not thread-safe, like any {@link InputStream}.
 * Closing cancels fetches that have not started (running ones finish and are dropped).
 */
public final class RestoreStream extends InputStream {

  private final String manifestKey;
  private final Manifest manifest;
  private final ChunkFetcher fetcher;
  private final ExecutorService downloadPool;
  private final int prefetch;
  private final List<Segment> segments;
  private final Deque<Future<List<byte[]>>> ahead = new ArrayDeque<>();
  private List<byte[]> segmentChunks = List.of();
  private int nextInSegment;
  private final AtomicLong bytesFetched = new AtomicLong();
  private int nextToSchedule;
  private byte[] current = new byte[0];
  private int offset;
  private long delivered;
  private boolean closed;

  RestoreStream(String manifestKey, Manifest manifest, ChunkFetcher fetcher, ExecutorService downloadPool,
      int prefetch, int maxSegmentBytes) {
    this.segments = Segment.of(manifest.chunks(), maxSegmentBytes);
    this.manifestKey = manifestKey;
    this.manifest = manifest;
    this.fetcher = fetcher;
    this.downloadPool = downloadPool;
    this.prefetch = prefetch;
    scheduleAhead();
  }

  /** The manifest of the image being read. */
  public Manifest manifest() {
    return manifest;
  }

  /** The manifest key (relative to the storage prefix) of the image being read. */
  public String manifestKey() {
    return manifestKey;
  }

  /** Chunk bytes downloaded from storage so far, including chunks fetched ahead and not yet read. */
  public long bytesFetched() {
    return bytesFetched.get();
  }

  /** State bytes returned to the caller so far. */
  public long bytesDelivered() {
    return delivered;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, buffer.length);
    ensureOpen();
    if (len == 0) {
      return 0;
    }
    if (offset == current.length && !advance()) {
      return -1;
    }
    int n = Math.min(len, current.length - offset);
    System.arraycopy(current, offset, buffer, off, n);
    offset += n;
    delivered += n;
    return n;
  }

  @Override
  public int available() throws IOException {
    ensureOpen();
    return current.length - offset;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Never interrupt: an interrupted OkHttp call can leave a pooled connection unusable.
    for (Future<List<byte[]>> future : ahead) {
      future.cancel(false);
    }
    ahead.clear();
    current = new byte[0];
    segmentChunks = List.of();
    offset = 0;
  }

  /** Moves to the next verified chunk; false at the end of the image (after checking its length). */
  private boolean advance() throws IOException {
    if (nextInSegment < segmentChunks.size()) {
      current = segmentChunks.get(nextInSegment);
      segmentChunks.set(nextInSegment++, null); // let it go once read
      offset = 0;
      return true;
    }
    Future<List<byte[]>> next = ahead.poll();
    if (next == null) {
      if (delivered != manifest.logicalSize()) {
        throw CorruptImageException.lengthMismatch(manifestKey,
            "delivered " + delivered + " bytes but the manifest says " + manifest.logicalSize());
      }
      return false;
    }
    segmentChunks = new java.util.ArrayList<>(await(next));
    nextInSegment = 0;
    scheduleAhead();
    return advance();
  }

  private void scheduleAhead() {
    while (ahead.size() < prefetch && nextToSchedule < segments.size()) {
      Segment segment = segments.get(nextToSchedule++);
      ahead.add(downloadPool.submit(() -> {
        List<byte[]> chunks = fetcher.fetchVerified(manifestKey, segment);
        bytesFetched.addAndGet(segment.storedBytes());
        return chunks;
      }));
    }
  }

  private static <T> T await(Future<T> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while restoring an image");
    } catch (CancellationException e) {
      throw new InterruptedIOException("chunk fetch cancelled");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("chunk fetch failed: " + cause, cause);
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("restore stream of " + manifestKey + " is closed");
    }
  }

  /** Fetches the chunks of one segment and checks each against its manifest entry. */
  interface ChunkFetcher {
    /**
     * The segment's chunks' bytes, in order, each verified; a {@link CorruptImageException} naming
     * the first chunk that is missing or damaged.
     */
    List<byte[]> fetchVerified(String manifestKey, Segment segment) throws IOException;
  }

  /**
   * Chunks {@code firstIndex…} of a manifest that one request reads: a run of chunks stored back to
   * back in one pack, or one chunk stored as an object of its own.
   */
  record Segment(int firstIndex, List<ChunkRef> chunks) {

    /** Bytes the segment occupies in storage. */
    long storedBytes() {
      long sum = 0;
      for (ChunkRef chunk : chunks) {
        sum += chunk.storedSize();
      }
      return sum;
    }

    /** Cuts {@code chunks} into segments of at most {@code maxBytes} stored bytes (or one chunk). */
    static List<Segment> of(List<ChunkRef> chunks, int maxBytes) {
      List<Segment> segments = new java.util.ArrayList<>();
      int start = 0;
      long bytes = 0;
      for (int i = 0; i < chunks.size(); i++) {
        ChunkRef chunk = chunks.get(i);
        if (i > start && !(continues(chunks.get(i - 1), chunk) && bytes + chunk.storedSize() <= maxBytes)) {
          segments.add(new Segment(start, chunks.subList(start, i)));
          start = i;
          bytes = 0;
        }
        bytes += chunk.storedSize();
      }
      if (start < chunks.size()) {
        segments.add(new Segment(start, chunks.subList(start, chunks.size())));
      }
      return segments;
    }

    private static boolean continues(ChunkRef previous, ChunkRef next) {
      return previous.packed() && next.packed() && previous.pack().equals(next.pack())
          && previous.offset() + previous.storedSize() == next.offset();
    }
  }
}
