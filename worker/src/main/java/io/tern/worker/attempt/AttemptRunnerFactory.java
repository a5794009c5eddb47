package io.tern.worker.attempt;

import io.tern.protocol.Assignment;
import io.tern.worker.agent.AttemptStarter;
import io.tern.worker.agent.RunningAttempt;

/** Starts each assignment in its own {@link AttemptRunner}. */
public final class AttemptRunnerFactory implements AttemptStarter {

  private final AttemptServices services;

  /** @param services what the runners share */
  public AttemptRunnerFactory(AttemptServices services) {
    this.services = services;
  }

  @Override
  public RunningAttempt start(long workerId, Assignment assignment) {
    AttemptRunner runner = new AttemptRunner(workerId, assignment, services);
    runner.start();
    return runner;
  }
}
