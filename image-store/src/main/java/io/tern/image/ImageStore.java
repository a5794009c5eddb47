package io.tern.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoint images in an S3-compatible bucket: write an image from a stream (content-defined
 * chunks named by SHA-256; only chunks that neither the job's previous image nor this process's
 * recent writes for the same owner know are uploaded, collected into pack objects; manifest last) and read one back with every chunk
 * verified. See {@code docs/image-format.md} for the layout.
 *
 * <p>Thread-safe; one instance per process is enough and lets concurrent writes share the cache of
 * known chunks. Holds a small upload pool and a small download pool: {@link #close()} it. After a
 * restore it keeps that restore's buffers for the next one ({@value #IDLE_SEGMENT_BUFFERS} of
 * {@value #MAX_SEGMENT_BYTES} bytes at most), so restores allocate no fresh memory.
 */
public final class ImageStore implements AutoCloseable {

  /** Threads per store that hash and compress chunks and upload packs. */
  static final int UPLOAD_THREADS = 4;

  /** A write hashes this many bytes of chunks ahead of the one it packs (at least 4 chunks). */
  static final int BYTES_AHEAD = 4 * 1024 * 1024;

  /** Packs are closed at about this size (ADR 0004). */
  static final int TARGET_PACK_BYTES = 8 * 1024 * 1024;

  /** Packs one write may have uploading at once (besides the one being filled). */
  static final int MAX_PACKS_IN_FLIGHT = 3;

  /** Parallel downloads per store. */
  static final int DOWNLOAD_THREADS = 4;

  /**
   * A restore reads runs of adjacent chunks of one pack with one ranged GET of at most this size
   * (stored and decoded), so a pack read in order costs one request: each request costs the S3
   * server and the client milliseconds of CPU of its own (docs/performance.md).
   */
  static final int MAX_SEGMENT_BYTES = TARGET_PACK_BYTES;

  /** Segments one restore fetches ahead of the reader. */
  static final int RESTORE_PREFETCH = 3;

  /**
   * Restore buffers a store keeps between restores: a download and a decode buffer for each segment
   * one restore holds (prefetched, plus the one being read), {@value #MAX_SEGMENT_BYTES} bytes each.
   */
  static final int IDLE_SEGMENT_BUFFERS = 2 * (RESTORE_PREFETCH + 1);

  private static final long CLOSE_TIMEOUT_SECONDS = 10;

  private static final Logger log = LoggerFactory.getLogger(ImageStore.class);

  private final StorageSettings settings;
  private final ManifestAuthenticator authenticator;
  private final ObjectStorage storage;
  private final ExecutorService uploadPool;
  private final ExecutorService downloadPool;
  private final ImageWriter writer;
  private final VerifyingChunkFetcher fetcher;

  ImageStore(StorageSettings settings, ObjectStorage storage, ImageStoreOptions options) {
    ChunkingPolicy policy = options.chunking();
    this.settings = settings;
    this.storage = storage;
    this.authenticator = options.authenticator().orElse(null);
    this.uploadPool = Executors.newFixedThreadPool(UPLOAD_THREADS, daemonThreads("tern-image-put"));
    this.downloadPool = Executors.newFixedThreadPool(DOWNLOAD_THREADS, daemonThreads("tern-image-get"));
    // Cache entries live no longer than the reuse window, counted from when storage wrote the object.
    KnownChunks knownChunks =
        new KnownChunks(options.clock(), options.chunkReuseWindow(), KnownChunks.DEFAULT_CAPACITY);
    ImageWriter.PackingPolicy packing = new ImageWriter.PackingPolicy(
        Math.max(4, BYTES_AHEAD / policy.normalSize()), TARGET_PACK_BYTES, MAX_PACKS_IN_FLIGHT);
    this.writer = new ImageWriter(storage, settings, new ContentDefinedChunker(policy),
        options.compression() ? ChunkCompressor.ZSTD : ChunkCompressor.OFF, knownChunks, authenticator,
        uploadPool, packing, options.clock());
    SegmentBuffers segmentBuffers = new SegmentBuffers(MAX_SEGMENT_BYTES, IDLE_SEGMENT_BUFFERS);
    this.fetcher = new VerifyingChunkFetcher(storage, settings, knownChunks, segmentBuffers);
  }

  /** A store on the configured S3 endpoint (MinIO SDK) with {@link ImageStoreOptions#defaults()}. */
  public static ImageStore connect(StorageSettings settings) {
    return connect(settings, ImageStoreOptions.defaults());
  }

  /** A store on the configured S3 endpoint (MinIO SDK); {@code clock} stamps manifests. */
  public static ImageStore connect(StorageSettings settings, Clock clock) {
    return connect(settings, ImageStoreOptions.defaults().withClock(clock));
  }

  /**
   * A store on the configured S3 endpoint (MinIO SDK) with the given options (clock, manifest
   * authentication key, compression).
   */
  public static ImageStore connect(StorageSettings settings, ImageStoreOptions options) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(options, "options");
    return new ImageStore(settings, new MinioObjectStorage(settings), options);
  }

  /**
   * The manifest key for checkpoint {@code seq} of job {@code jobId}:
   * {@code jobs/<jobId>/checkpoints/<seq zero-padded to 10 digits>.json}, relative to the prefix.
   */
  public static String manifestKey(long jobId, long seq) {
    return ImageLayout.manifestKey(jobId, seq);
  }

  /** The settings this store was created with. */
  public StorageSettings settings() {
    return settings;
  }

  /**
   * Creates the bucket if it does not exist. Idempotent, and safe when several processes call it at
   * the same time.
   *
   * @throws StorageException if storage is unreachable or refuses the credentials
   */
  public void ensureBucket() throws IOException {
    storage.ensureBucket();
  }

  /**
   * Writes the image read from {@code data} (to its end; not closed) under {@code manifestKey}:
   * uploads, in new packs, the chunks this process does not know to be stored, then the manifest. Returns only when the image is
   * durable. If it throws, no manifest was written (chunks already uploaded stay as orphans).
   *
   * @param manifestKey key relative to the prefix, normally {@link #manifestKey(long, long)}
   * @throws StorageException if storage fails; the write may simply be retried
   * @throws IOException if reading {@code data} fails
   */
  public ImageWriteResult write(ImageDescriptor descriptor, String manifestKey, InputStream data) throws IOException {
    return write(descriptor, manifestKey, data, null);
  }

  /**
   * Like {@link #write(ImageDescriptor, String, InputStream)}, but first reads the manifest of the
   * job's previous image (normally its latest COMMITTED checkpoint) and reuses every chunk it lists
   * where it is stored, so an incremental checkpoint uploads only the chunks that changed. Without
   * it, only chunks this process uploaded for the same job within the chunk reuse window are reused.
   * The previous manifest must be retained until this write has finished (retention keeps the latest
   * committed checkpoint). If it is absent or invalid, the write proceeds without it.
   *
   * @param previousManifestKey the previous image's manifest key, or {@code null} for none
   */
  public ImageWriteResult write(ImageDescriptor descriptor, String manifestKey, InputStream data,
      String previousManifestKey) throws IOException {
    Objects.requireNonNull(descriptor, "descriptor");
    return writeScoped(descriptor, manifestKey, data, previousManifestKey, "job:" + descriptor.jobId());
  }

  /**
   * Like {@link #write(ImageDescriptor, String, InputStream, String)}, and also reuses chunks this
   * process uploaded, within the chunk reuse window, for other jobs of the same {@code owner}
   * (resubmissions and forks of one's own jobs share their chunks). Chunks of other owners are never
   * reused, so {@link ImageWriteResult#chunksReused()} and {@link ImageWriteResult#uploadedBytes()}
   * say nothing about what another owner stored.
   *
   * @param owner the job's owner
   */
  public ImageWriteResult write(ImageDescriptor descriptor, String manifestKey, InputStream data,
      String previousManifestKey, String owner) throws IOException {
    Objects.requireNonNull(owner, "owner");
    return writeScoped(descriptor, manifestKey, data, previousManifestKey, "owner:" + owner);
  }

  /**
   * Like {@link #write(ImageDescriptor, String, InputStream, String, String)}, storing the job's
   * output files with the state: each file is chunked as a stream of its own into the same packs and
   * listed in the manifest's {@code files}, so a file that only grew since the previous image uploads
   * only its new part. Each source is read for exactly its size.
   *
   * @param outputs the files of the output directory, with distinct paths
   * @param owner the job's owner, or null to reuse only the job's own recent chunks
   */
  public ImageWriteResult write(ImageDescriptor descriptor, String manifestKey, InputStream data,
      List<OutputSource> outputs, String previousManifestKey, String owner) throws IOException {
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(outputs, "outputs");
    return writer.write(descriptor, manifestKey, data, outputs, chunksOf(previousManifestKey),
        owner == null ? "job:" + descriptor.jobId() : "owner:" + owner);
  }

  private ImageWriteResult writeScoped(ImageDescriptor descriptor, String manifestKey, InputStream data,
      String previousManifestKey, String reuseScope) throws IOException {
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(data, "data");
    return writer.write(descriptor, manifestKey, data, chunksOf(previousManifestKey), reuseScope);
  }

  /**
   * Opens the content of one output file of the image {@code manifest} (read from {@code manifestKey}),
   * verified chunk by chunk like the state.
   *
   * @throws IllegalArgumentException if the manifest lists no such file
   */
  public RestoreStream openOutput(String manifestKey, Manifest manifest, String path) {
    for (OutputFile file : manifest.files()) {
      if (file.path().equals(path)) {
        return new RestoreStream(manifestKey, manifest.contentOf(file), fetcher, downloadPool, RESTORE_PREFETCH,
            MAX_SEGMENT_BYTES);
      }
    }
    throw new IllegalArgumentException("image " + manifestKey + " has no output file " + OutputPaths.printable(path));
  }

  /**
   * Opens one output file of the image {@code manifest} from byte {@code offset} on: only the chunks
   * from the one holding {@code offset} are fetched (verified like the state), the bytes of that chunk
   * before {@code offset} are skipped.
   *
   * @throws IllegalArgumentException if the manifest lists no such file, or {@code offset} is not
   *     within 0 and its size
   */
  public InputStream openOutput(String manifestKey, Manifest manifest, String path, long offset) throws IOException {
    for (OutputFile file : manifest.files()) {
      if (file.path().equals(path)) {
        if (offset < 0 || offset > file.size()) {
          throw new IllegalArgumentException("offset " + offset + " is outside output file "
              + OutputPaths.printable(path) + " (" + file.size() + " bytes)");
        }
        List<ChunkRef> chunks = file.chunks();
        long start = 0;
        int first = 0;
        while (first < chunks.size() && start + chunks.get(first).size() <= offset) {
          start += chunks.get(first).size();
          first++;
        }
        OutputFile rest = new OutputFile(file.path(), file.size() - start, file.mode(),
            chunks.subList(first, chunks.size()));
        RestoreStream in = new RestoreStream(manifestKey, manifest.contentOf(rest), fetcher, downloadPool,
            RESTORE_PREFETCH, MAX_SEGMENT_BYTES);
        try {
          in.skipNBytes(offset - start);
        } catch (IOException | RuntimeException e) {
          in.close();
          throw e;
        }
        return in;
      }
    }
    throw new IllegalArgumentException("image " + manifestKey + " has no output file " + OutputPaths.printable(path));
  }

  /**
   * Recreates the output files of the image {@code manifest} (read from {@code manifestKey}) in the empty
   * directory {@code dir}: plain files and their parent directories only, each file's chunks verified
   * like the state's, permission bits as stored. A path that would leave {@code dir} or meet anything
   * but a directory on its way (e.g. a link) is refused as a corrupt manifest.
   *
   * @return bytes written
   * @throws CorruptImageException if the manifest's files cannot be recreated safely, or a chunk is
   *     missing or damaged
   */
  public long restoreOutputs(String manifestKey, Manifest manifest, Path dir) throws IOException {
    long total = 0;
    for (OutputFile file : manifest.files()) {
      Path target;
      try {
        target = OutputPaths.resolve(dir, file.path());
        OutputDirectory.createParents(dir, target);
      } catch (IllegalArgumentException e) {
        throw CorruptImageException.invalidManifest(manifestKey, e.getMessage(), e);
      }
      try (RestoreStream in = openOutput(manifestKey, manifest, file.path());
          OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS)) {
        total += in.transferTo(out);
      } catch (FileAlreadyExistsException e) {
        throw CorruptImageException.invalidManifest(manifestKey, "output file " + file.path()
            + " cannot be created: something is already there", e);
      }
      Files.setPosixFilePermissions(target, OutputDirectory.permissions(file.mode()));
    }
    return total;
  }

  /**
   * Stores an artifact (a jar) read from {@code data} (to its end; not closed) under
   * {@link ImageLayout#artifactManifestKey(String) artifacts/<sha256Hex>.json}, chunked and packed
   * like an image. Chunks of {@code previousSha256Hex}'s artifact (an earlier version of the same
   * jar, or {@code null}) are reused where they are stored, so a new version of a fat jar uploads
   * only the chunks that changed; chunks this process uploaded recently for the same {@code owner}
   * are reused too, never another owner's. The caller has computed {@code sha256Hex} from the same
   * bytes; the store does not check it (a reader does, see {@link #openArtifact(String)}).
   * The manifest is written last: if this throws, no artifact manifest exists.
   */
  public ImageWriteResult writeArtifact(String sha256Hex, InputStream data, String previousSha256Hex, String owner)
      throws IOException {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(owner, "owner");
    String previous = previousSha256Hex == null ? null : ImageLayout.artifactManifestKey(previousSha256Hex);
    return writer.write(ImageDescriptor.artifact(), ImageLayout.artifactManifestKey(sha256Hex), data,
        chunksOf(previous), "owner:" + owner);
  }

  /**
   * Opens the artifact whose content has the SHA-256 {@code sha256Hex} for reading: its manifest is
   * read and authenticated now, and every chunk is verified as it is read. The reader should still
   * check the whole content's SHA-256 against {@code sha256Hex} before using it.
   *
   * @throws ImageNotFoundException if no such artifact is stored
   * @throws CorruptImageException if its manifest is invalid or is not an artifact's
   */
  public RestoreStream openArtifact(String sha256Hex) throws IOException {
    String key = ImageLayout.artifactManifestKey(sha256Hex);
    Manifest manifest = readManifest(key);
    if (!ImageDescriptor.ARTIFACT_CODEC.equals(manifest.codecId())) {
      throw CorruptImageException.invalidManifest(key, "not an artifact's manifest (codec " + manifest.codecId() + ")", null);
    }
    return new RestoreStream(key, manifest, fetcher, downloadPool, RESTORE_PREFETCH, MAX_SEGMENT_BYTES);
  }

  /**
   * Every artifact manifest in storage (keys relative to the prefix, {@code artifacts/<hex>.json}),
   * with its last-modified time.
   */
  public List<StoredObject> listArtifactManifests() throws IOException {
    return listRelative(ImageLayout.ARTIFACTS_FOLDER).stream().filter(o -> o.key().endsWith(".json")).toList();
  }

  /**
   * Opens the image under {@code manifestKey} for reading. The manifest is read and validated now;
   * chunks are fetched (a few ahead, in parallel) and verified as the stream is read.
   *
   * @throws ImageNotFoundException if there is no manifest under the key
   * @throws CorruptImageException if the manifest is invalid (later reads: a chunk is missing or damaged)
   * @throws StorageException if storage fails
   */
  public RestoreStream openForRestore(String manifestKey) throws IOException {
    Manifest manifest = readManifest(manifestKey);
    return new RestoreStream(manifestKey, manifest, fetcher, downloadPool, RESTORE_PREFETCH, MAX_SEGMENT_BYTES);
  }

  /**
   * Reads and validates the manifest under {@code manifestKey}.
   *
   * @throws ImageNotFoundException if there is no manifest under the key
   * @throws CorruptImageException if it is not a valid manifest
   * @throws StorageException if storage fails
   */
  public Manifest readManifest(String manifestKey) throws IOException {
    ImageLayout.requireRelativeKey(manifestKey);
    Optional<byte[]> json = storage.get(settings.objectKey(manifestKey), ManifestCodec.MAX_MANIFEST_BYTES);
    if (json.isEmpty()) {
      throw new ImageNotFoundException(manifestKey);
    }
    return ManifestCodec.fromJson(manifestKey, json.get(), authenticator);
  }

  /** Whether this store writes and requires manifest MACs (a manifest key is configured). */
  public boolean authenticatesManifests() {
    return authenticator != null;
  }

  private Map<String, ChunkRef> chunksOf(String previousManifestKey) throws IOException {
    if (previousManifestKey == null) {
      return Map.of();
    }
    try {
      Map<String, ChunkRef> chunks = new HashMap<>();
      for (ChunkRef chunk : readManifest(previousManifestKey).allChunks()) {
        chunks.putIfAbsent(chunk.hash(), chunk);
      }
      return chunks;
    } catch (ImageNotFoundException | CorruptImageException e) {
      log.warn("Writing without the previous image's chunk list: {}", e.getMessage());
      return Map.of();
    }
  }

  /**
   * Deletes the manifest under {@code manifestKey} (not its chunks: other images may share them).
   * No error if it does not exist.
   */
  public void deleteManifest(String manifestKey) throws IOException {
    ImageLayout.requireRelativeKey(manifestKey);
    storage.delete(settings.objectKey(manifestKey));
  }

  /**
   * Keys (relative to the prefix: {@code chunks/ab/ab12…} and {@code packs/3f/3f09….pack}) of every
   * object that holds chunks, in lexical order. Lists both folders into memory: meant for tests and
   * small stores until chunk GC gets a streaming variant.
   */
  public List<String> listChunkKeys() throws IOException {
    return listChunks().stream().map(StoredObject::key).toList();
  }

  /**
   * Every object that holds chunks (legacy chunk objects and packs) with its size and last-modified
   * time (keys relative to the prefix), in lexical order. For the chunk collector; lists both folders
   * into memory.
   */
  public List<StoredObject> listChunks() throws IOException {
    List<StoredObject> objects = new java.util.ArrayList<>(listRelative(ImageLayout.CHUNKS_FOLDER));
    objects.addAll(listRelative(ImageLayout.PACKS_FOLDER));
    return objects;
  }

  /**
   * Every manifest object in storage (keys relative to the prefix, {@code jobs/<id>/checkpoints/…}),
   * with its last-modified time. For the collector: finds manifests no checkpoint row keeps.
   */
  public List<StoredObject> listManifests() throws IOException {
    return listRelative(ImageLayout.JOBS_FOLDER).stream()
        .filter(o -> ImageLayout.parseManifestKey(o.key()).isPresent())
        .toList();
  }

  /**
   * The keys (relative to the prefix) of the objects holding the chunks the manifest under
   * {@code manifestKey} references: its packs, and legacy chunk objects with their encoding suffix. The manifest is authenticated when a key is configured.
   *
   * @throws ImageNotFoundException if there is no manifest under the key
   * @throws CorruptImageException if it is not a valid manifest
   */
  public java.util.Set<String> chunkKeysOf(String manifestKey) throws IOException {
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (ChunkRef chunk : readManifest(manifestKey).allChunks()) {
      keys.add(chunk.objectKey());
    }
    return keys;
  }

  /**
   * Deletes the object under {@code chunkKey} (relative to the prefix: a pack {@code packs/…} or a
   * legacy chunk object {@code chunks/…}).
   */
  public void deleteChunk(String chunkKey) throws IOException {
    ImageLayout.requireRelativeKey(chunkKey);
    if (!ImageLayout.isChunkStorageKey(chunkKey)) {
      throw new IllegalArgumentException("not a chunk or pack key: " + chunkKey);
    }
    storage.delete(settings.objectKey(chunkKey));
  }

  /**
   * Stores one segment of a job's log under {@link LogLayout#segmentKey} in one request: it is there
   * whole or not at all, and storing the same segment again replaces it with the same bytes.
   */
  public void putLogSegment(long jobId, int attempt, long offset, byte[] data) throws IOException {
    storage.put(settings.objectKey(LogLayout.segmentKey(jobId, attempt, offset)), data, "text/plain; charset=utf-8");
  }

  /** Every stored log segment of job {@code jobId}, in log order (attempt, then offset). */
  public List<LogLayout.Segment> listLogSegments(long jobId) throws IOException {
    return listRelative(LogLayout.logsFolder(jobId)).stream()
        .flatMap(o -> LogLayout.parseSegmentKey(o.key(), o.size()).stream())
        .filter(s -> s.jobId() == jobId)
        .sorted(java.util.Comparator.comparingInt(LogLayout.Segment::attempt).thenComparingLong(LogLayout.Segment::offset))
        .toList();
  }

  /** The bytes of a log segment; empty when it is gone. */
  public Optional<byte[]> readLogSegment(LogLayout.Segment segment) throws IOException {
    if (segment.length() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("log segment too large: " + segment.length());
    }
    return storage.get(settings.objectKey(LogLayout.segmentKey(segment.jobId(), segment.attempt(), segment.offset())),
        (int) Math.max(1, segment.length()));
  }

  private List<StoredObject> listRelative(String folder) throws IOException {
    int prefixLength = settings.prefix().length();
    return storage.listObjects(settings.objectKey(folder)).stream()
        .map(o -> new StoredObject(o.key().substring(prefixLength), o.size(), o.lastModified()))
        .toList();
  }

  /**
   * Stops the upload and download threads (letting requests in progress finish, for at most a few
   * seconds; they are not interrupted, which OkHttp does not tolerate) and releases connections.
   */
  @Override
  public void close() {
    uploadPool.shutdown();
    downloadPool.shutdown();
    try {
      uploadPool.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      downloadPool.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    storage.close();
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
