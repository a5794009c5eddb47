package io.tern.worker.attempt;

import io.tern.image.ImageDescriptor;
import io.tern.image.ImageWriteResult;
import java.io.IOException;
import java.io.InputStream;

/** Where an attempt's checkpoint images are written and read back from. */
public interface ImageSink {

  /**
   * Writes the image {@code data} under {@code manifestKey}, reusing what {@code previousManifestKey}
   * (may be null) already stored and what recent writes for the same {@code owner} stored (only the
   * job's own writes when {@code owner} is null); returns once the image is durable.
   */
  ImageWriteResult write(ImageDescriptor descriptor, String manifestKey, InputStream data, String previousManifestKey,
      String owner) throws IOException;

  /**
   * Opens the image under {@code manifestKey} for a restore, verified as it is read. A missing or
   * damaged image fails with a {@link DamagedImageException}, at once or while reading.
   */
  InputStream openForRestore(String manifestKey) throws IOException;
}
