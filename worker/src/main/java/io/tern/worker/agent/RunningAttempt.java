package io.tern.worker.agent;

import io.tern.protocol.Heartbeat;
import java.util.concurrent.CompletableFuture;

/** What the agent sees of an attempt it started: enough to report it, stop it and learn when it is over. */
public interface RunningAttempt {

  /** The scheduler's id of the attempt. */
  long attemptId();

  /** Slots the attempt occupies. */
  int slots();

  /** The attempt as listed in the next heartbeat. */
  Heartbeat.AttemptStatus status();

  /** Stops the attempt on the scheduler's order; it is reported as KILLED. */
  void kill();

  /**
   * Checkpoints the attempt now (after a checkpoint in flight has committed), then stops it; it is
   * reported as KILLED. Repeated orders change nothing. Without a way to checkpoint, it is killed.
   */
  default void vacate() {
    kill();
  }

  /**
   * Stops the attempt without reporting it (this worker's registration is gone, or the worker is
   * shutting down): the process is killed and its directory deleted, nothing is sent to the scheduler.
   */
  void abandon();

  /** Completes when the attempt is over: its process has ended, it was reported (or abandoned) and its directory deleted. */
  CompletableFuture<Void> done();
}
