package io.tern.scheduler.checkpoint;

/** Events that move a checkpoint through its lifecycle (see {@link CheckpointState#LIFECYCLE}). */
public enum CheckpointTrigger {
  /** The worker reports the image durable while its attempt is current. */
  COMMIT,
  /** The worker gave up, the attempt ended first, or the commit timeout passed. */
  ABORT,
  /** A worker's restore found the image missing or damaged. */
  CORRUPTION_FOUND,
  /** The collector removed the checkpoint's manifest: out of retention. */
  RETENTION_EXPIRED
}
