package io.tern.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The restore buffers a store reuses instead of allocating per chunk. */
class SegmentBuffersTest {

  @Test
  void aGivenBackBufferIsHandedOutAgain() {
    SegmentBuffers buffers = new SegmentBuffers(1024, 4);
    byte[] first = buffers.take(100);

    buffers.give(first);

    assertThat(buffers.take(1024)).isSameAs(first);
  }

  @Test
  void keepsNoMoreIdleBuffersThanItsLimit() {
    SegmentBuffers buffers = new SegmentBuffers(1024, 2);
    byte[] a = buffers.take(1);
    byte[] b = buffers.take(1);
    byte[] c = buffers.take(1);

    buffers.give(a);
    buffers.give(b);
    buffers.give(c);

    assertThat(buffers.idleCount()).isEqualTo(2);
  }

  @Test
  void anOversizedRequestGetsAOneOffArrayThatIsNotKept() {
    SegmentBuffers buffers = new SegmentBuffers(1024, 2);
    byte[] big = buffers.take(5000);

    buffers.give(big);

    assertThat(big).hasSize(5000);
    assertThat(buffers.idleCount()).isZero();
  }
}
