package io.tern.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one image: cuts the stream into content-defined chunks; hashes each on a small pool and
 * looks it up in the job's previous image and the process's cache of known chunks; compresses only
 * the chunks that are new, collects them in stream order into pack objects uploaded while the
 * stream is still being read ({@link PackUploader}); and writes the manifest only once every pack
 * is durable. No request is made to find out whether a chunk exists. A failure at any point leaves
 * no manifest (at most orphan packs, which GC removes).
 *
 * <p>Memory is bounded whatever the image size: the chunk reader's look-ahead, a window of chunks
 * being hashed, the pack being filled and the packs uploading.
 */
final class ImageWriter {

  private static final Logger log = LoggerFactory.getLogger(ImageWriter.class);

  private final ObjectStorage storage;
  private final StorageSettings settings;
  private final ContentDefinedChunker chunker;
  private final ChunkCompressor compressor;
  private final KnownChunks knownChunks;
  private final ManifestAuthenticator authenticator;
  private final ExecutorService pool;
  private final PackingPolicy packing;
  private final Clock clock;

  ImageWriter(ObjectStorage storage, StorageSettings settings, ContentDefinedChunker chunker,
      ChunkCompressor compressor, KnownChunks knownChunks, ManifestAuthenticator authenticator,
      ExecutorService pool, PackingPolicy packing, Clock clock) {
    this.storage = storage;
    this.settings = settings;
    this.chunker = chunker;
    this.compressor = compressor;
    this.knownChunks = knownChunks;
    this.authenticator = authenticator;
    this.pool = pool;
    this.packing = packing;
    this.clock = clock;
  }

  /** How many chunks are hashed ahead and how big packs are. */
  record PackingPolicy(int chunksAhead, int targetPackBytes, int maxPacksInFlight) {}

  /**
   * Writes the image; {@code inPreviousImage} are the chunks of the job's previous image by hash,
   * trusted to exist without asking storage (empty for none); other chunks are reused only if a write
   * of the same {@code reuseScope} stored them.
   */
  ImageWriteResult write(ImageDescriptor descriptor, String manifestKey, InputStream data,
      Map<String, ChunkRef> inPreviousImage, String reuseScope) throws IOException {
    return write(descriptor, manifestKey, data, List.of(), inPreviousImage, reuseScope);
  }

  /**
   * Like {@link #write(ImageDescriptor, String, InputStream, Map, String)}, storing {@code outputs}
   * with the state: each file is chunked as a stream of its own (so a file that only grew shares
   * every chunk but its last ones with the previous image) into the same packs.
   */
  ImageWriteResult write(ImageDescriptor descriptor, String manifestKey, InputStream data, List<OutputSource> outputs,
      Map<String, ChunkRef> inPreviousImage, String reuseScope) throws IOException {
    ImageLayout.requireRelativeKey(manifestKey);
    java.util.Objects.requireNonNull(reuseScope, "reuseScope");
    long started = System.nanoTime();
    PackUploader packs = new PackUploader(storage, settings, knownChunks, reuseScope, clock, pool,
        packing.targetPackBytes(), packing.maxPacksInFlight());
    Written written = new Written(new HashMap<>());
    List<ChunkRef> stateRefs;
    List<OutputFile> files = new ArrayList<>(outputs.size());
    boolean done = false;
    try {
      stateRefs = writeChunks(data, packs, written, inPreviousImage, reuseScope);
      for (OutputSource output : outputs) {
        try (InputStream in = new ExactLengthInputStream(output.opener().open(), output.size(), output.path())) {
          List<ChunkRef> refs = writeChunks(in, packs, written, inPreviousImage, reuseScope);
          files.add(new OutputFile(output.path(), output.size(), output.mode(), refs));
        }
      }
      packs.finish();
      done = true;
    } finally {
      if (!done) {
        packs.abort();
      }
    }
    Manifest manifest = Manifest.of(descriptor, clock.instant().truncatedTo(ChronoUnit.MILLIS), stateRefs, files);
    storage.put(settings.objectKey(manifestKey), ManifestCodec.toJson(manifest, manifestKey, authenticator),
        "application/json");

    int chunks = manifest.allChunks().size();
    ImageWriteResult result = new ImageWriteResult(manifestKey, manifest.logicalSize(), manifest.storedSize(),
        written.uploadedBytes, chunks, chunks - written.newChunks, System.nanoTime() - started, 0);
    log.debug("Wrote image {}: {} bytes in {} chunks and {} output files, {} reused, {} bytes uploaded in {} packs",
        manifestKey, result.logicalBytes(), result.chunks(), files.size(), result.chunksReused(),
        result.uploadedBytes(), packs.packsWritten());
    return result;
  }

  /** Chunks one stream into {@code packs}; returns its chunk list. */
  private List<ChunkRef> writeChunks(InputStream data, PackUploader packs, Written written,
      Map<String, ChunkRef> inPreviousImage, String reuseScope) throws IOException {
    ChunkReader reader = new ChunkReader(data, chunker);
    Deque<Future<Prepared>> ahead = new ArrayDeque<>();
    List<ChunkRef> refs = new ArrayList<>();
    boolean done = false;
    try {
      while (true) {
        byte[] chunk = reader.next();
        if (chunk != null) {
          ahead.add(pool.submit(() -> prepare(chunk, inPreviousImage, reuseScope)));
        }
        if (ahead.isEmpty()) {
          break;
        }
        if (chunk != null && ahead.size() < packing.chunksAhead()) {
          continue;
        }
        Prepared prepared = await(ahead.poll());
        ChunkRef ref = prepared.existing() != null ? prepared.existing() : written.inThisImage.get(prepared.hash());
        if (ref == null) {
          ref = packs.append(prepared.hash(), prepared.size(), prepared.encoding(), prepared.stored());
          written.inThisImage.put(prepared.hash(), ref);
          written.uploadedBytes += prepared.stored().length;
          written.newChunks++;
        }
        refs.add(ref);
      }
      done = true;
      return refs;
    } finally {
      if (!done) {
        for (Future<Prepared> future : ahead) {
          future.cancel(false);
        }
      }
    }
  }

  /** Hashes a chunk; compresses it only if neither the previous image nor the cache knows it. */
  private Prepared prepare(byte[] chunk, Map<String, ChunkRef> inPreviousImage, String reuseScope) {
    String hash = Sha256.hex(chunk);
    ChunkRef existing = inPreviousImage.get(hash);
    if (existing == null) {
      existing = knownChunks.find(reuseScope, hash).orElse(null);
    }
    if (existing != null) {
      return new Prepared(hash, chunk.length, existing, null, null);
    }
    ChunkEncoding encoding = compressor.choose(chunk);
    byte[] stored = encoding.encode(chunk);
    if (encoding != ChunkEncoding.RAW && stored.length > compressor.maxWorthwhileSize(chunk.length)) {
      encoding = ChunkEncoding.RAW;
      stored = chunk;
    }
    return new Prepared(hash, chunk.length, null, encoding, stored);
  }

  private static Prepared await(Future<Prepared> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing an image");
    } catch (ExecutionException e) {
      throw PackUploader.asIOException(e.getCause());
    } catch (CancellationException e) {
      throw new InterruptedIOException("chunk preparation cancelled");
    }
  }

  /** A hashed chunk: where it already is, or its encoded bytes to store. */
  private record Prepared(String hash, int size, ChunkRef existing, ChunkEncoding encoding, byte[] stored) {}

  /** What one write has stored so far. */
  private static final class Written {
    final Map<String, ChunkRef> inThisImage;
    long uploadedBytes;
    int newChunks;

    Written(Map<String, ChunkRef> inThisImage) {
      this.inThisImage = inThisImage;
    }
  }
}
