package io.tern.image;

import java.io.IOException;

/**
 * A storage request failed: the endpoint is unreachable, the credentials are refused, the bucket is
 * missing, or the server answered with an error. Says nothing about the image's integrity; retrying
 * later may succeed.
 */
public class StorageException extends IOException {

  private static final long serialVersionUID = 1L;

  StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
