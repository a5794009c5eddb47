package io.tern.image;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Collects the new chunks of one image write into pack objects of about {@code targetPackBytes} and
 * uploads each full pack on the pool while the writer goes on (ADR 0004). A chunk's location (pack id
 * and offset) is known as soon as it is appended; it becomes durable when its pack's upload
 * succeeds, and {@link #finish()} returns only when every pack is. Packs get fresh random ids, so an
 * upload never replaces an object another image relies on.
 *
 * <p>Memory: the pack being filled plus at most {@code maxPacksInFlight} packs uploading. Used by one
 * writer thread; the uploads run on the pool.
 */
final class PackUploader {

  private static final SecureRandom IDS = new SecureRandom();

  private final ObjectStorage storage;
  private final StorageSettings settings;
  private final KnownChunks knownChunks;
  private final String reuseScope;
  private final Clock clock;
  private final ExecutorService pool;
  private final int targetPackBytes;
  private final Semaphore inFlight;
  private final List<Future<?>> uploads = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private String packId;
  private byte[] buffer;
  private int length;
  private List<ChunkRef> inPack = new ArrayList<>();
  private int packsWritten;

  PackUploader(ObjectStorage storage, StorageSettings settings, KnownChunks knownChunks, String reuseScope,
      Clock clock, ExecutorService pool, int targetPackBytes, int maxPacksInFlight) {
    this.storage = storage;
    this.settings = settings;
    this.knownChunks = knownChunks;
    this.reuseScope = reuseScope;
    this.clock = clock;
    this.pool = pool;
    this.targetPackBytes = targetPackBytes;
    this.inFlight = new Semaphore(maxPacksInFlight);
  }

  /**
   * Appends a new chunk's stored bytes to the current pack (starting a new pack when it is full) and
   * returns where it will live.
   *
   * @throws IOException if an earlier pack upload failed
   */
  ChunkRef append(String hash, int size, ChunkEncoding encoding, byte[] stored) throws IOException {
    rethrowIfFailed();
    if (length > 0 && length + stored.length > targetPackBytes) {
      flush();
    }
    if (packId == null) {
      packId = newPackId();
      buffer = new byte[Math.max(targetPackBytes, stored.length)];
      length = 0;
    }
    if (length + stored.length > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(length + stored.length, buffer.length * 2));
    }
    System.arraycopy(stored, 0, buffer, length, stored.length);
    ChunkRef ref = new ChunkRef(hash, size, encoding.id(), stored.length, packId, length);
    length += stored.length;
    inPack.add(ref);
    return ref;
  }

  /**
   * Uploads the last pack and waits for every upload; after it returns, every chunk appended is
   * durable and cached as known.
   *
   * @throws IOException if an upload failed
   */
  void finish() throws IOException {
    if (length > 0) {
      flush();
    }
    try {
      for (Future<?> upload : uploads) {
        upload.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while uploading packs");
    } catch (ExecutionException e) {
      throw asIOException(e.getCause());
    }
  }

  /** Cancels uploads that have not started and waits for running ones (never interrupting them). */
  void abort() {
    for (Future<?> upload : uploads) {
      upload.cancel(false);
    }
    for (Future<?> upload : uploads) {
      try {
        upload.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | CancellationException e) {
        // The first failure is what the writer reports.
      }
    }
  }

  /** Packs uploaded (or being uploaded) by this writer. */
  int packsWritten() {
    return packsWritten;
  }

  private void flush() throws IOException {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a pack upload");
    }
    String key = settings.objectKey(ImageLayout.packKey(packId));
    byte[] bytes = length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    List<ChunkRef> refs = inPack;
    uploads.add(pool.submit(() -> {
      try {
        // Stamped before the PUT: storage's Last-Modified is not earlier, so a cache entry never
        // outlives the reuse window counted from the object's age, however long the upload took.
        Instant started = clock.instant();
        storage.put(key, bytes, "application/octet-stream");
        for (ChunkRef ref : refs) {
          knownChunks.add(reuseScope, ref, started);
        }
        return null;
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
        throw e;
      } finally {
        inFlight.release();
      }
    }));
    packsWritten++;
    packId = null;
    buffer = null;
    length = 0;
    inPack = new ArrayList<>();
  }

  private void rethrowIfFailed() throws IOException {
    Throwable e = failure.get();
    if (e != null) {
      throw asIOException(e);
    }
  }

  private static String newPackId() {
    byte[] id = new byte[16];
    IDS.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  static IOException asIOException(Throwable e) {
    if (e instanceof IOException io) {
      return io;
    }
    if (e instanceof CancellationException) {
      return new InterruptedIOException("pack upload cancelled");
    }
    return new IOException("pack upload failed: " + e, e);
  }
}
