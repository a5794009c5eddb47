package io.tern.worker.artifact;

import java.io.IOException;

/**
 * An artifact could not be made available to a job: it is not in storage, or every download of it was
 * damaged, cut short or failed. The message says which artifact and why, for the scheduler and the user.
 */
public final class ArtifactFetchException extends IOException {

  ArtifactFetchException(String digest, String reason, Throwable cause) {
    super("artifact " + digest + " could not be fetched: " + reason, cause);
  }
}
