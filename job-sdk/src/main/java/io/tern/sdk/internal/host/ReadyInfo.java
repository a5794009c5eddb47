package io.tern.sdk.internal.host;

/**
 * The child's job is in place and running.
 *
 * @param step the step the job starts from (0 on a fresh start, the snapshot's step on restore)
 * @param restoredBytes bytes of image the child read (0 on a fresh start)
 * @param restoreNanos time the child spent in {@code init} or in decoding the image
 */
public record ReadyInfo(long step, long restoredBytes, long restoreNanos) {}
