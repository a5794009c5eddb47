package io.tern.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Turns a job's state into a byte stream and back. Codecs stream: a 1 GiB state should never be
 * copied whole in memory. {@link Codecs} has fast built-ins for primitive arrays and simple values.
 *
 * <p>Implementations must not close the streams they are given.
 */
public interface StateCodec<S> {

  /** Writes {@code state} to {@code out}. */
  void encode(S state, OutputStream out) throws IOException;

  /** Reads a state previously written by {@link #encode}. */
  S decode(InputStream in) throws IOException;

  /** A stable name for the format, recorded in each image's manifest. */
  default String id() {
    return getClass().getName();
  }
}
