package io.tern.sdk.internal.host;

/**
 * A completed snapshot.
 *
 * @param step the state is the one after this many steps
 * @param bytes bytes written to the sink (the image's logical size)
 * @param pauseNanos how long the job was paused, measured in the child
 * @param codecId the id of the codec that wrote the state
 * @param outputBytes how many of the {@code bytes} are the output section at their end
 *     ({@link io.tern.sdk.internal.wire.OutputSection}); the state is the bytes before it
 */
public record SnapshotInfo(long step, long bytes, long pauseNanos, String codecId, long outputBytes) {

  /** A snapshot without output files. */
  public SnapshotInfo(long step, long bytes, long pauseNanos, String codecId) {
    this(step, bytes, pauseNanos, codecId, 0);
  }

  /** Bytes of the state (envelope included): what a restore reads. */
  public long stateBytes() {
    return bytes - outputBytes;
  }
}
