package io.tern.image;

import java.util.Objects;

/**
 * What an image is: which job, which attempt made it, its checkpoint sequence number, the job step
 * it captures and the codec that encoded the state.
 *
 * @param jobId the job
 * @param attemptNumber the attempt (fencing epoch) that wrote the image
 * @param seq the checkpoint sequence number, per job, handed out by the scheduler
 * @param step the job step after which the state was captured
 * @param codecId the {@code StateCodec#id()} that encoded the state
 */
public record ImageDescriptor(long jobId, int attemptNumber, long seq, long step, String codecId) {

  /** The {@link #codecId()} of an artifact's manifest: the stored bytes are the artifact file itself. */
  public static final String ARTIFACT_CODEC = "tern-artifact";

  /**
   * The {@link #codecId()} of the manifest of a succeeded attempt's published output files: its state
   * is empty, its {@code files} are the job's output directory as the job left it.
   */
  public static final String OUTPUTS_CODEC = "tern-outputs";

  /** The descriptor of a stored artifact: no job, attempt, sequence or step (all 0). */
  public static ImageDescriptor artifact() {
    return new ImageDescriptor(0, 0, 0, 0, ARTIFACT_CODEC);
  }

  /** Validates the descriptor. */
  public ImageDescriptor {
    Objects.requireNonNull(codecId, "codecId");
    if (jobId < 0 || attemptNumber < 0 || seq < 0 || step < 0) {
      throw new IllegalArgumentException("jobId, attemptNumber, seq and step must not be negative");
    }
  }
}
