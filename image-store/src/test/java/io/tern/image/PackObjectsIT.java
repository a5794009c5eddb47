package io.tern.image;

import static io.tern.image.TestImages.MiB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.testsupport.ManualClock;
import io.tern.testsupport.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * New chunks go into pack objects of about {@link ImageStore#TARGET_PACK_BYTES} (ADR 0004): what a
 * pack holds, which chunks a write reuses (the previous manifest and this process's cache, for the
 * chunk reuse window) and what a failed pack upload leaves behind.
 */
class PackObjectsIT {

  private static final Duration WINDOW = Duration.ofMinutes(10);

  private static S3ProxyServer s3;
  private static ImageStore store;
  private static RawBucket bucket;

  @BeforeAll
  static void startStorage() throws Exception {
    s3 = S3ProxyServer.startInMemory();
    store = ImageStore.connect(new StorageSettings(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(), "tern", "packs-it", null));
    store.ensureBucket();
    bucket = RawBucket.of(s3.client(), store.settings());
  }

  @AfterAll
  static void stopStorage() throws Exception {
    store.close();
    s3.close();
  }

  @Test
  void packsAreAboutTheTargetSizeAndHoldTheImagesChunksInStreamOrder() throws Exception {
    byte[] data = TestImages.randomBytes(901, 40 * MiB);

    ImageWriteResult result = TestImages.write(store, 91, 1, data);

    List<ChunkRef> chunks = store.readManifest(result.manifestKey()).chunks();
    Map<String, List<ChunkRef>> byPack = runsByPack(chunks);
    assertThat(byPack).hasSizeBetween(5, 6);
    Map<String, Long> sizes = objectSizes();
    List<String> packs = new ArrayList<>(byPack.keySet());
    for (int i = 0; i < packs.size(); i++) {
      String pack = packs.get(i);
      long size = sizes.get(ImageLayout.packKey(pack));
      assertThat(size).isEqualTo(storedBytes(byPack.get(pack)));
      assertThat(size).isLessThanOrEqualTo(ImageStore.TARGET_PACK_BYTES);
      if (i < packs.size() - 1) {
        assertThat(size).isGreaterThan(ImageStore.TARGET_PACK_BYTES - ChunkingPolicy.DEFAULT_MAX_SIZE);
      }
    }
    ChunkRef sample = chunks.get(chunks.size() / 3);
    long start = chunks.subList(0, chunks.size() / 3).stream().mapToLong(ChunkRef::size).sum();
    assertThat(bucket.storedBytesOf(sample))
        .isEqualTo(Arrays.copyOfRange(data, (int) start, (int) start + sample.size()));
    assertThat(store.chunkKeysOf(result.manifestKey()))
        .containsExactlyInAnyOrderElementsOf(packs.stream().map(ImageLayout::packKey).toList());
  }

  @Test
  void anEditedImageUploadsOnlyItsNewChunksInStreamOrderIntoNewPacks() throws Exception {
    byte[] data = TestImages.randomBytes(902, 12 * MiB);
    ImageWriteResult first = TestImages.write(store, 92, 1, data);
    byte[] edited = data.clone();
    for (int at : new int[] {MiB, 5 * MiB, 9 * MiB}) {
      System.arraycopy(TestImages.randomBytes(at, 20_000), 0, edited, at, 20_000);
    }

    ImageWriteResult second = writeWithHint(store, 92, 2, edited, first.manifestKey());

    Set<String> oldPacks = packsOf(first);
    List<ChunkRef> fresh = store.readManifest(second.manifestKey()).chunks().stream()
        .filter(chunk -> !oldPacks.contains(chunk.pack())).toList();
    assertThat(fresh).hasSize(second.chunksUploaded()).isNotEmpty();
    assertThat(second.chunksUploaded()).isLessThanOrEqualTo(3 * 3);
    Map<String, List<ChunkRef>> byPack = runsByPack(fresh);
    assertThat(byPack).hasSize(1);
    assertThat(storedBytes(fresh)).isEqualTo(second.uploadedBytes());
    assertThat(objectSizes().get(fresh.get(0).objectKey())).isEqualTo(second.uploadedBytes());
    assertThat(TestImages.readAll(store, second.manifestKey())).isEqualTo(edited);
  }

  @Test
  void anUnchangedRewriteWithThePreviousManifestUploadsNoByteAndNoPack() throws Exception {
    byte[] data = TestImages.randomBytes(903, 9 * MiB);
    ImageWriteResult first = TestImages.write(store, 93, 1, data);
    List<String> before = store.listChunkKeys();

    ImageWriteResult again;
    try (ImageStore freshProcess = ImageStore.connect(store.settings())) {
      again = writeWithHint(freshProcess, 93, 2, data, first.manifestKey());
    }

    assertThat(again.uploadedBytes()).isZero();
    assertThat(again.chunksReused()).isEqualTo(again.chunks());
    assertThat(store.listChunkKeys()).isEqualTo(before);
    assertThat(store.readManifest(again.manifestKey()).chunks())
        .isEqualTo(store.readManifest(first.manifestKey()).chunks());
    assertThat(TestImages.readAll(store, again.manifestKey())).isEqualTo(data);
  }

  @Test
  void aChunkKnownOnlyToTheProcessCacheIsReusedWithinTheWindowAndUploadedIntoANewPackAfterIt() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));
    byte[] data = TestImages.randomBytes(904, 3 * MiB);
    try (ImageStore timed = ImageStore.connect(store.settings(),
        ImageStoreOptions.defaults().withClock(clock).withChunkReuseWindow(WINDOW))) {
      ImageWriteResult original = TestImages.write(timed, 94, 1, data, "team-a");

      clock.advance(WINDOW.minusSeconds(1));
      ImageWriteResult withinWindow = TestImages.write(timed, 95, 1, data, "team-a"); // another job of the owner: no hint
      clock.advance(Duration.ofSeconds(1));
      ImageWriteResult afterWindow = TestImages.write(timed, 96, 1, data, "team-a");
      ImageWriteResult rightAfter = TestImages.write(timed, 97, 1, data, "team-a");

      assertThat(original.uploadedBytes()).isEqualTo(data.length);
      assertThat(withinWindow.uploadedBytes()).isZero();
      assertThat(withinWindow.chunksReused()).isEqualTo(withinWindow.chunks());
      assertThat(packsOf(withinWindow)).isEqualTo(packsOf(original));
      // Reusing a chunk does not extend its life in the cache: the window counts from the upload.
      assertThat(afterWindow.uploadedBytes()).isEqualTo(data.length);
      assertThat(afterWindow.chunksReused()).isZero();
      assertThat(packsOf(afterWindow)).doesNotContainAnyElementsOf(packsOf(original));
      assertThat(rightAfter.uploadedBytes()).isZero();
      assertThat(packsOf(rightAfter)).isEqualTo(packsOf(afterWindow));
      for (ImageWriteResult result : List.of(original, withinWindow, afterWindow, rightAfter)) {
        assertThat(TestImages.readAll(timed, result.manifestKey())).isEqualTo(data);
      }
    }
  }

  @Test
  void aFailedPackUploadLeavesNoManifestAndNothingCached() throws Exception {
    byte[] data = TestImages.randomBytes(905, 20 * MiB);
    String key = ImageStore.manifestKey(98, 1);
    PackPutsFailing storage = new PackPutsFailing(new MinioObjectStorage(store.settings()), 2);
    try (ImageStore failing = new ImageStore(store.settings(), storage, ImageStoreOptions.defaults())) {
      assertThatThrownBy(() -> failing.write(TestImages.descriptor(98, 1), key, new ByteArrayInputStream(data)))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("injected");
      assertThatThrownBy(() -> store.readManifest(key)).isInstanceOf(ImageNotFoundException.class);

      // Chunks of the pack that never arrived must not be vouched for: the retry uploads them.
      ImageWriteResult retry = failing.write(TestImages.descriptor(98, 1), key, new ByteArrayInputStream(data));
      assertThat(storage.packPuts.get()).isGreaterThan(3);
      assertThat(retry.uploadedBytes()).isPositive();
      assertThat(TestImages.readAll(store, key)).isEqualTo(data);
    }
  }

  private static ImageWriteResult writeWithHint(ImageStore target, long job, long seq, byte[] data, String previous)
      throws IOException {
    return target.write(TestImages.descriptor(job, seq), ImageStore.manifestKey(job, seq),
        new ByteArrayInputStream(data), previous);
  }

  /**
   * The chunks of each pack in manifest order, checking that each pack's chunks form one run of the
   * manifest and lie back to back from offset 0 (the order they were appended in).
   */
  private static Map<String, List<ChunkRef>> runsByPack(List<ChunkRef> chunks) {
    Map<String, List<ChunkRef>> byPack = new LinkedHashMap<>();
    String current = null;
    for (ChunkRef chunk : chunks) {
      assertThat(chunk.packed()).isTrue();
      List<ChunkRef> run = byPack.get(chunk.pack());
      if (!chunk.pack().equals(current)) {
        assertThat(run).as("pack %s appears in one run", chunk.pack()).isNull();
        run = new ArrayList<>();
        byPack.put(chunk.pack(), run);
        current = chunk.pack();
      }
      long expectedOffset = run.isEmpty() ? 0 : run.get(run.size() - 1).offset() + run.get(run.size() - 1).storedSize();
      assertThat(chunk.offset()).isEqualTo(expectedOffset);
      run.add(chunk);
    }
    return byPack;
  }

  private static long storedBytes(List<ChunkRef> chunks) {
    return chunks.stream().mapToLong(ChunkRef::storedSize).sum();
  }

  private static Set<String> packsOf(ImageWriteResult result) throws IOException {
    return store.readManifest(result.manifestKey()).chunks().stream().map(ChunkRef::pack)
        .collect(Collectors.toCollection(HashSet::new));
  }

  private static Map<String, Long> objectSizes() throws IOException {
    return store.listChunks().stream().collect(Collectors.toMap(StoredObject::key, StoredObject::size));
  }

  /** Real storage, except that pack upload number {@code failing} (counting from 1) fails. */
  private static final class PackPutsFailing implements ObjectStorage {
    private final ObjectStorage delegate;
    private final int failing;
    final AtomicInteger packPuts = new AtomicInteger();

    PackPutsFailing(ObjectStorage delegate, int failing) {
      this.delegate = delegate;
      this.failing = failing;
    }

    @Override
    public void put(String key, byte[] data, String contentType) throws IOException {
      if (key.contains("/" + ImageLayout.PACKS_FOLDER) && packPuts.incrementAndGet() == failing) {
        throw new StorageException("injected failure of pack upload " + failing + " (" + key + ")", null);
      }
      delegate.put(key, data, contentType);
    }

    @Override
    public void ensureBucket() throws IOException {
      delegate.ensureBucket();
    }

    @Override
    public OptionalLong size(String key) throws IOException {
      return delegate.size(key);
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
      return delegate.stat(key);
    }

    @Override
    public List<StoredObject> listObjects(String prefix) throws IOException {
      return delegate.listObjects(prefix);
    }

    @Override
    public Optional<byte[]> get(String key, int maxBytes) throws IOException {
      return delegate.get(key, maxBytes);
    }

    @Override
    public Optional<byte[]> getRange(String key, long offset, int length) throws IOException {
      return delegate.getRange(key, offset, length);
    }

    @Override
    public void delete(String key) throws IOException {
      delegate.delete(key);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
      return delegate.list(prefix);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
