package io.tern.sdk.internal.wire;

import java.io.EOFException;

/** The peer closed the channel (or the channel broke) before the expected frame arrived. */
public class ChannelClosedException extends EOFException {
  public ChannelClosedException(String message) {
    super(message);
  }

  /** True if {@code t} or one of its causes is a {@link ChannelClosedException}. */
  public static boolean isCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ChannelClosedException) {
        return true;
      }
    }
    return false;
  }
}
