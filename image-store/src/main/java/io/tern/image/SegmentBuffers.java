package io.tern.image;

import java.util.ArrayDeque;

/**
 * Reusable byte arrays of one size for the segments a restore downloads and decodes, so a restore
 * allocates (and the JVM zeroes and, on a cold heap, first touches) no new memory per chunk. Holds at
 * most {@code maxIdle} idle arrays between restores. A request larger than the array size (a segment
 * of one oversized chunk) gets a one-off array that is not kept.
 *
 * <p>An array handed out may hold bytes of an earlier segment: callers expose only the ranges they
 * have filled. Thread-safe.
 */
final class SegmentBuffers {

  private final int bufferBytes;
  private final int maxIdle;
  private final ArrayDeque<byte[]> idle = new ArrayDeque<>();

  SegmentBuffers(int bufferBytes, int maxIdle) {
    if (bufferBytes <= 0 || maxIdle < 0) {
      throw new IllegalArgumentException("bufferBytes must be positive and maxIdle non-negative");
    }
    this.bufferBytes = bufferBytes;
    this.maxIdle = maxIdle;
  }

  /** An array of at least {@code minBytes} bytes, with unspecified contents. */
  byte[] take(int minBytes) {
    if (minBytes > bufferBytes) {
      return new byte[minBytes];
    }
    synchronized (idle) {
      byte[] buffer = idle.poll();
      if (buffer != null) {
        return buffer;
      }
    }
    return new byte[bufferBytes];
  }

  /** Returns an array from {@link #take} for reuse; the caller must not use it afterwards. */
  void give(byte[] buffer) {
    if (buffer.length != bufferBytes) {
      return;
    }
    synchronized (idle) {
      if (idle.size() < maxIdle) {
        idle.push(buffer);
      }
    }
  }

  /** Idle arrays held now (for tests). */
  int idleCount() {
    synchronized (idle) {
      return idle.size();
    }
  }
}
