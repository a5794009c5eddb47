package io.tern.scheduler.checkpoint;

/** Object keys of checkpoint manifests in the image store. */
public final class CheckpointKeys {

  private CheckpointKeys() {}

  /**
   * Key of the manifest of checkpoint {@code seq} of job {@code jobId}, relative to the storage
   * prefix.
   *
   * <p>Must stay equal to {@code io.tern.image.ImageStore.manifestKey(long, long)} in the
   * image-store module; it is built here so that the scheduler does not depend on the image-store
   * code in this slice. Switch to that method once the scheduler uses the image store (GC, forks).
   */
  public static String manifestKey(long jobId, long seq) {
    return String.format("jobs/%d/checkpoints/%010d.json", jobId, seq);
  }
}
