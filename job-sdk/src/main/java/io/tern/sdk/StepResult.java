package io.tern.sdk;

/** What a {@link CheckpointableJob#step} call tells the runtime. */
public enum StepResult {
  /** More work remains; the runtime calls {@code step} again (possibly after a snapshot). */
  CONTINUE,
  /** The job is finished; the runtime computes its result and ends the attempt successfully. */
  DONE
}
