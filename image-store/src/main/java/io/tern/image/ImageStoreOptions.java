package io.tern.image;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link ImageStore} writes and checks images, beyond where they live ({@link
 * StorageSettings}). Immutable; start from {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * ImageStore store = ImageStore.connect(settings,
 *     ImageStoreOptions.defaults().withManifestKey(clusterKey).withClock(clock));
 * }</pre>
 *
 * <p>{@link #toString()} never shows the manifest key.
 */
public final class ImageStoreOptions {

  /** Default {@link #chunkReuseWindow()}: 10 minutes. */
  public static final Duration DEFAULT_CHUNK_REUSE_WINDOW = ChunkReuseWindow.DEFAULT;

  private final Clock clock;
  private final byte[] manifestKey;
  private final boolean compression;
  private final ChunkingPolicy chunking;
  private final Duration chunkReuseWindow;

  private ImageStoreOptions(Clock clock, byte[] manifestKey, boolean compression, ChunkingPolicy chunking) {
    this(clock, manifestKey, compression, chunking, DEFAULT_CHUNK_REUSE_WINDOW);
  }

  private ImageStoreOptions(Clock clock, byte[] manifestKey, boolean compression, ChunkingPolicy chunking,
      Duration chunkReuseWindow) {
    this.clock = clock;
    this.manifestKey = manifestKey;
    this.compression = compression;
    this.chunking = chunking;
    this.chunkReuseWindow = chunkReuseWindow;
  }

  /**
   * How long after its pack was uploaded this process may reuse a chunk that is not in the job's
   * previous manifest (the cache of known chunks forgets it then; default 10 minutes; ADR 0003). The
   * chunk collector's grace period must exceed this window plus the scheduler's commit timeout.
   */
  public ImageStoreOptions withChunkReuseWindow(Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the chunk reuse window must be positive, was " + window);
    }
    return new ImageStoreOptions(clock, manifestKey, compression, chunking, window);
  }

  /** The chunk reuse window. */
  public Duration chunkReuseWindow() {
    return chunkReuseWindow;
  }

  /** System UTC clock, no manifest authentication, zstd compression of chunks that shrink. */
  public static ImageStoreOptions defaults() {
    return new ImageStoreOptions(Clock.systemUTC(), null, true, ChunkingPolicy.DEFAULT);
  }

  /** The clock that stamps manifests ({@code createdAt}) and ages the known-chunk cache. */
  public ImageStoreOptions withClock(Clock clock) {
    return new ImageStoreOptions(Objects.requireNonNull(clock, "clock"), manifestKey, compression, chunking,
        chunkReuseWindow);
  }

  /**
   * Authenticates manifests with HMAC-SHA256 under {@code key} (at least 16 bytes; 32 random bytes
   * recommended): every manifest written carries a MAC, and every manifest read must carry a valid
   * one, or it is refused as {@link CorruptImageException.Reason#MANIFEST_INVALID} ("manifest
   * authentication failed"). Hold the key in the worker and the scheduler only, never in a job
   * process. {@code null} turns authentication off.
   */
  public ImageStoreOptions withManifestKey(byte[] key) {
    if (key != null && key.length < ManifestAuthenticator.MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "manifest key must have at least " + ManifestAuthenticator.MIN_KEY_BYTES + " bytes, has " + key.length);
    }
    return new ImageStoreOptions(clock, key == null ? null : key.clone(), compression, chunking, chunkReuseWindow);
  }

  /**
   * Whether new chunks are compressed (zstd level 1, kept only when it saves enough, see ADR 0002).
   * On by default; reading handles both either way.
   */
  public ImageStoreOptions withCompression(boolean compress) {
    return new ImageStoreOptions(clock, manifestKey, compress, chunking, chunkReuseWindow);
  }

  /**
   * The chunk size limits new images are cut with. Images written with other limits stay readable;
   * they only share fewer chunks. For benchmarks and tests: production uses {@link
   * ChunkingPolicy#DEFAULT} (ADR 0002 explains the choice).
   */
  public ImageStoreOptions withChunking(ChunkingPolicy policy) {
    return new ImageStoreOptions(clock, manifestKey, compression, Objects.requireNonNull(policy, "policy"),
        chunkReuseWindow);
  }

  /** The chunking policy. */
  public ChunkingPolicy chunking() {
    return chunking;
  }

  /** The clock. */
  public Clock clock() {
    return clock;
  }

  /** Whether a manifest key is configured. */
  public boolean authenticatesManifests() {
    return manifestKey != null;
  }

  /** Whether new chunks are compressed. */
  public boolean compression() {
    return compression;
  }

  Optional<ManifestAuthenticator> authenticator() {
    return manifestKey == null ? Optional.empty() : Optional.of(new ManifestAuthenticator(manifestKey));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ImageStoreOptions that && clock.equals(that.clock) && compression == that.compression
        && chunking.equals(that.chunking) && chunkReuseWindow.equals(that.chunkReuseWindow) && Arrays.equals(manifestKey, that.manifestKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clock, compression);
  }

  @Override
  public String toString() {
    return "ImageStoreOptions[clock=" + clock + ", manifestKey=" + (manifestKey == null ? "none" : "****")
        + ", compression=" + compression + ", chunking=" + chunking + ", chunkReuseWindow=" + chunkReuseWindow + "]";
  }
}
