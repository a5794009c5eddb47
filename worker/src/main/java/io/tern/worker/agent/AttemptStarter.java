package io.tern.worker.agent;

import io.tern.protocol.Assignment;

/** Starts an assigned attempt. Must return quickly: the attempt runs on its own threads. */
@FunctionalInterface
public interface AttemptStarter {

  /**
   * Starts {@code assignment} for the worker registered as {@code workerId}.
   *
   * @throws RuntimeException when the attempt cannot even be set up; the agent reports it FAILED
   */
  RunningAttempt start(long workerId, Assignment assignment);
}
