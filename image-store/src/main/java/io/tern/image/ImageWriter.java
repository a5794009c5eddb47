package io.tern.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one image: cuts the stream into content-defined chunks, hashes and uploads the chunks
 * storage does not already hold on a small pool, and writes the manifest only once every chunk is
 * durable. A failure at any point leaves no manifest (only orphan chunks, which GC removes).
 *
 * <p>Memory is bounded: the chunk reader's look-ahead plus at most {@code maxChunksInFlight} chunks
 * waiting for or being uploaded, whatever the image size.
 */
final class ImageWriter {

  private static final Logger log = LoggerFactory.getLogger(ImageWriter.class);

  private final ObjectStorage storage;
  private final StorageSettings settings;
  private final ContentDefinedChunker chunker;
  private final ChunkStorer chunkStorer;
  private final ManifestAuthenticator authenticator;
  private final ExecutorService uploadPool;
  private final int maxChunksInFlight;
  private final Clock clock;

  ImageWriter(ObjectStorage storage, StorageSettings settings, ContentDefinedChunker chunker,
      ChunkStorer chunkStorer, ManifestAuthenticator authenticator, ExecutorService uploadPool,
      int maxChunksInFlight, Clock clock) {
    this.storage = storage;
    this.settings = settings;
    this.chunker = chunker;
    this.chunkStorer = chunkStorer;
    this.authenticator = authenticator;
    this.uploadPool = uploadPool;
    this.maxChunksInFlight = maxChunksInFlight;
    this.clock = clock;
  }

  /**
   * Writes the image; {@code inPreviousImage} are the chunks of the job's previous image by hash,
   * trusted to exist without asking storage (empty for none).
   */
  ImageWriteResult write(ImageDescriptor descriptor, String manifestKey, InputStream data,
      Map<String, ChunkRef> inPreviousImage) throws IOException {
    ImageLayout.requireRelativeKey(manifestKey);
    long started = System.nanoTime();
    List<ChunkOutcome> outcomes = storeChunks(data, inPreviousImage);

    Map<String, ChunkRef> stored = new HashMap<>();
    for (ChunkOutcome outcome : outcomes) {
      if (outcome.ref() != null) {
        stored.put(outcome.ref().hash(), outcome.ref());
      }
    }
    List<ChunkRef> refs = new ArrayList<>(outcomes.size());
    long uploadedBytes = 0;
    int reused = 0;
    int refreshed = 0;
    for (ChunkOutcome outcome : outcomes) {
      refreshed += outcome.refreshed() ? 1 : 0;
      // A repeat of an earlier chunk of this image is stored as that chunk was.
      refs.add(outcome.ref() != null ? outcome.ref() : stored.get(outcome.hash()));
      uploadedBytes += outcome.uploadedBytes();
      reused += outcome.uploaded() ? 0 : 1;
    }
    Manifest manifest = Manifest.of(descriptor, clock.instant().truncatedTo(ChronoUnit.MILLIS), refs);
    storage.put(settings.objectKey(manifestKey), ManifestCodec.toJson(manifest, manifestKey, authenticator),
        "application/json");

    ImageWriteResult result = new ImageWriteResult(manifestKey, manifest.logicalSize(), manifest.storedSize(),
        uploadedBytes, refs.size(), reused, System.nanoTime() - started, refreshed);
    log.debug("Wrote image {}: {} bytes in {} chunks, {} reused, {} bytes uploaded", manifestKey,
        result.logicalBytes(), result.chunks(), result.chunksReused(), result.uploadedBytes());
    return result;
  }

  /**
   * Reads, hashes and stores every chunk; returns their outcomes in stream order once all are
   * durable. If reading the input fails, chunks already read are still stored (they are bounded in
   * number) before the failure is reported, so no upload of a failed write outlives the call; if an
   * upload fails or the thread is interrupted, uploads not yet started are cancelled.
   */
  private List<ChunkOutcome> storeChunks(InputStream data, Map<String, ChunkRef> inPreviousImage)
      throws IOException {
    ChunkReader reader = new ChunkReader(data, chunker);
    Semaphore inFlight = new Semaphore(maxChunksInFlight);
    Set<String> claimedInThisImage = ConcurrentHashMap.newKeySet();
    AtomicReference<Throwable> uploadFailure = new AtomicReference<>();
    List<Future<ChunkOutcome>> pending = new ArrayList<>();
    try {
      while (true) {
        inFlight.acquire();
        rethrowIfFailed(uploadFailure);
        byte[] chunk;
        try {
          chunk = reader.next();
        } catch (IOException | RuntimeException e) {
          awaitQuietly(pending);
          throw e;
        }
        if (chunk == null) {
          inFlight.release();
          break;
        }
        pending.add(uploadPool.submit(() -> {
          try {
            return storeChunk(chunk, claimedInThisImage, inPreviousImage);
          } catch (Throwable e) {
            uploadFailure.compareAndSet(null, e);
            throw e;
          } finally {
            inFlight.release();
          }
        }));
      }
      List<ChunkOutcome> outcomes = new ArrayList<>(pending.size());
      for (Future<ChunkOutcome> future : pending) {
        outcomes.add(future.get());
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing an image");
    } catch (ExecutionException e) {
      throw asIOException(e.getCause());
    } finally {
      // Never interrupt: an interrupted OkHttp call can leave a pooled connection unusable.
      for (Future<ChunkOutcome> future : pending) {
        future.cancel(false);
      }
    }
  }

  private static void awaitQuietly(List<Future<ChunkOutcome>> pending) throws InterruptedException {
    for (Future<ChunkOutcome> future : pending) {
      try {
        future.get();
      } catch (ExecutionException | CancellationException e) {
        // The input failure is what gets reported.
      }
    }
  }

  private ChunkOutcome storeChunk(byte[] chunk, Set<String> claimedInThisImage,
      Map<String, ChunkRef> inPreviousImage) throws IOException {
    String hash = Sha256.hex(chunk);
    // An earlier chunk of this image with the same content is stored by whoever claimed it; the
    // manifest is only written after every upload of this image succeeded.
    if (!claimedInThisImage.add(hash)) {
      return new ChunkOutcome(null, hash, false, 0, false);
    }
    ChunkStorer.Stored stored = chunkStorer.store(chunk, hash, inPreviousImage);
    return new ChunkOutcome(stored.ref(), hash, stored.uploadedBytes() > 0, stored.uploadedBytes(), stored.refreshed());
  }

  private static void rethrowIfFailed(AtomicReference<Throwable> failure) throws IOException {
    Throwable e = failure.get();
    if (e != null) {
      throw asIOException(e);
    }
  }

  private static IOException asIOException(Throwable e) {
    if (e instanceof IOException io) {
      return io;
    }
    if (e instanceof CancellationException) {
      return new InterruptedIOException("chunk upload cancelled");
    }
    return new IOException("chunk upload failed: " + e, e);
  }

  /** {@code ref} is null for a repeat of an earlier chunk of the same image. */
  private record ChunkOutcome(ChunkRef ref, String hash, boolean uploaded, long uploadedBytes, boolean refreshed) {}
}
