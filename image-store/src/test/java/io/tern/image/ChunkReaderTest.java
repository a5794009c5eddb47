package io.tern.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChunkReaderTest {

  private static final ContentDefinedChunker DEFAULT = new ContentDefinedChunker(ChunkingPolicy.DEFAULT);
  private static final int MiB = 1024 * 1024;

  @Test
  void chunksConcatenateToTheInput() throws IOException {
    byte[] data = randomBytes(1, 20 * MiB + 777);

    List<byte[]> chunks = chunks(DEFAULT, new ByteArrayInputStream(data));

    assertThat(concat(chunks)).isEqualTo(data);
  }

  @Test
  void boundariesAreDeterministicWhateverTheReadSizes() throws IOException {
    byte[] data = randomBytes(2, 12 * MiB);

    List<Integer> wholeReads = sizes(chunks(DEFAULT, new ByteArrayInputStream(data)));
    List<Integer> tinyReads = sizes(chunks(DEFAULT, new RandomlyShortReads(new ByteArrayInputStream(data), 3)));
    List<Integer> again = sizes(chunks(new ContentDefinedChunker(ChunkingPolicy.DEFAULT), new ByteArrayInputStream(data)));

    assertThat(tinyReads).isEqualTo(wholeReads);
    assertThat(again).isEqualTo(wholeReads);
  }

  @Test
  void boundariesOfTheDefaultPolicyAreStableAcrossVersions() throws IOException {
    // Pins the gear table and masks: changing them silently stops new images sharing chunks with old ones.
    byte[] data = randomBytes(42, 8 * MiB);

    List<Integer> sizes = sizes(chunks(new ContentDefinedChunker(ChunkingPolicy.COARSE), new ByteArrayInputStream(data)));

    assertThat(sizes).isEqualTo(PINNED_SIZES);
  }

  @Test
  void averageChunkIsAboutTheNormalSizeOnRandomData() throws IOException {
    byte[] data = randomBytes(3, 24 * MiB);

    List<Integer> sizes = sizes(chunks(DEFAULT, new ByteArrayInputStream(data)));

    double average = (double) data.length / sizes.size();
    int normal = ChunkingPolicy.DEFAULT.normalSize();
    assertThat(average).isBetween(0.75 * normal, 1.5 * normal);
  }

  @Test
  void everyChunkButTheLastRespectsMinAndMax() throws IOException {
    ChunkingPolicy small = new ChunkingPolicy(64, 256, 1024);
    byte[] data = randomBytes(4, 2 * MiB + 13);

    List<Integer> sizes = sizes(chunks(new ContentDefinedChunker(small), new ByteArrayInputStream(data)));

    assertThat(sizes.size()).isGreaterThan(1000);
    assertThat(sizes.subList(0, sizes.size() - 1)).allSatisfy(size -> assertThat(size).isBetween(64, 1024));
    assertThat(sizes.get(sizes.size() - 1)).isBetween(1, 1024);
  }

  @Test
  void contentWithoutBoundariesIsCutAtTheMaximum() throws IOException {
    int max = ChunkingPolicy.DEFAULT.maxSize();
    byte[] zeros = new byte[2 * max + max / 2];

    List<Integer> sizes = sizes(chunks(DEFAULT, new ByteArrayInputStream(zeros)));

    assertThat(sizes).containsExactly(max, max, max / 2);
  }

  @Test
  void emptyAndTinyInputs() throws IOException {
    assertThat(chunks(DEFAULT, new ByteArrayInputStream(new byte[0]))).isEmpty();
    assertThat(sizes(chunks(DEFAULT, new ByteArrayInputStream(new byte[1])))).containsExactly(1);
  }

  @Test
  void insertionNearTheStartLeavesLaterChunksUnchanged() throws IOException {
    byte[] original = randomBytes(5, 24 * MiB);
    byte[] edited = insert(original, 1000, new byte[] {1, 2, 3, 4, 5, 6, 7});

    Set<String> before = hashes(chunks(DEFAULT, new ByteArrayInputStream(original)));
    List<byte[]> after = chunks(DEFAULT, new ByteArrayInputStream(edited));

    long changed = after.stream().map(Sha256::hex).filter(hash -> !before.contains(hash)).count();
    assertThat(after.size()).isGreaterThan(10);
    assertThat(changed).isLessThanOrEqualTo(2);
  }

  @Test
  void deletionInTheMiddleOnlyChangesNearbyChunks() throws IOException {
    byte[] original = randomBytes(6, 24 * MiB);
    byte[] edited = new byte[original.length - 100];
    System.arraycopy(original, 0, edited, 0, 12 * MiB);
    System.arraycopy(original, 12 * MiB + 100, edited, 12 * MiB, original.length - 12 * MiB - 100);

    Set<String> before = hashes(chunks(DEFAULT, new ByteArrayInputStream(original)));
    List<byte[]> after = chunks(DEFAULT, new ByteArrayInputStream(edited));

    long changed = after.stream().map(Sha256::hex).filter(hash -> !before.contains(hash)).count();
    assertThat(changed).isLessThanOrEqualTo(2);
  }

  @Test
  void policyRejectsInconsistentLimits() {
    assertThatThrownBy(() -> new ChunkingPolicy(1024, 1000, 4096)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ChunkingPolicy(2048, 1024, 4096)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ChunkingPolicy(256, 1024, 1024)).isInstanceOf(IllegalArgumentException.class);
  }

  static byte[] randomBytes(long seed, int size) {
    byte[] data = new byte[size];
    new SplittableRandom(seed).nextBytes(data);
    return data;
  }

  private static List<byte[]> chunks(ContentDefinedChunker chunker, InputStream in) throws IOException {
    ChunkReader reader = new ChunkReader(in, chunker);
    List<byte[]> chunks = new ArrayList<>();
    for (byte[] chunk = reader.next(); chunk != null; chunk = reader.next()) {
      chunks.add(chunk);
    }
    return chunks;
  }

  private static List<Integer> sizes(List<byte[]> chunks) {
    return chunks.stream().map(chunk -> chunk.length).toList();
  }

  private static Set<String> hashes(List<byte[]> chunks) {
    Set<String> hashes = new HashSet<>();
    chunks.forEach(chunk -> hashes.add(Sha256.hex(chunk)));
    return hashes;
  }

  private static byte[] concat(List<byte[]> chunks) {
    int total = chunks.stream().mapToInt(chunk -> chunk.length).sum();
    byte[] all = new byte[total];
    int at = 0;
    for (byte[] chunk : chunks) {
      System.arraycopy(chunk, 0, all, at, chunk.length);
      at += chunk.length;
    }
    return all;
  }

  private static byte[] insert(byte[] data, int at, byte[] inserted) {
    byte[] result = Arrays.copyOf(data, data.length + inserted.length);
    System.arraycopy(inserted, 0, result, at, inserted.length);
    System.arraycopy(data, at, result, at + inserted.length, data.length - at);
    return result;
  }

  /** Returns between 1 and 4096 bytes per read, like a socket might. */
  private static final class RandomlyShortReads extends FilterInputStream {
    private final SplittableRandom random;

    RandomlyShortReads(InputStream in, long seed) {
      super(in);
      this.random = new SplittableRandom(seed);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1 + random.nextInt(4096)));
    }
  }

  private static final List<Integer> PINNED_SIZES =
      List.of(1182542, 1651221, 1087113, 1471163, 1048882, 1122986, 824701);
}
