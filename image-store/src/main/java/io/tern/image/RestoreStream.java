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
 * The state bytes of one checkpoint image, read chunk by chunk in manifest order. A few chunks are
 * fetched ahead in parallel; every chunk's size and SHA-256 are checked before any of its bytes are
 * returned, so a caller never sees a byte of a damaged chunk: it gets a {@link
 * CorruptImageException} naming the checkpoint and the chunk instead. At the end of the stream the
 * total is checked against the manifest's logical size.
 *
 * <p>Memory is bounded by (prefetch + 1) chunks. Not thread-safe, like any {@link InputStream}.
 * Closing cancels fetches that have not started (running ones finish and are dropped).
 */
public final class RestoreStream extends InputStream {

  private final String manifestKey;
  private final Manifest manifest;
  private final ChunkFetcher fetcher;
  private final ExecutorService downloadPool;
  private final int prefetch;
  private final Deque<Future<byte[]>> ahead = new ArrayDeque<>();
  private final AtomicLong bytesFetched = new AtomicLong();
  private int nextToSchedule;
  private byte[] current = new byte[0];
  private int offset;
  private long delivered;
  private boolean closed;

  RestoreStream(String manifestKey, Manifest manifest, ChunkFetcher fetcher, ExecutorService downloadPool,
      int prefetch) {
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
    for (Future<byte[]> future : ahead) {
      future.cancel(false);
    }
    ahead.clear();
    current = new byte[0];
    offset = 0;
  }

  /** Moves to the next verified chunk; false at the end of the image (after checking its length). */
  private boolean advance() throws IOException {
    Future<byte[]> next = ahead.poll();
    if (next == null) {
      if (delivered != manifest.logicalSize()) {
        throw CorruptImageException.lengthMismatch(manifestKey,
            "delivered " + delivered + " bytes but the manifest says " + manifest.logicalSize());
      }
      return false;
    }
    current = await(next);
    offset = 0;
    scheduleAhead();
    return true;
  }

  private void scheduleAhead() {
    List<ChunkRef> chunks = manifest.chunks();
    while (ahead.size() < prefetch && nextToSchedule < chunks.size()) {
      int index = nextToSchedule++;
      ChunkRef chunk = chunks.get(index);
      ahead.add(downloadPool.submit(() -> {
        byte[] bytes = fetcher.fetchVerified(manifestKey, index, chunk);
        bytesFetched.addAndGet(bytes.length);
        return bytes;
      }));
    }
  }

  private static byte[] await(Future<byte[]> future) throws IOException {
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

  /** Fetches one chunk and checks it against its manifest entry. */
  interface ChunkFetcher {
    /** The chunk's bytes, verified; a {@link CorruptImageException} if missing or damaged. */
    byte[] fetchVerified(String manifestKey, int index, ChunkRef chunk) throws IOException;
  }
}
