package io.tern.scheduler.checkpoint;

import java.util.Collection;

/**
 * Manifests besides checkpoints' whose chunks the chunk collector must keep (ADR 0008: stored
 * artifacts, and the previous versions uploads in progress reuse). The collector asks after its run
 * started, like it reads the retained checkpoints.
 */
public interface RetainedManifests {

  /** Keys (relative to the storage prefix) of manifests to keep the chunks of. */
  Collection<String> manifestKeys();
}
