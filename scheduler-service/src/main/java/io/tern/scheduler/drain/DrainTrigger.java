package io.tern.scheduler.drain;

/** Events that move a drain through its lifecycle (see {@link DrainState#LIFECYCLE}). */
public enum DrainTrigger {
  /** No attempt the drain had to move is still on the worker. */
  ALL_MOVED,
  /** An operator cancelled the drain. */
  CANCEL
}
