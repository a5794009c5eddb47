package io.tern.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The writer's half of ADR 0003 on a controllable clock: which existing chunks it reuses. */
class ChunkStorerReuseTest {

  private static final Duration WINDOW = Duration.ofMinutes(10);
  private static final StorageSettings SETTINGS =
      new StorageSettings("http://127.0.0.1:1", "a", "s", "tern", "", "us-east-1");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
  private final FakeStorage storage = new FakeStorage();
  private final KnownChunks known = new KnownChunks(clock, WINDOW, 100);
  private final ChunkStorer storer =
      new ChunkStorer(storage, SETTINGS, known, ChunkCompressor.OFF, new ChunkReuseWindow(clock, WINDOW));
  private final byte[] chunk = "some chunk bytes".getBytes(StandardCharsets.UTF_8);
  private final String hash = Sha256.hex(chunk);
  private final String key = ImageLayout.chunkKey(hash);

  @Test
  void reusesAnObjectStorageWroteWithinTheWindow() throws IOException {
    storage.objects.put(key, new StoredObject(key, chunk.length, clock.instant().minus(Duration.ofMinutes(9))));
    ChunkStorer.Stored stored = storer.store(chunk, hash, Map.of());
    assertThat(stored.uploadedBytes()).isZero();
    assertThat(storage.puts).isEmpty();
  }

  @Test
  void uploadsAnOlderObjectAgainAndDoesNotCacheIt() throws IOException {
    storage.objects.put(key, new StoredObject(key, chunk.length, clock.instant().minus(Duration.ofMinutes(11))));
    ChunkStorer.Stored stored = storer.store(chunk, hash, Map.of());
    assertThat(stored.refreshed()).isTrue();
    assertThat(storage.puts).containsExactly(key);
    assertThat(known.contains(hash)).as("a refreshed chunk may be deleted by a collection in progress").isFalse();
  }

  @Test
  void trustsTheChunksOfThePreviousCommittedManifestWhateverTheirAge() throws IOException {
    ChunkStorer.Stored stored = storer.store(chunk, hash, Map.of(hash, new ChunkRef(hash, chunk.length)));
    assertThat(stored.uploadedBytes()).isZero();
    assertThat(storage.stats).isZero();
  }

  @Test
  void theCacheVouchesForAChunkOnlyWithinTheWindowAfterStorageWroteIt() throws IOException {
    storage.objects.put(key, new StoredObject(key, chunk.length, clock.instant().minus(Duration.ofMinutes(8))));
    storer.store(chunk, hash, Map.of());
    assertThat(known.contains(hash)).isTrue();
    clock.advance(Duration.ofMinutes(2));
    assertThat(known.contains(hash)).as("10 minutes after storage wrote it").isFalse();
  }

  @Test
  void uploadsANewChunkAndCachesIt() throws IOException {
    ChunkStorer.Stored stored = storer.store(chunk, hash, Map.of());
    assertThat(stored.uploadedBytes()).isEqualTo(chunk.length);
    assertThat(stored.refreshed()).isFalse();
    assertThat(known.contains(hash)).isTrue();
  }

  private final class FakeStorage implements ObjectStorage {
    final Map<String, StoredObject> objects = new TreeMap<>();
    final List<String> puts = new ArrayList<>();
    int stats;

    @Override
    public void ensureBucket() {}

    @Override
    public OptionalLong size(String k) {
      return objects.containsKey(k) ? OptionalLong.of(objects.get(k).size()) : OptionalLong.empty();
    }

    @Override
    public Optional<StoredObject> stat(String k) {
      stats++;
      return Optional.ofNullable(objects.get(k));
    }

    @Override
    public List<StoredObject> listObjects(String prefix) {
      return objects.values().stream().filter(o -> o.key().startsWith(prefix)).toList();
    }

    @Override
    public void put(String k, byte[] data, String contentType) {
      puts.add(k);
      objects.put(k, new StoredObject(k, data.length, clock.instant()));
    }

    @Override
    public Optional<byte[]> get(String k, int maxBytes) {
      return Optional.empty();
    }

    @Override
    public void delete(String k) {
      objects.remove(k);
    }

    @Override
    public List<String> list(String prefix) {
      return listObjects(prefix).stream().map(StoredObject::key).toList();
    }

    @Override
    public void close() {}
  }

  private static final class MutableClock extends java.time.Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
