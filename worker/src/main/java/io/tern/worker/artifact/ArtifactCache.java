package io.tern.worker.artifact;

import io.tern.image.ImageNotFoundException;
import io.tern.protocol.Assignment.JobArtifact;
import io.tern.worker.scheduler.Backoff;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's cache of job artifacts (jars), one verified read-only file per digest in a folder of
 * its own (docs/worker.md, "Artifact cache").
 *
 * <p>{@link #acquire} hands an attempt its jars: each one is fetched from the {@link ArtifactSource} at
 * most once at a time (attempts that need the same digest meanwhile wait for the same download), into
 * a temporary file that becomes {@code <hex>.jar} only when its length and SHA-256 match the digest
 * ({@link ArtifactFiles}). A damaged, truncated or failed download is discarded and tried again after a
 * backoff, {@value #FETCH_TRIES} times in all (an artifact that is not in storage at all is not
 * tried again); then every attempt waiting for it is told why.
 *
 * <p>A jar found in the folder when the worker starts (left by its previous run) is hashed again before
 * its first use in this process, and discarded and fetched again if it does not match; a jar is
 * trusted without hashing only after this process has verified it. Leftover temporary files are
 * deleted at start.
 *
 * <p>The cache keeps at most {@code capacity} bytes: when it holds more, the least recently used jars
 * that no attempt holds are deleted. A jar an attempt holds (from {@link #acquire} until its
 * {@link ArtifactLease} is closed) is never deleted, so when every jar is in use the cache holds more
 * than its capacity for a while, and says so in the log.
 */
public final class ArtifactCache {

  /** Downloads of one artifact before an attempt that needs it fails to start. */
  public static final int FETCH_TRIES = 3;

  private static final Logger log = LoggerFactory.getLogger(ArtifactCache.class);

  private final ArtifactFiles files;
  private final long capacity;
  private final ArtifactSource source;
  private final Executor downloads;
  private final ScheduledExecutorService timer;
  private final Backoff backoff;
  private final Clock clock;

  private final Object lock = new Object();
  /** Every artifact the cache holds or is fetching, least recently used first. */
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  /** Bytes of the jars in the folder. */
  private long storedBytes;
  private boolean overCapacityLogged;

  /** One digest, guarded by {@link #lock}. */
  private static final class Entry {
    final String hex;
    /** Attempts holding it (waiting for it, or running with it). */
    int users;
    /** Bytes of its jar in the folder, or -1 while there is none. */
    long storedSize = -1;
    /** Whether this process has checked the jar's content. */
    boolean verified;
    /** Its fetch (or check) in this process: null before the first, done once the jar is ready to use. */
    CompletableFuture<Path> ready;

    Entry(String hex) {
      this.hex = hex;
    }

    boolean fetching() {
      return ready != null && !ready.isDone();
    }
  }

  /**
   * @param dir the cache folder ({@code <work-dir>/artifacts}); created (0700) by {@link #open()}
   * @param capacity bytes of jars kept ({@code tern.worker.artifacts.cache-size})
   * @param source where artifacts are read from
   * @param downloads runs downloads and checks (blocking I/O)
   * @param timer waits out the backoff between tries
   * @param backoff the delay before each new try
   * @param clock measures how long fetches take
   */
  public ArtifactCache(Path dir, long capacity, ArtifactSource source, Executor downloads,
      ScheduledExecutorService timer, Backoff backoff, Clock clock) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.files = new ArtifactFiles(dir.toAbsolutePath().normalize());
    this.capacity = capacity;
    this.source = source;
    this.downloads = downloads;
    this.timer = timer;
    this.backoff = backoff;
    this.clock = clock;
  }

  /** The cache folder. */
  public Path dir() {
    return files.dir();
  }

  /**
   * Prepares the folder before first use: creates it (0700), deletes whatever is not a cached jar
   * (temporary files of downloads an earlier run did not finish, anything else), keeps the jars (to be
   * verified before their first use) and evicts down to the capacity, oldest first.
   */
  public void open() throws IOException {
    files.createDir();
    record Kept(String hex, long size, FileTime modified) {}
    List<Kept> kept = new ArrayList<>();
    int deleted = 0;
    try (Stream<Path> list = Files.list(files.dir())) {
      for (Path p : list.toList()) {
        String hex = ArtifactFiles.hexOf(p.getFileName().toString());
        if (hex != null && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          kept.add(new Kept(hex, Files.size(p), Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS)));
        } else {
          deleteTree(p);
          deleted++;
        }
      }
    }
    kept.sort(Comparator.comparing(Kept::modified));
    synchronized (lock) {
      for (Kept k : kept) {
        Entry e = new Entry(k.hex());
        e.storedSize = k.size();
        entries.put(k.hex(), e);
        storedBytes += k.size();
      }
    }
    log.info("artifact cache {}: {} artifacts ({} bytes) kept from an earlier run, each verified again before its"
        + " first use; {} leftover files deleted; capacity {} bytes", files.dir(), kept.size(),
        kept.stream().mapToLong(Kept::size).sum(), deleted, capacity);
    evict();
  }

  /**
   * Makes {@code artifacts} available as verified read-only jars, fetching those not cached yet, and
   * holds them for the caller until it closes the lease. Returns at once; the future fails with an
   * {@link ArtifactFetchException} naming the first artifact that could not be fetched. Cancelling the
   * future (the attempt was stopped meanwhile) releases the jars as soon as their fetches are over;
   * fetches are never interrupted, other attempts may be waiting for them.
   */
  public CompletableFuture<ArtifactLease> acquire(List<JobArtifact> artifacts) {
    Map<String, JobArtifact> distinct = new LinkedHashMap<>();
    artifacts.forEach(a -> distinct.putIfAbsent(a.sha256Hex(), a));
    List<Entry> held = new ArrayList<>();
    List<CompletableFuture<Path>> jars = new ArrayList<>();
    List<Runnable> fetches = new ArrayList<>();
    synchronized (lock) {
      for (JobArtifact artifact : distinct.values()) {
        Entry e = entries.computeIfAbsent(artifact.sha256Hex(), Entry::new);
        e.users++;
        if (e.ready == null) {
          e.ready = new CompletableFuture<>();
          fetches.add(() -> fetch(e, artifact, 1));
        }
        held.add(e);
        jars.add(e.ready.thenApply(jar -> requireSize(e, artifact, jar)));
      }
    }
    fetches.forEach(this::submit);
    CompletableFuture<ArtifactLease> lease = new CompletableFuture<>();
    CompletableFuture.allOf(jars.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
      if (error != null) {
        release(held);
        lease.completeExceptionally(firstFailure(jars));
        return;
      }
      ArtifactLease granted = new ArtifactLease(jars.stream().map(CompletableFuture::join).toList(), () -> release(held));
      if (!lease.complete(granted)) {
        granted.close(); // the caller gave up waiting
      }
    });
    return lease;
  }

  /** Bytes of the jars in the cache folder. */
  public long storedBytes() {
    synchronized (lock) {
      return storedBytes;
    }
  }

  // ---- fetching -------------------------------------------------------------------------------

  private void fetch(Entry e, JobArtifact artifact, int attempt) {
    long started = clock.millis();
    String hex = artifact.sha256Hex();
    try {
      if (discardUnlessValid(e, artifact)) {
        log.info("artifact {} found in the cache and verified: {} bytes in {} ms", artifact.digest(), artifact.size(),
            clock.millis() - started);
        e.ready.complete(files.jarOf(hex));
        return;
      }
      Path jar;
      try (InputStream in = source.open(hex)) {
        jar = files.download(hex, artifact.size(), in);
      }
      synchronized (lock) {
        storedBytes += artifact.size() - Math.max(e.storedSize, 0);
        e.storedSize = artifact.size();
        e.verified = true;
      }
      log.info("artifact {} fetched: {} bytes in {} ms", artifact.digest(), artifact.size(), clock.millis() - started);
      e.ready.complete(jar);
      evict();
    } catch (ImageNotFoundException notFound) {
      fail(e, new ArtifactFetchException(artifact.digest(), "it is not in storage (no " + notFound.manifestKey() + ")",
          notFound));
    } catch (IOException | RuntimeException failure) {
      if (attempt < FETCH_TRIES) {
        Duration delay = backoff.delay(attempt);
        log.warn("artifact {}: download {} of {} discarded ({}); trying again in {} ms", artifact.digest(), attempt,
            FETCH_TRIES, failure.getMessage(), delay.toMillis());
        try {
          timer.schedule(() -> submit(() -> fetch(e, artifact, attempt + 1)), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
          fail(e, new ArtifactFetchException(artifact.digest(), "the worker is shutting down", failure));
        }
      } else {
        fail(e, new ArtifactFetchException(artifact.digest(), failure.getMessage() + " (" + attempt + " downloads failed)",
            failure));
      }
    }
  }

  /**
   * Whether the jar already in the folder for {@code e} is valid: true without reading it when this
   * process verified it, after hashing it when it was left by an earlier run; false when there is none.
   * A jar that does not match is deleted.
   */
  private boolean discardUnlessValid(Entry e, JobArtifact artifact) throws IOException {
    synchronized (lock) {
      if (e.storedSize < 0) {
        return false;
      }
      if (e.verified) {
        return true;
      }
    }
    Optional<String> problem;
    try {
      problem = files.check(e.hex, artifact.size());
    } catch (IOException ex) {
      problem = Optional.of("it cannot be read: " + ex.getMessage());
    }
    synchronized (lock) {
      if (problem.isEmpty()) {
        e.verified = true;
        return true;
      }
      log.warn("artifact {}: the copy cached by an earlier run is discarded ({}); fetching it again",
          artifact.digest(), problem.get());
      Files.deleteIfExists(files.jarOf(e.hex));
      storedBytes -= e.storedSize;
      e.storedSize = -1;
      return false;
    }
  }

  private void fail(Entry e, ArtifactFetchException failure) {
    log.warn("{}", failure.getMessage());
    synchronized (lock) {
      entries.remove(e.hex, e); // the next attempt that needs it fetches it anew
    }
    e.ready.completeExceptionally(failure);
  }

  private void submit(Runnable fetch) {
    downloads.execute(fetch);
  }

  private static Path requireSize(Entry e, JobArtifact artifact, Path jar) {
    long size;
    try {
      size = Files.size(jar);
    } catch (IOException ex) {
      throw new CompletionException(new ArtifactFetchException(artifact.digest(), "its cached jar is unreadable: "
          + ex.getMessage(), ex));
    }
    if (size != artifact.size()) {
      throw new CompletionException(new ArtifactFetchException(artifact.digest(), "the assignment gives its size as "
          + artifact.size() + " bytes, but the artifact with that digest has " + size, null));
    }
    return jar;
  }

  private static Throwable firstFailure(List<CompletableFuture<Path>> jars) {
    for (CompletableFuture<Path> jar : jars) {
      if (jar.isCompletedExceptionally()) {
        try {
          jar.join();
        } catch (CompletionException ex) {
          return ex.getCause() != null ? ex.getCause() : ex;
        } catch (RuntimeException ex) {
          return ex;
        }
      }
    }
    return new IllegalStateException("no artifact failed");
  }

  // ---- holding and evicting -------------------------------------------------------------------

  private void release(List<Entry> held) {
    synchronized (lock) {
      for (Entry e : held) {
        e.users--;
      }
    }
    evict();
  }

  /**
   * Deletes the least recently used jars no attempt holds until the cache is within its capacity.
   * Under the lock, so that a fetch of the same digest cannot start before its old jar is gone.
   */
  private void evict() {
    synchronized (lock) {
      Iterator<Entry> it = entries.values().iterator();
      while (storedBytes > capacity && it.hasNext()) {
        Entry e = it.next();
        if (e.users > 0 || e.storedSize < 0 || e.fetching()) {
          continue;
        }
        try {
          Files.deleteIfExists(files.jarOf(e.hex));
        } catch (IOException ex) {
          log.warn("artifact sha256:{}: cannot evict {}: {}", e.hex, files.jarOf(e.hex), ex.toString());
          continue;
        }
        it.remove();
        storedBytes -= e.storedSize;
        log.info("artifact sha256:{} evicted from the cache ({} bytes)", e.hex, e.storedSize);
      }
      boolean over = storedBytes > capacity;
      if (over && !overCapacityLogged) {
        log.warn("artifact cache {} holds {} bytes, more than its capacity of {} bytes (tern.worker.artifacts.cache-size):"
            + " every other artifact is in use by a running attempt", files.dir(), storedBytes, capacity);
      }
      overCapacityLogged = over;
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    } else {
      Files.deleteIfExists(root);
    }
  }
}
