package io.tern.worker.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.protocol.Assignment.JobArtifact;
import io.tern.testsupport.ManualClock;
import io.tern.testsupport.ManualScheduledExecutor;
import io.tern.worker.scheduler.Backoff;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * The artifact cache with a fake source, on a manual clock and executor: downloads wait in a queue
 * until the test runs them, so "at the same time" and "after the backoff" are exact.
 */
class ArtifactCacheTest {

  private static final long CAPACITY = 100;

  @TempDir
  Path workDir;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final ManualScheduledExecutor timer = new ManualScheduledExecutor(clock);
  private final Deque<Runnable> downloads = new ArrayDeque<>();
  private final FakeSource source = new FakeSource();

  private Path dir() {
    return workDir.resolve("artifacts");
  }

  private ArtifactCache openCache() throws IOException {
    ArtifactCache cache = new ArtifactCache(dir(), CAPACITY, source, downloads::add, timer,
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4), () -> 0.999), clock);
    cache.open();
    return cache;
  }

  // ---- fetching once, verified ----------------------------------------------------------------

  @Test
  void twoAttemptsThatNeedTheSameArtifactAtOnceShareOneDownload() throws Exception {
    ArtifactCache cache = openCache();
    JobArtifact jar = source.store("app.jar v1");

    CompletableFuture<ArtifactLease> first = cache.acquire(List.of(jar));
    CompletableFuture<ArtifactLease> second = cache.acquire(List.of(jar));
    runDownloads();

    assertThat(source.opens(jar)).isEqualTo(1);
    assertThat(first.join().jars()).isEqualTo(second.join().jars()).containsExactly(dir().resolve(jar.sha256Hex() + ".jar"));
    assertThat(Files.readString(first.join().jars().get(0))).isEqualTo("app.jar v1");

    // and later attempts take it from the cache
    CompletableFuture<ArtifactLease> third = cache.acquire(List.of(jar));
    runDownloads();
    assertThat(third).isCompleted();
    assertThat(source.opens(jar)).isEqualTo(1);
  }

  @Test
  void aLeaseListsTheJarsInTheOrderTheAssignmentGivesThem() throws Exception {
    ArtifactCache cache = openCache();
    JobArtifact app = source.store("app");
    JobArtifact lib = source.store("lib");

    CompletableFuture<ArtifactLease> lease = cache.acquire(List.of(lib, app, lib));
    runDownloads();

    assertThat(lease.join().jars()).containsExactly(dir().resolve(lib.sha256Hex() + ".jar"),
        dir().resolve(app.sha256Hex() + ".jar"));
  }

  @Test
  void cachedJarsAreReadOnlyInAFolderOnlyTheWorkerMayEnter() throws Exception {
    ArtifactCache cache = openCache();
    JobArtifact jar = source.store("app");

    Path file = acquireNow(cache, jar).jars().get(0);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir()))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("r--r--r--");
    assertThat(listDir()).containsExactly(jar.sha256Hex() + ".jar");
  }

  // ---- damaged downloads ----------------------------------------------------------------------

  @Test
  void aDownloadWithTheWrongContentIsDiscardedAndFetchedAgainAfterABackoff() throws Exception {
    ArtifactCache cache = openCache();
    JobArtifact jar = source.store("the real jar");
    source.answerOnce(jar, "the fake jar"); // same length, other bytes

    CompletableFuture<ArtifactLease> lease = cache.acquire(List.of(jar));
    runDownloads();

    assertThat(lease).as("not handed out").isNotDone();
    assertThat(listDir()).as("nothing of the damaged download is left").isEmpty();
    assertThat(timer.pendingDelays()).containsExactly(Duration.ofMillis(1000));

    timer.advance(Duration.ofSeconds(1));
    runDownloads();

    assertThat(source.opens(jar)).isEqualTo(2);
    assertThat(Files.readString(lease.join().jars().get(0))).isEqualTo("the real jar");
  }

  @Test
  void aTruncatedDownloadIsDiscardedAndFetchedAgain() throws Exception {
    ArtifactCache cache = openCache();
    JobArtifact jar = source.store("the whole jar");
    source.answerOnce(jar, "the whole");

    CompletableFuture<ArtifactLease> lease = cache.acquire(List.of(jar));
    runDownloads();
    assertThat(lease).isNotDone();
    assertThat(listDir()).isEmpty();

    timer.advance(Duration.ofSeconds(1));
    runDownloads();
    assertThat(Files.readString(lease.join().jars().get(0))).isEqualTo("the whole jar");
  }

  @Test
  void aDownloadThatBreaksOffOrRunsLongIsDiscardedAndFetchedAgain() throws Exception {
    ArtifactCache cache = openCache();
    JobArtifact jar = source.store("the jar");
    source.failOnce(jar, new IOException("connection reset"));
    source.answerOnce(jar, "the jar and then some");

    CompletableFuture<ArtifactLease> lease = cache.acquire(List.of(jar));
    runDownloads();
    timer.advance(Duration.ofSeconds(1));
    runDownloads();
    assertThat(lease).isNotDone();
    assertThat(listDir()).isEmpty();
    timer.advance(Duration.ofSeconds(2));
    runDownloads();

    assertThat(source.opens(jar)).isEqualTo(3);
    assertThat(Files.readString(lease.join().jars().get(0))).isEqualTo("the jar");
  }

  @Test
  void afterTheLastTryEveryWaitingAttemptIsToldWhichArtifactFailedAndWhy() throws Exception {
    ArtifactCache cache = openCache();
    JobArtifact good = source.store("a good library");
    JobArtifact jar = source.store("the real jar");
    for (int i = 0; i < ArtifactCache.FETCH_TRIES; i++) {
      source.answerOnce(jar, "the fake jar");
    }

    CompletableFuture<ArtifactLease> first = cache.acquire(List.of(good, jar));
    CompletableFuture<ArtifactLease> second = cache.acquire(List.of(jar));
    runDownloads();
    timer.advance(Duration.ofSeconds(1));
    runDownloads();
    timer.advance(Duration.ofSeconds(2));
    runDownloads();

    assertThat(source.opens(jar)).isEqualTo(ArtifactCache.FETCH_TRIES);
    for (CompletableFuture<ArtifactLease> lease : List.of(first, second)) {
      assertThat(lease).isCompletedExceptionally();
      assertThat(failureOf(lease)).isInstanceOf(ArtifactFetchException.class)
          .hasMessage("artifact " + jar.digest() + " could not be fetched: the downloaded bytes have SHA-256 "
              + sha256("the fake jar") + ", not the artifact's digest (3 downloads failed)");
    }
    assertThat(listDir()).containsExactly(good.sha256Hex() + ".jar");

    // a later attempt tries again from the start
    CompletableFuture<ArtifactLease> later = cache.acquire(List.of(jar));
    runDownloads();
    assertThat(later.join().jars()).hasSize(1);
    assertThat(source.opens(jar)).isEqualTo(ArtifactCache.FETCH_TRIES + 1);
  }

  // ---- capacity -------------------------------------------------------------------------------

  @Test
  void theLeastRecentlyUsedJarsNoAttemptHoldsAreEvictedToTheCapacity() throws Exception {
    ArtifactCache cache = openCache();
    JobArtifact a = source.store("a".repeat(40));
    JobArtifact b = source.store("b".repeat(40));
    JobArtifact c = source.store("c".repeat(40));

    acquireNow(cache, a).close();
    acquireNow(cache, b).close();
    acquireNow(cache, a).close(); // a is now used more recently than b
    ArtifactLease holdsC = acquireNow(cache, c);

    assertThat(listDir()).containsExactlyInAnyOrder(a.sha256Hex() + ".jar", c.sha256Hex() + ".jar");
    assertThat(cache.storedBytes()).isEqualTo(80);
    holdsC.close();
  }

  @Test
  void aJarInUseIsNeverEvictedTheCacheGrowsBeyondItsCapacityInstead() throws Exception {
    ArtifactCache cache = openCache();
    JobArtifact a = source.store("a".repeat(60));
    JobArtifact b = source.store("b".repeat(60));

    ArtifactLease holdsA = acquireNow(cache, a);
    ArtifactLease holdsB = acquireNow(cache, b);

    assertThat(cache.storedBytes()).isEqualTo(120);
    assertThat(listDir()).hasSize(2);
    assertThat(Files.readString(holdsA.jars().get(0))).isEqualTo("a".repeat(60));

    holdsA.close();
    assertThat(listDir()).containsExactly(b.sha256Hex() + ".jar");
    holdsA.close(); // a second close changes nothing
    assertThat(listDir()).containsExactly(b.sha256Hex() + ".jar");
    holdsB.close();
    assertThat(cache.storedBytes()).isEqualTo(60);
  }

  @Test
  void anAttemptThatStopsWaitingReleasesItsJarsOnceTheDownloadIsOver() throws Exception {
    ArtifactCache cache = openCache();
    JobArtifact a = source.store("a".repeat(60));
    JobArtifact b = source.store("b".repeat(60));

    CompletableFuture<ArtifactLease> gaveUp = cache.acquire(List.of(a));
    gaveUp.cancel(false);
    runDownloads();
    assertThat(cache.storedBytes()).as("the download still fills the cache").isEqualTo(60);

    acquireNow(cache, b).close();
    assertThat(listDir()).as("a, no longer held, made room").containsExactly(b.sha256Hex() + ".jar");
  }

  // ---- start-up -------------------------------------------------------------------------------

  @Test
  void atStartLeftoverDownloadsAreDeletedAndJarsOfAnEarlierRunAreVerifiedBeforeTheirFirstUse() throws Exception {
    JobArtifact intact = source.store("an intact jar");
    JobArtifact tampered = source.store("a jar changed on disk");
    Files.createDirectories(dir());
    Files.writeString(dir().resolve(intact.sha256Hex() + ".jar"), "an intact jar");
    Files.writeString(dir().resolve(tampered.sha256Hex() + ".jar"), "a jar CHANGED on disk");
    Files.writeString(dir().resolve(intact.sha256Hex() + ".8231.part"), "an interrupted dow");
    Files.writeString(dir().resolve("stray"), "x");
    Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("rwxr-xr-x"));

    ArtifactCache cache = openCache();

    assertThat(listDir()).containsExactlyInAnyOrder(intact.sha256Hex() + ".jar", tampered.sha256Hex() + ".jar");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir()))).isEqualTo("rwx------");
    assertThat(cache.storedBytes()).isEqualTo(13 + 21);

    ArtifactLease lease = acquireNow(cache, intact);
    assertThat(source.opens(intact)).as("verified, not downloaded").isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lease.jars().get(0)))).isEqualTo("r--r--r--");

    ArtifactLease refetched = acquireNow(cache, tampered);
    assertThat(source.opens(tampered)).as("discarded and downloaded").isEqualTo(1);
    assertThat(Files.readString(refetched.jars().get(0))).isEqualTo("a jar changed on disk");
  }

  @Test
  void atStartJarsOfAnEarlierRunBeyondTheCapacityAreEvictedOldestFirst() throws Exception {
    Files.createDirectories(dir());
    String older = sha256("older");
    String newer = sha256("newer");
    Files.writeString(dir().resolve(older + ".jar"), "o".repeat(60));
    Files.writeString(dir().resolve(newer + ".jar"), "n".repeat(60));
    Files.setLastModifiedTime(dir().resolve(older + ".jar"), java.nio.file.attribute.FileTime.fromMillis(1_000));
    Files.setLastModifiedTime(dir().resolve(newer + ".jar"), java.nio.file.attribute.FileTime.fromMillis(2_000));

    ArtifactCache cache = openCache();

    assertThat(listDir()).containsExactly(newer + ".jar");
    assertThat(cache.storedBytes()).isEqualTo(60);
  }

  @Test
  void theCacheSizeSettingDefaultsToTwoGibibytesAndMustBePositive() {
    Binder noSettings = new Binder(new MapConfigurationPropertySource(Map.of()));
    assertThat(noSettings.bindOrCreate("tern.worker.artifacts", ArtifactCacheProperties.class).cacheSize().toBytes())
        .isEqualTo(2L << 30);
    assertThatThrownBy(() -> new ArtifactCacheProperties(DataSize.ofBytes(0)))
        .hasMessageContaining("tern.worker.artifacts.cache-size must be positive");
  }

  // ---- harness --------------------------------------------------------------------------------

  private ArtifactLease acquireNow(ArtifactCache cache, JobArtifact artifact) {
    CompletableFuture<ArtifactLease> lease = cache.acquire(List.of(artifact));
    runDownloads();
    return lease.join();
  }

  private void runDownloads() {
    while (!downloads.isEmpty()) {
      downloads.poll().run();
    }
  }

  private List<String> listDir() throws IOException {
    try (Stream<Path> files = Files.list(dir())) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    try {
      future.join();
      throw new AssertionError("did not fail");
    } catch (CompletionException e) {
      return e.getCause();
    }
  }

  static String sha256(String content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Storage whose answers for a digest can be scripted: damaged content or a failure, once each. */
  static final class FakeSource implements ArtifactSource {
    private final Map<String, byte[]> stored = new HashMap<>();
    private final Map<String, Deque<Object>> scripted = new HashMap<>();
    private final Map<String, Integer> opens = new HashMap<>();

    JobArtifact store(String content) {
      byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
      String hex = sha256(content);
      stored.put(hex, bytes);
      return new JobArtifact("sha256:" + hex, bytes.length);
    }

    void answerOnce(JobArtifact artifact, String content) {
      scripted.computeIfAbsent(artifact.sha256Hex(), k -> new ArrayDeque<>()).add(content.getBytes(StandardCharsets.UTF_8));
    }

    void failOnce(JobArtifact artifact, IOException failure) {
      scripted.computeIfAbsent(artifact.sha256Hex(), k -> new ArrayDeque<>()).add(failure);
    }

    int opens(JobArtifact artifact) {
      return opens.getOrDefault(artifact.sha256Hex(), 0);
    }

    @Override
    public InputStream open(String sha256Hex) throws IOException {
      opens.merge(sha256Hex, 1, Integer::sum);
      Object next = scripted.getOrDefault(sha256Hex, new ArrayDeque<>()).poll();
      if (next instanceof IOException failure) {
        byte[] half = Arrays.copyOf(stored.get(sha256Hex), stored.get(sha256Hex).length / 2);
        return new InputStream() {
          private final InputStream first = new ByteArrayInputStream(half);

          @Override
          public int read() throws IOException {
            int b = first.read();
            if (b < 0) {
              throw failure;
            }
            return b;
          }
        };
      }
      return new ByteArrayInputStream(next instanceof byte[] bytes ? bytes : stored.get(sha256Hex));
    }
  }
}
