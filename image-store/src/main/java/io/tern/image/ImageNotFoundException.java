package io.tern.image;

import java.io.IOException;

/** No manifest exists under the given key. */
public class ImageNotFoundException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String manifestKey;

  ImageNotFoundException(String manifestKey) {
    super("Checkpoint image " + manifestKey + " does not exist (no manifest object)");
    this.manifestKey = manifestKey;
  }

  /** The manifest key (relative to the storage prefix) that was looked up. */
  public String manifestKey() {
    return manifestKey;
  }
}
