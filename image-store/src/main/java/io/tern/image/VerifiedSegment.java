package io.tern.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The verified bytes of one segment's chunks in manifest order, as slices of the segment's buffers
 * (a raw chunk is a slice of the downloaded bytes, a compressed one a slice of the decoded bytes;
 * adjacent slices of one buffer are merged). Only ranges that passed verification are ever exposed.
 * {@link #release()} gives the buffers back once the slices have been read.
 */
final class VerifiedSegment {

  private final SegmentBuffers pool;
  private final List<byte[]> owned = new ArrayList<>(2);
  private byte[][] arrays = new byte[4][];
  private int[] offsets = new int[4];
  private int[] lengths = new int[4];
  private int count;

  VerifiedSegment(SegmentBuffers pool) {
    this.pool = pool;
  }

  /** A segment of one chunk held in an array of its own (not pooled). */
  static VerifiedSegment of(byte[] chunk) {
    VerifiedSegment segment = new VerifiedSegment(null);
    segment.add(chunk, 0, chunk.length);
    return segment;
  }

  /** Takes a buffer from the pool that {@link #release()} will give back. */
  byte[] takeBuffer(int minBytes) {
    byte[] buffer = pool.take(minBytes);
    owned.add(buffer);
    return buffer;
  }

  /** Appends verified bytes {@code array[offset, offset + length)}. */
  void add(byte[] array, int offset, int length) {
    if (length == 0) {
      return;
    }
    if (count > 0 && arrays[count - 1] == array && offsets[count - 1] + lengths[count - 1] == offset) {
      lengths[count - 1] += length;
      return;
    }
    if (count == arrays.length) {
      arrays = Arrays.copyOf(arrays, count * 2);
      offsets = Arrays.copyOf(offsets, count * 2);
      lengths = Arrays.copyOf(lengths, count * 2);
    }
    arrays[count] = array;
    offsets[count] = offset;
    lengths[count] = length;
    count++;
  }

  int slices() {
    return count;
  }

  byte[] array(int slice) {
    return arrays[slice];
  }

  int offset(int slice) {
    return offsets[slice];
  }

  int length(int slice) {
    return lengths[slice];
  }

  /** Gives the buffers back to the pool; the slices must not be read afterwards. */
  void release() {
    Arrays.fill(arrays, 0, count, null);
    count = 0;
    for (byte[] buffer : owned) {
      pool.give(buffer);
    }
    owned.clear();
  }
}
