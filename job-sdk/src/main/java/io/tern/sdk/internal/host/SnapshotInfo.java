package io.tern.sdk.internal.host;

/**
 * A completed snapshot.
 *
 * @param step the state is the one after this many steps
 * @param bytes bytes written to the sink (the image's logical size)
 * @param pauseNanos how long the job was paused, measured in the child
 * @param codecId the id of the codec that wrote the state
 */
public record SnapshotInfo(long step, long bytes, long pauseNanos, String codecId) {}
