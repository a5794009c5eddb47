package io.tern.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
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
 * <p>Memory is bounded by (prefetch + 1) segments, each held in at most two reused buffers (the
 * downloaded bytes and the decoded ones), given back as soon as the reader has moved past them.
 * {@link #transferTo} writes straight from those buffers. Not thread-safe, like any
 * {@link InputStream}. Closing cancels fetches that have not started (running ones finish and are
 * dropped) and gives back the buffers it holds.
 */
public final class RestoreStream extends InputStream {

  private static final byte[] EMPTY = new byte[0];

  private final String manifestKey;
  private final Manifest manifest;
  private final ChunkFetcher fetcher;
  private final ExecutorService downloadPool;
  private final int prefetch;
  private final List<Segment> segments;
  private final Deque<Future<VerifiedSegment>> ahead = new ArrayDeque<>();
  private final AtomicLong bytesFetched = new AtomicLong();
  private VerifiedSegment segment;
  private int slice;
  private int nextToSchedule;
  private byte[] current = EMPTY;
  private int offset;
  private int limit;
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
    ensureOpen();
    if (offset == limit && !advance()) {
      return -1;
    }
    delivered++;
    return current[offset++] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, buffer.length);
    ensureOpen();
    if (len == 0) {
      return 0;
    }
    if (offset == limit && !advance()) {
      return -1;
    }
    int n = Math.min(len, limit - offset);
    System.arraycopy(current, offset, buffer, off, n);
    offset += n;
    delivered += n;
    return n;
  }

  /** Writes the rest of the image to {@code out} straight from the verified buffers, without a copy. */
  @Override
  public long transferTo(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    ensureOpen();
    long transferred = 0;
    while (offset < limit || advance()) {
      int n = limit - offset;
      out.write(current, offset, n);
      offset = limit;
      delivered += n;
      transferred += n;
    }
    return transferred;
  }

  @Override
  public int available() throws IOException {
    ensureOpen();
    return limit - offset;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Never interrupt: an interrupted OkHttp call can leave a pooled connection unusable.
    for (Future<VerifiedSegment> future : ahead) {
      if (!future.cancel(false) && future.isDone()) {
        releaseQuietly(future);
      }
    }
    ahead.clear();
    releaseSegment();
  }

  /** Moves to the next verified bytes; false at the end of the image (after checking its length). */
  private boolean advance() throws IOException {
    while (true) {
      if (segment != null && slice < segment.slices()) {
        current = segment.array(slice);
        offset = segment.offset(slice);
        limit = offset + segment.length(slice);
        slice++;
        return true;
      }
      releaseSegment();
      Future<VerifiedSegment> next = ahead.poll();
      if (next == null) {
        if (delivered != manifest.logicalSize()) {
          throw CorruptImageException.lengthMismatch(manifestKey,
              "delivered " + delivered + " bytes but the manifest says " + manifest.logicalSize());
        }
        return false;
      }
      segment = await(next);
      slice = 0;
      scheduleAhead();
    }
  }

  private void releaseSegment() {
    current = EMPTY;
    offset = 0;
    limit = 0;
    if (segment != null) {
      segment.release();
      segment = null;
    }
  }

  private void scheduleAhead() {
    while (ahead.size() < prefetch && nextToSchedule < segments.size()) {
      Segment next = segments.get(nextToSchedule++);
      ahead.add(downloadPool.submit(() -> {
        VerifiedSegment verified = fetcher.fetchVerified(manifestKey, next);
        bytesFetched.addAndGet(next.storedBytes());
        return verified;
      }));
    }
  }

  private static void releaseQuietly(Future<VerifiedSegment> done) {
    try {
      done.get().release();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | CancellationException e) {
      // a failed fetch holds no buffers
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
     * The segment's chunks' bytes, in order, each verified (the caller releases them once read); a
     * {@link CorruptImageException} naming the first chunk that is missing or damaged.
     */
    VerifiedSegment fetchVerified(String manifestKey, Segment segment) throws IOException;
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

    /** Bytes the segment's chunks hold once decoded. */
    long logicalBytes() {
      long sum = 0;
      for (ChunkRef chunk : chunks) {
        sum += chunk.size();
      }
      return sum;
    }

    /**
     * Cuts {@code chunks} into segments of at most {@code maxBytes} stored bytes and at most
     * {@code maxBytes} decoded bytes (or one chunk), so one buffer of each size holds a segment.
     */
    static List<Segment> of(List<ChunkRef> chunks, int maxBytes) {
      List<Segment> segments = new java.util.ArrayList<>();
      int start = 0;
      long stored = 0;
      long logical = 0;
      for (int i = 0; i < chunks.size(); i++) {
        ChunkRef chunk = chunks.get(i);
        if (i > start && !(continues(chunks.get(i - 1), chunk) && stored + chunk.storedSize() <= maxBytes
            && logical + chunk.size() <= maxBytes)) {
          segments.add(new Segment(start, chunks.subList(start, i)));
          start = i;
          stored = 0;
          logical = 0;
        }
        stored += chunk.storedSize();
        logical += chunk.size();
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
