package io.tern.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A restore stream over a fake fetcher: the bytes come out in manifest order whichever way they are
 * read, and the reused segment buffers go back to the pool when read or when the stream is closed.
 */
class RestoreStreamTest {

  private static final String PACK = "ab".repeat(16);
  private static final int CHUNK = 100;
  private static final int SEGMENT_BYTES = 300; // three chunks per segment

  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final SegmentBuffers buffers = new SegmentBuffers(SEGMENT_BYTES, 16);
  private final Set<byte[]> handedOut = Collections.newSetFromMap(new ConcurrentHashMap<>()); // identity: arrays

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void transferToWritesEveryChunkInManifestOrderAndGivesEveryBufferBack() throws IOException {
    byte[] state = state(10 * CHUNK + 37);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    try (RestoreStream in = open(state, 2)) {
      assertThat(in.transferTo(out)).isEqualTo(state.length);
      assertThat(in.bytesDelivered()).isEqualTo(state.length);
      assertThat(in.read()).isEqualTo(-1);
    }

    assertThat(out.toByteArray()).isEqualTo(state);
    assertThat(buffers.idleCount()).isEqualTo(handedOut.size()).isPositive();
  }

  @Test
  void smallAndSingleByteReadsSeeTheSameBytes() throws IOException {
    byte[] state = state(7 * CHUNK + 5);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    try (RestoreStream in = open(state, 3)) {
      out.write(in.read());
      byte[] small = new byte[33];
      for (int n; (n = in.read(small, 0, small.length)) > 0; ) {
        out.write(small, 0, n);
      }
    }

    assertThat(out.toByteArray()).isEqualTo(state);
  }

  @Test
  void closingEarlyGivesBackTheBuffersOfSegmentsAlreadyFetched() throws Exception {
    byte[] state = state(12 * CHUNK);
    RestoreStream in = open(state, 3);
    assertThat(in.read()).isEqualTo(state[0] & 0xff);
    await().until(() -> in.bytesFetched() == 4L * SEGMENT_BYTES);

    in.close();

    assertThat(handedOut).hasSize(4);
    assertThat(buffers.idleCount()).isEqualTo(4);
    assertThatThrownBy(in::read).isInstanceOf(IOException.class);
  }

  private RestoreStream open(byte[] state, int prefetch) {
    List<ChunkRef> chunks = new ArrayList<>();
    for (int offset = 0; offset < state.length; offset += CHUNK) {
      int size = Math.min(CHUNK, state.length - offset);
      byte[] chunk = Arrays.copyOfRange(state, offset, offset + size);
      chunks.add(new ChunkRef(Sha256.hex(chunk), size, "raw", size, PACK, offset));
    }
    Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, 1, 1, 1, 1, "test", Manifest.PACKED_ENCODING,
        state.length, Instant.EPOCH, chunks);
    RestoreStream.ChunkFetcher fetcher = (key, segment) -> {
      VerifiedSegment verified = new VerifiedSegment(buffers);
      byte[] buffer = verified.takeBuffer((int) segment.storedBytes());
      handedOut.add(buffer);
      int position = 0;
      for (ChunkRef chunk : segment.chunks()) {
        System.arraycopy(state, (int) chunk.offset(), buffer, position, chunk.size());
        verified.add(buffer, position, chunk.size());
        position += chunk.size();
      }
      return verified;
    };
    return new RestoreStream("jobs/1/checkpoints/0000000001.json", manifest, fetcher, pool, prefetch, SEGMENT_BYTES);
  }

  private static byte[] state(int length) {
    byte[] state = new byte[length];
    for (int i = 0; i < length; i++) {
      state[i] = (byte) (i * 31 + i / 7);
    }
    return state;
  }
}
