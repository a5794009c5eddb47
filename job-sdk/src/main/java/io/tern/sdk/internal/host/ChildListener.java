package io.tern.sdk.internal.host;

/** Receives reports from a running child. Called on the child's reader thread: return quickly, don't block. */
public interface ChildListener {

  /** The child did {@code step} steps; {@code progress} is the job's own estimate in [0, 1] or NaN. */
  void onProgress(long step, double progress);

  /** A line the job wrote with {@code JobContext.log}. */
  default void onLog(String line) {}

  /** A listener that ignores everything. */
  static ChildListener ignoring() {
    return (step, progress) -> {};
  }
}
