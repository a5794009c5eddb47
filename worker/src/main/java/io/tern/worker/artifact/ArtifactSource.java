package io.tern.worker.artifact;

import java.io.IOException;
import java.io.InputStream;

/** Where the {@link ArtifactCache} reads artifacts from (the image store in production). */
@FunctionalInterface
public interface ArtifactSource {

  /**
   * Opens the bytes of the artifact whose SHA-256 is {@code sha256Hex}. The cache checks the whole
   * content's SHA-256 and length itself; the stream may also fail on its own when it finds damage.
   *
   * @throws io.tern.image.ImageNotFoundException when storage holds no such artifact (not retried)
   */
  InputStream open(String sha256Hex) throws IOException;
}
