package io.tern.worker.attempt;

import io.tern.protocol.Assignment;
import java.io.IOException;
import java.nio.file.Path;

/** Launches the process of an attempt. */
@FunctionalInterface
public interface JobLauncher {

  /**
   * Launches a process for {@code assignment} in {@code attemptDir} and returns once it is ready to
   * be started; the job itself does not run yet.
   */
  JobProcess launch(Assignment assignment, Path attemptDir) throws IOException;
}
