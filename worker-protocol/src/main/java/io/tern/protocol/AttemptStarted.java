package io.tern.protocol;

/**
 * {@code POST /internal/v1/workers/{workerId}/attempts/{attemptId}/started}: the child JVM is up and
 * its state is ready (restored from {@code restoredFromSeq}, or fresh when that is null).
 * {@code restoreMillis}: time the worker spent fetching, verifying and decoding the image;
 * {@code restoredBytes}: logical bytes restored.
 */
public record AttemptStarted(Long restoredFromSeq, long restoreMillis, long restoredBytes, long step) {}
