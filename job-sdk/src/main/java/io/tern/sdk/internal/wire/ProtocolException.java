package io.tern.sdk.internal.wire;

import java.io.IOException;

/** The peer sent something the protocol does not allow. */
public class ProtocolException extends IOException {
  public ProtocolException(String message) {
    super(message);
  }
}
