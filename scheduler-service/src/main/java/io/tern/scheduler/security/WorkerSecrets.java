package io.tern.scheduler.security;

import java.util.Optional;

/**
 * The stored secrets of registered workers, as the worker protocol's filter chain checks them.
 * Implemented by the worker feature; security knows nothing else of it.
 */
public interface WorkerSecrets {

  /** The SHA-256 (hex) of the secret the worker with this id was given, if it is registered. */
  Optional<String> secretHash(long workerId);
}
