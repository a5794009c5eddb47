package io.tern.worker.attempt;

import io.tern.image.ImageDescriptor;
import io.tern.image.ImageLayout;
import io.tern.image.OutputSource;
import io.tern.protocol.AttemptFinished;
import io.tern.sdk.internal.wire.OutputSection;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes a succeeded attempt's output files: the output section the child sent after the job's
 * last step (spooled in the attempt directory) is stored as an outputs image
 * ({@link ImageLayout#outputsManifestKey}: the files, an empty state) before the attempt's end is
 * reported, and the SUCCEEDED report names it. When the section did not arrive whole or cannot be
 * stored (after {@link #TRIES} tries), the attempt is reported FAILED with the reason, so that the
 * scheduler's retry policy runs the job again from its last checkpoint: a job never completes with
 * missing outputs.
 */
final class OutputsPublisher {

  /** Times storing the outputs image is tried. */
  static final int TRIES = 3;

  private OutputsPublisher() {}

  /**
   * The report for a SUCCEEDED ending {@code succeeded}: the same with the outputs manifest key once
   * the outputs are stored, else FAILED saying why.
   *
   * @param spool the spooled output section
   * @param outputBytes its length, -1 when it did not arrive whole
   * @param previousManifestKey the job's latest committed image (its file chunks are reused), or null
   */
  static AttemptFinished publish(AttemptFinished succeeded, ImageSink images, long jobId, int attemptNumber,
      long step, String owner, Path spool, long outputBytes, String previousManifestKey) {
    if (outputBytes < 0) {
      return new AttemptFinished(AttemptFinished.FAILED, null,
          "the job's output files did not reach the worker whole after its last step", succeeded.exitCode());
    }
    String key = ImageLayout.outputsManifestKey(jobId, attemptNumber);
    ImageDescriptor descriptor = new ImageDescriptor(jobId, attemptNumber, 0, step, ImageDescriptor.OUTPUTS_CODEC);
    IOException last = null;
    for (int tries = 1; tries <= TRIES; tries++) {
      try {
        images.write(descriptor, key, InputStream.nullInputStream(), outputsIn(spool, outputBytes),
            previousManifestKey, owner);
        return new AttemptFinished(AttemptFinished.SUCCEEDED, succeeded.resultJson(), null, succeeded.exitCode(), key);
      } catch (IOException e) {
        last = e;
      } catch (RuntimeException e) {
        last = new IOException(e.toString(), e);
      }
    }
    return new AttemptFinished(AttemptFinished.FAILED, null,
        "the job's output files could not be stored: " + last.getMessage(), succeeded.exitCode());
  }

  /** The files of the section in {@code spool}, each read from the spool when stored. */
  static List<OutputSource> outputsIn(Path spool, long outputBytes) throws IOException {
    if (outputBytes == 0) {
      return List.of();
    }
    List<OutputSource> outputs = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(spool, StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      for (OutputSection.Entry entry : OutputSection.read(channel, 0, outputBytes)) {
        outputs.add(new OutputSource(entry.path(), entry.size(), entry.mode(),
            () -> new BufferedInputStream(SpoolSlice.open(spool, entry.contentOffset(), entry.size()), 1 << 16)));
      }
    }
    return outputs;
  }
}
