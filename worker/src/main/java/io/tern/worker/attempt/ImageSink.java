package io.tern.worker.attempt;

import io.tern.image.ImageDescriptor;
import io.tern.image.ImageWriteResult;
import io.tern.image.OutputSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** Where an attempt's checkpoint images are written and read back from. */
public interface ImageSink {

  /**
   * Writes the image {@code data} with the job's output files {@code outputs} under {@code manifestKey},
   * reusing what {@code previousManifestKey} (may be null) already stored and what recent writes for the
   * same {@code owner} stored (only the job's own writes when {@code owner} is null); returns once the
   * image is durable.
   */
  ImageWriteResult write(ImageDescriptor descriptor, String manifestKey, InputStream data, List<OutputSource> outputs,
      String previousManifestKey, String owner) throws IOException;

  /**
   * Recreates the output files of the image under {@code manifestKey} in the empty directory
   * {@code dir}, verified as they are read; returns the bytes written. A missing or damaged image,
   * or one whose paths cannot be recreated safely, fails with a {@link DamagedImageException}.
   */
  long restoreOutputs(String manifestKey, Path dir) throws IOException;

  /**
   * Opens the image under {@code manifestKey} for a restore, verified as it is read. A missing or
   * damaged image fails with a {@link DamagedImageException}, at once or while reading.
   */
  InputStream openForRestore(String manifestKey) throws IOException;
}
